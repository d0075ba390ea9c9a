package httpapi_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/adapters/httpapi"
	"github.com/footprint-hq/footprint/okr"
)

type feedEvent struct {
	Seq      int64           `json:"seq"`
	ID       string          `json:"id"`
	Type     string          `json:"type"`
	Actor    string          `json:"actor"`
	Subjects []string        `json:"subjects"`
	Payload  json.RawMessage `json:"payload"`
}

type feedPage struct {
	Items []feedEvent `json:"items"`
	Next  string      `json:"next"`
	More  bool        `json:"more"`
}

// checkedIn makes a goal of owner with visibility v, an objective, and one
// check-in, through the service, and returns the goal.
func (w *world) checkedIn(v okr.Visibility, title string) *okr.Goal {
	w.t.Helper()
	ctx := context.Background()
	g, err := w.okr.CreateGoal(ctx, owner, okr.GoalInput{Title: title, Visibility: v})
	require.NoError(w.t, err)
	start, target := 0.0, 10.0
	o, err := w.okr.CreateObjective(ctx, owner, okr.ObjectiveInput{GoalID: g.ID, ObjectiveSpec: okr.ObjectiveSpec{
		Title: title, KeyResults: []okr.KeyResultInput{{Title: "done", Kind: okr.Increase, Start: &start, Target: &target}}}})
	require.NoError(w.t, err)
	value, conf := 3.0, 7
	_, err = w.okr.CheckIn(ctx, owner, o.ID, o.KeyResults[0].ID, okr.CheckInInput{Value: &value, Confidence: &conf, Note: title})
	require.NoError(w.t, err)
	return g
}

// feed reads the whole feed of person, page by page of size limit.
func (w *world) feed(person string, limit int) []feedEvent {
	w.t.Helper()
	var all []feedEvent
	after := "0"
	for range 100 {
		r := w.do(call{method: "GET", path: "/events?after=" + after + "&limit=" + strconv.Itoa(limit), as: person})
		require.Equal(w.t, http.StatusOK, r.status, "body: %s", r.body)
		var p feedPage
		r.decode(w.t, &p)
		all = append(all, p.Items...)
		if !p.More {
			return all
		}
		assert.NotEmpty(w.t, r.header.Get("Link"))
		after = p.Next
	}
	w.t.Fatal("the feed does not end")
	return nil
}

func notes(events []feedEvent) []string {
	var out []string
	for _, e := range events {
		if e.Type == "okr.checkin.recorded" {
			var p struct{ GoalID string }
			_ = json.Unmarshal(e.Payload, &p)
			out = append(out, p.GoalID)
		}
	}
	return out
}

func TestFeedShowsOnlyWhatTheReaderMaySee(t *testing.T) {
	w := newWorld(t)
	private := w.checkedIn(okr.VisibilityPrivate, "private")
	shared := w.checkedIn(okr.VisibilityCompany, "shared")
	withMentor := w.checkedIn(okr.VisibilityMentor, "mentor")

	assert.Equal(t, []string{private.ID, shared.ID, withMentor.ID}, notes(w.feed(owner, 1)), "the owner sees all her events")
	assert.Equal(t, []string{shared.ID, withMentor.ID}, notes(w.feed(mentor, 100)), "her mentor sees the shared and the mentor goals")
	assert.Equal(t, []string{shared.ID}, notes(w.feed(other, 2)), "anyone else sees the shared goal only")
	for _, e := range w.feed(other, 100) {
		assert.NotContains(t, string(e.Payload), private.ID)
		assert.NotContains(t, string(e.Payload), withMentor.ID)
	}

	// A goal made private hides its past events from everyone else at once.
	_, err := w.okr.UpdateGoal(context.Background(), owner, shared.ID, 0, okr.GoalChanges{Visibility: ptr(okr.VisibilityPrivate)})
	require.NoError(t, err)
	assert.Empty(t, notes(w.feed(other, 100)))
	assert.Equal(t, []string{withMentor.ID}, notes(w.feed(mentor, 100)))
	assert.Len(t, notes(w.feed(owner, 100)), 3)
}

func TestFeedRefusesBadParameters(t *testing.T) {
	w := newWorld(t)
	for _, q := range []string{"after=-1", "after=x", "limit=0", "limit=1001", "after=1.5"} {
		r := w.send(call{method: "GET", path: "/events?" + q, as: owner})
		assert.Equal(t, http.StatusBadRequest, r.status, q)
	}
	r := w.send(call{method: "GET", path: "/events"})
	assert.Equal(t, http.StatusUnauthorized, r.status)
}

func TestFeedTypesFilter(t *testing.T) {
	w := newWorld(t)
	w.checkedIn(okr.VisibilityCompany, "shared")
	r := w.do(call{method: "GET", path: "/events?types=okr.checkin.recorded", as: other})
	var p feedPage
	r.decode(t, &p)
	require.Len(t, p.Items, 1)
	assert.Equal(t, "okr.checkin.recorded", p.Items[0].Type)
	assert.Equal(t, []string{owner}, p.Items[0].Subjects)
}

