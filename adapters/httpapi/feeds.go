package httpapi

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/footprint-hq/footprint/adapters/events/calendar"
)

// Calendar subscriptions: a person makes a secret, signed address of
// their personal calendar (Config.Calendars), which calendar apps fetch
// without the host's sign-in; subscribing again rotates it and deleting
// revokes it. The address answers with an ETag and a Last-Modified, and
// 304 to a client that has the current feed.

// feedAddress is the body of the /me/calendar-feed routes.
type feedAddress struct {
	// Href is the feed's address as a relative reference, resolved like a
	// Location against the URL of the request that answered it; give a
	// calendar app the absolute URL.
	Href      string    `json:"href"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
	Version   int64     `json:"version"`
}

// feedCacheControl lets only the subscriber's client keep a feed, for a
// quarter of an hour.
const feedCacheControl = "private, max-age=900"

func (h *handler) feedRoutes() {
	cals := h.cfg.Calendars
	address := func(r *http.Request, f *calendar.Feed, token string) feedAddress {
		return feedAddress{Href: relativeRef(r.URL.Path, "/calendar/"+token+".ics"),
			CreatedAt: f.CreatedAt, UpdatedAt: f.UpdatedAt, Version: f.Version}
	}
	h.handle("GET /me/calendar-feed", func(w http.ResponseWriter, r *http.Request, actor string) error {
		f, token, err := cals.Feed(r.Context(), actor)
		if err != nil {
			return err
		}
		w.Header().Set("Cache-Control", "no-store")
		return writeJSON(w, http.StatusOK, address(r, f, token))
	})
	h.handle("POST /me/calendar-feed", func(w http.ResponseWriter, r *http.Request, actor string) error {
		f, token, err := cals.Subscribe(r.Context(), actor)
		if err != nil {
			return err
		}
		w.Header().Set("Cache-Control", "no-store")
		return writeJSON(w, http.StatusOK, address(r, f, token))
	})
	h.handle("DELETE /me/calendar-feed", func(w http.ResponseWriter, r *http.Request, actor string) error {
		if err := cals.Revoke(r.Context(), actor); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	})
	h.public("GET /calendar/{token}", h.subscribedCalendar)
}

// subscribedCalendar answers GET /calendar/{token}.ics: the personal
// calendar of the token's person, for a calendar app.
func (h *handler) subscribedCalendar(w http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutSuffix(r.PathValue("token"), ".ics")
	if !ok {
		h.fail(w, r, calendar.ErrBadToken)
		return
	}
	f, err := h.cfg.Calendars.Resolve(r.Context(), token)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	events, err := h.personEvents(r.Context(), f.Person)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	doc, err := calendarDocument(h.personCalendarName(r.Context(), f.Person), events)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	modified := f.UpdatedAt
	for _, e := range events {
		if e.stamp.After(modified) {
			modified = e.stamp
		}
	}
	modified = modified.UTC().Truncate(time.Second)
	sum := sha256.Sum256(doc)
	tag := `"` + base64.RawURLEncoding.EncodeToString(sum[:16]) + `"`
	hd := w.Header()
	hd.Set("ETag", tag)
	hd.Set("Last-Modified", modified.Format(http.TimeFormat))
	hd.Set("Cache-Control", feedCacheControl)
	if notModified(r, tag, modified) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	hd.Set("Content-Type", calendarContentType)
	hd.Set("Content-Length", strconv.Itoa(len(doc)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(doc)
}

// notModified reports whether the client holds the current feed: its
// If-None-Match names tag (or is *), or, without If-None-Match, its
// If-Modified-Since is not before modified (RFC 9110, 13.1.3).
func notModified(r *http.Request, tag string, modified time.Time) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
			if t == tag || t == "*" {
				return true
			}
		}
		return false
	}
	since, err := http.ParseTime(r.Header.Get("If-Modified-Since"))
	return err == nil && !modified.After(since)
}
