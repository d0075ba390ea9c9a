package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/footprint-hq/footprint/adapters/events"
	"github.com/footprint-hq/footprint/storage"
)

// The change feed: GET /events pages through what the caller may see of
// the store's event log, and GET /events/stream sends the same events live
// as Server-Sent Events. Both read the log after a Seq; an event is shown
// to a person it names, or, when it is open to everyone, to anyone who may
// still see the object it is about (okr.Service.SeesScope for goals).

// DefaultFeedPoll is how often an event stream reads the log for new
// events when Config.FeedPoll is zero.
const DefaultFeedPoll = time.Second

// DefaultFeedHeartbeat is how often an idle event stream sends a comment,
// so that proxies keep it open, when Config.FeedHeartbeat is zero.
const DefaultFeedHeartbeat = 15 * time.Second

// StreamWriteGrace is how long, beyond two heartbeats, an event stream
// waits for a client to take what it writes before it ends the stream.
// The stream sets this write deadline itself, so it runs on servers with a
// WriteTimeout shorter than its life.
const StreamWriteGrace = 10 * time.Second

// feedEvent is an event as the feed shows it: its audience stays inside.
type feedEvent struct {
	Seq      int64           `json:"seq"`
	ID       string          `json:"id"`
	Type     string          `json:"type"`
	Schema   int             `json:"schema"`
	At       time.Time       `json:"at"`
	Actor    string          `json:"actor"`
	Subjects []string        `json:"subjects"`
	Payload  json.RawMessage `json:"payload"`
}

func feedEventOf(e storage.Event) feedEvent {
	if e.Subjects == nil {
		e.Subjects = []string{}
	}
	return feedEvent{Seq: e.Seq, ID: e.ID, Type: e.Type, Schema: e.Schema, At: e.At, Actor: e.Actor, Subjects: e.Subjects, Payload: e.Payload}
}

// feedPage is the body of GET /events.
type feedPage struct {
	Items []feedEvent `json:"items"`
	// Next is the after of the next request, as a string like a cursor.
	Next string `json:"next"`
	More bool   `json:"more"`
}

func (h *handler) eventRoutes() {
	h.handle("GET /events", h.listEvents)
	h.handle("GET /events/stream", h.streamEvents)
}

// scope is the scope check of the feed: okr's, when it is configured.
func (h *handler) scope() events.ScopeFunc {
	byPackage := map[string]events.ScopeFunc{}
	if h.cfg.OKR != nil {
		byPackage["okr"] = h.cfg.OKR.SeesScope
	}
	return events.Scopes(byPackage)
}

// feedQuery reads ?after=, ?limit= and ?types= of a feed request.
func feedQuery(r *http.Request, defaultLimit int) (after int64, limit int, types []string, err error) {
	q := r.URL.Query()
	if s := q.Get("after"); s != "" {
		if after, err = strconv.ParseInt(s, 10, 64); err != nil || after < 0 {
			return 0, 0, nil, problemf(kindInvalidParameter, "after must be the seq of an event (a whole number from 0), such as the next of the previous page")
		}
	}
	limit = defaultLimit
	if s := q.Get("limit"); s != "" {
		if limit, err = strconv.Atoi(s); err != nil || limit < 1 || limit > storage.MaxEventsRead {
			return 0, 0, nil, problemf(kindInvalidParameter, "limit must be a whole number from 1 to %d", storage.MaxEventsRead)
		}
	}
	if s := q.Get("types"); s != "" {
		for _, t := range strings.Split(s, ",") {
			if t = strings.TrimSpace(t); t != "" {
				types = append(types, t)
			}
		}
	}
	return after, limit, types, nil
}

func (h *handler) listEvents(w http.ResponseWriter, r *http.Request, actor string) error {
	after, limit, types, err := feedQuery(r, 100)
	if err != nil {
		return err
	}
	p, err := events.Feed(r.Context(), h.cfg.Events, actor, after, limit, types, h.scope())
	if err != nil {
		return err
	}
	out := feedPage{Items: make([]feedEvent, len(p.Events)), Next: strconv.FormatInt(p.Next, 10), More: p.More}
	for i, e := range p.Events {
		out.Items[i] = feedEventOf(e)
	}
	if p.More {
		q := r.URL.Query()
		q.Set("after", out.Next)
		w.Header().Set("Link", "<?"+q.Encode()+`>; rel="next"`)
	}
	return writeJSON(w, http.StatusOK, out)
}

// streamEvents sends the caller's feed as Server-Sent Events, from after
// (or the Last-Event-ID a reconnecting client sends), until the client
// goes away: each event as "id: <seq>", "event: <type>" and "data: <the
// event's JSON>", read from the log every FeedPoll, with a comment line
// every FeedHeartbeat when nothing happens.
func (h *handler) streamEvents(w http.ResponseWriter, r *http.Request, actor string) error {
	after, _, types, err := feedQuery(r, 100)
	if err != nil {
		return err
	}
	if id := r.Header.Get("Last-Event-ID"); id != "" {
		if after, err = strconv.ParseInt(id, 10, 64); err != nil || after < 0 {
			return problemf(kindInvalidParameter, "Last-Event-ID must be the id of an event of this stream")
		}
	}
	poll, beat := h.cfg.FeedPoll, h.cfg.FeedHeartbeat
	if poll <= 0 {
		poll = DefaultFeedPoll
	}
	if beat <= 0 {
		beat = DefaultFeedHeartbeat
	}
	ctx := r.Context()
	scope := h.scope()
	// Read once before answering, so that a log that cannot be read is a
	// problem, not a stream that breaks at once.
	p, err := events.Feed(ctx, h.cfg.Events, actor, after, storage.MaxEventsRead, types, scope)
	if err != nil {
		return err
	}
	rc := http.NewResponseController(w)
	// A stream outlives the server's WriteTimeout: each round of writes
	// gets its own deadline instead, long enough for a heartbeat, so a
	// client that stops reading ends its stream and frees the handler.
	extend := func() { _ = rc.SetWriteDeadline(time.Now().Add(2*beat + StreamWriteGrace)) }
	extend()
	hd := w.Header()
	hd.Set("Content-Type", "text/event-stream")
	hd.Set("Cache-Control", "no-cache")
	hd.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	if _, err := fmt.Fprintf(w, "retry: %d\n\n", poll.Milliseconds()); err != nil {
		return nil
	}
	ticker := time.NewTicker(poll)
	defer ticker.Stop()
	idle := time.Duration(0)
	for {
		for _, e := range p.Events {
			data, err := json.Marshal(feedEventOf(e))
			if err != nil {
				return nil // the answer has started: nothing more to say
			}
			if _, err := fmt.Fprintf(w, "id: %d\nevent: %s\ndata: %s\n\n", e.Seq, e.Type, data); err != nil {
				return nil
			}
			idle = 0
		}
		after = p.Next
		extend()
		if idle >= beat {
			if _, err := fmt.Fprint(w, ": keep-alive\n\n"); err != nil {
				return nil
			}
			idle = 0
		}
		if err := rc.Flush(); err != nil {
			return nil
		}
		if !p.More { // else the log holds more: read on at once
			select {
			case <-ctx.Done():
				return nil
			case <-ticker.C:
				idle += poll
			}
		}
		if p, err = events.Feed(ctx, h.cfg.Events, actor, after, storage.MaxEventsRead, types, scope); err != nil {
			if ctx.Err() == nil {
				h.log.ErrorContext(ctx, "httpapi: event stream", "error", err)
			}
			return nil
		}
	}
}