// readSSE reads Server-Sent Events messages from r until n arrived.
func readSSE(t *testing.T, sc *bufio.Scanner, n int) (ids []string, types []string) {
	t.Helper()
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "id: "):
			ids = append(ids, strings.TrimPrefix(line, "id: "))
		case strings.HasPrefix(line, "event: "):
			types = append(types, strings.TrimPrefix(line, "event: "))
		case strings.HasPrefix(line, "data: "):
			var e feedEvent
			require.NoError(t, json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &e))
			assert.Equal(t, ids[len(ids)-1], strconv.FormatInt(e.Seq, 10))
		}
		if line == "" && len(ids) == n {
			return ids, types
		}
	}
	require.NoError(t, sc.Err())
	t.Fatalf("the stream ended after %d of %d events", len(ids), n)
	return nil, nil
}

func TestEventStreamIsLiveAndResumes(t *testing.T) {
	w := newWorld(t)
	srv := httptest.NewServer(w.api)
	t.Cleanup(srv.Close) // after the streams' own cleanups close them
	open := func(person, lastID string) (*http.Response, *bufio.Scanner) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		t.Cleanup(cancel)
		req, err := http.NewRequestWithContext(ctx, "GET", srv.URL+"/events/stream", nil)
		require.NoError(t, err)
		req.Header.Set(personHeader, person)
		if lastID != "" {
			req.Header.Set("Last-Event-ID", lastID)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		t.Cleanup(func() { resp.Body.Close() })
		require.Equal(t, http.StatusOK, resp.StatusCode)
		assert.Equal(t, "text/event-stream", resp.Header.Get("Content-Type"))
		assert.Equal(t, "no-cache", resp.Header.Get("Cache-Control"))
		return resp, bufio.NewScanner(resp.Body)
	}

	w.checkedIn(okr.VisibilityCompany, "before")
	_, sc := open(other, "")
	ids, types := readSSE(t, sc, 1)
	assert.Equal(t, []string{"okr.checkin.recorded"}, types, "what was there before the stream opened")

	// A private check-in never reaches the stream of another person; the
	// shared one after it arrives live.
	w.checkedIn(okr.VisibilityPrivate, "private")
	w.checkedIn(okr.VisibilityCompany, "after")
	more, _ := readSSE(t, sc, 1)
	ownerSeqs := notes(w.feed(owner, 100))
	require.Len(t, ownerSeqs, 3)
	last, _ := strconv.ParseInt(more[0], 10, 64)
	first, _ := strconv.ParseInt(ids[0], 10, 64)
	assert.Greater(t, last, first)

	// Reconnecting with Last-Event-ID gets exactly what came after it.
	_, sc2 := open(owner, ids[0])
	resumed, types2 := readSSE(t, sc2, 2)
	assert.Equal(t, []string{"okr.checkin.recorded", "okr.checkin.recorded"}, types2)
	assert.Equal(t, more[0], resumed[1])
	for _, id := range resumed {
		n, _ := strconv.ParseInt(id, 10, 64)
		assert.Greater(t, n, first)
	}
}

func TestEventStreamRefusesBadLastEventID(t *testing.T) {
	w := newWorld(t)
	assert.Equal(t, http.StatusUnauthorized, w.do(call{method: "GET", path: "/events/stream"}).status)
	r := w.send(call{method: "GET", path: "/events/stream", as: owner, header: map[string]string{"Last-Event-ID": "nope"}})
	assert.Equal(t, http.StatusBadRequest, r.status)
}

// TestEventStreamOutlivesWriteTimeout runs the stream on a server whose
// WriteTimeout is far shorter than the stream's life: the stream sets its
// own write deadline as it goes, so heartbeats keep arriving after the
// server's timeout has passed.
func TestEventStreamOutlivesWriteTimeout(t *testing.T) {
	w := newWorld(t, func(c *httpapi.Config, _ *world) { c.FeedHeartbeat = 100 * time.Millisecond })
	srv := httptest.NewUnstartedServer(w.api)
	srv.Config.WriteTimeout = 300 * time.Millisecond
	srv.Start()
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", srv.URL+"/events/stream", nil)
	require.NoError(t, err)
	req.Header.Set(personHeader, owner)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	start := time.Now()
	sc := bufio.NewScanner(resp.Body)
	late := 0
	for sc.Scan() {
		if sc.Text() == ": keep-alive" && time.Since(start) > 3*srv.Config.WriteTimeout {
			late++
			if late == 3 {
				break
			}
		}
	}
	require.NoError(t, sc.Err(), "the stream broke")
	assert.Equal(t, 3, late, "heartbeats long after the server's WriteTimeout")
}
