package httpapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// seedFeeds gives the owner a calendar subscription; {feedToken} is its
// token.
func seedFeeds(w *world) {
	seedSprint(w)
	_, token, err := w.calendars.Subscribe(context.Background(), owner)
	require.NoError(w.t, err)
	w.ids["feedToken"] = token
}

var feedsMatrix = []matrixRow{
	{route: "GET /me/calendar-feed", path: "/me/calendar-feed", want: [5]int{200, 404, 404, 404, 401}},
	{route: "POST /me/calendar-feed", path: "/me/calendar-feed", want: all(200)},
	{route: "DELETE /me/calendar-feed", path: "/me/calendar-feed", want: [5]int{204, 404, 404, 404, 401}},
	// The address is the credential: whoever holds it, signed in or not.
	{route: "GET /calendar/{token}", path: "/calendar/{feedToken}.ics", want: [5]int{200, 200, 200, 200, 200}},
}

func TestFeedsAuthorizationMatrix(t *testing.T) {
	runMatrix(t, seedFeeds, feedsMatrix)
}

type feedAddress struct {
	Href    string
	Version int64
}

// A person subscribes a calendar app to their feed, which answers without
// sign-in, with validators; rotating and revoking end the address.
func TestCalendarSubscription(t *testing.T) {
	w := newWorld(t, withMentorship())
	seedSprint(w)
	seedMentoring(w)

	r := w.do(call{method: "GET", path: "/me/calendar-feed", as: owner})
	assert.Equal(t, 404, r.status, "no subscription yet")
	r = w.do(call{method: "POST", path: "/me/calendar-feed", as: owner})
	require.Equal(t, 200, r.status, "%s", r.body)
	assert.Equal(t, "no-store", r.header.Get("Cache-Control"))
	var addr feedAddress
	r.decode(t, &addr)
	at := w.resolve("/me/calendar-feed", addr.Href)
	assert.True(t, strings.HasPrefix(at, "/calendar/") && strings.HasSuffix(at, ".ics"), at)
	r = w.do(call{method: "GET", path: "/me/calendar-feed", as: owner})
	require.Equal(t, 200, r.status)
	var same feedAddress
	r.decode(t, &same)
	assert.Equal(t, addr, same, "the owner may read the address again")

	// A calendar app, without credentials.
	r = w.do(call{method: "GET", path: at, as: anonymous})
	require.Equal(t, 200, r.status, "%s", r.body)
	assert.Equal(t, "text/calendar; charset=utf-8", r.header.Get("Content-Type"))
	assert.Equal(t, "private, max-age=900", r.header.Get("Cache-Control"))
	tag, modified := r.header.Get("ETag"), r.header.Get("Last-Modified")
	require.NotEmpty(t, tag)
	_, err := http.ParseTime(modified)
	require.NoError(t, err, modified)
	cal, err := ics.ParseCalendar(strings.NewReader(string(r.body)))
	require.NoError(t, err)
	require.Len(t, cal.Events(), 2, "the same events as /people/ana/calendar.ics")
	assert.Contains(t, string(r.body), "REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n")
	assert.Contains(t, string(r.body), "X-PUBLISHED-TTL:PT1H\r\n")
	assert.Contains(t, string(r.body), "Mentoring meeting with Mia Mentor", "names from Config.DisplayName")
	_, direct := feed(t, w, "/people/ana/calendar.ics", owner)
	assert.Equal(t, string(direct), string(r.body))

	for name, h := range map[string]map[string]string{
		"If-None-Match":     {"If-None-Match": tag},
		"a list of tags":    {"If-None-Match": `"other", ` + tag},
		"If-Modified-Since": {"If-Modified-Since": modified},
	} {
		r = w.do(call{method: "GET", path: at, as: anonymous, header: h})
		assert.Equal(t, 304, r.status, name)
		assert.Empty(t, r.body, name)
	}
	for name, h := range map[string]map[string]string{
		"another tag":    {"If-None-Match": `"other"`},
		"an older date":  {"If-Modified-Since": time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Format(http.TimeFormat)},
		"a tag wins":     {"If-None-Match": `"other"`, "If-Modified-Since": modified},
		"a bad date too": {"If-Modified-Since": "yesterday"},
	} {
		r = w.do(call{method: "GET", path: at, as: anonymous, header: h})
		assert.Equal(t, 200, r.status, name)
	}

	// Forged and rotated addresses answer 404, like any unknown one.
	for _, path := range []string{
		strings.TrimSuffix(at, ".ics"),
		strings.Replace(at, ".ics", "x.ics", 1),
		"/calendar/YmVu.01ARZ3NDEKTSV4RRFFQ69G5FAV.c2lnbmF0dXJl.ics",
	} {
		r = w.send(call{method: "GET", path: path, as: anonymous})
		assert.Equal(t, 404, r.status, path)
	}
	r = w.do(call{method: "POST", path: "/me/calendar-feed", as: owner})
	require.Equal(t, 200, r.status)
	var rotated feedAddress
	r.decode(t, &rotated)
	assert.NotEqual(t, addr.Href, rotated.Href)
	assert.Equal(t, int64(2), rotated.Version)
	r = w.do(call{method: "GET", path: at, as: anonymous})
	assert.Equal(t, 404, r.status, "rotated away")
	now := w.resolve("/me/calendar-feed", rotated.Href)
	r = w.do(call{method: "GET", path: now, as: anonymous})
	assert.Equal(t, 200, r.status)

	r = w.do(call{method: "DELETE", path: "/me/calendar-feed", as: owner})
	assert.Equal(t, 204, r.status)
	r = w.do(call{method: "GET", path: now, as: anonymous})
	assert.Equal(t, 404, r.status, "revoked")
	r = w.do(call{method: "DELETE", path: "/me/calendar-feed", as: owner})
	assert.Equal(t, 404, r.status)
}
