package httpapi_test

import (
	"bytes"
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/adapters/httpapi"
	"github.com/footprint-hq/footprint/mentorship"
	"github.com/footprint-hq/footprint/sprint"
)

// withMentorship serves mentorship from the world's store.
func withMentorship() worldOption {
	return func(c *httpapi.Config, w *world) {
		c.Mentorship = mentorship.NewService(w.store, mentorship.WithClock(func() time.Time { return now }), mentorship.WithCadence(14))
	}
}

// seedMentoring makes mia ana's chosen mentor, meeting every 14 days;
// they met today, June 15, so the next meeting is due on June 29. The
// relation is fixture rMia.
func seedMentoring(w *world) {
	t, ctx := w.t, context.Background()
	svc := mentorship.NewService(w.store, mentorship.WithClock(func() time.Time { return now }), mentorship.WithCadence(14))
	_, err := svc.Volunteer(ctx, mentor, mentorship.ProfileInput{Capacity: ptr(2), Expertise: []string{"agile"}})
	require.NoError(t, err)
	rel, err := svc.Request(ctx, owner, mentorship.RequestInput{Mentor: mentor, Message: "Would you?"})
	require.NoError(t, err)
	_, err = svc.Accept(ctx, mentor, rel.ID, 0, mentorship.AnswerInput{})
	require.NoError(t, err)
	_, err = svc.RecordMeeting(ctx, owner, rel.ID, mentorship.MeetingInput{At: now,
		DurationMinutes: 45, Notes: secret + " meeting notes"})
	require.NoError(t, err)
	w.ids["rMia"] = rel.ID
}

// feed fetches a calendar feed as person and checks what every feed must
// hold: its media type, CRLF line ends, lines of at most 75 octets and a
// document golang-ical parses.
func feed(t *testing.T, w *world, path, person string) (*ics.Calendar, []byte) {
	t.Helper()
	r := w.do(call{method: "GET", path: w.expand(path), as: person})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	assert.Equal(t, "text/calendar; charset=utf-8", r.header.Get("Content-Type"))
	body := r.body
	require.True(t, bytes.HasSuffix(body, []byte("\r\n")), "the feed ends with CRLF")
	assert.Equal(t, bytes.Count(body, []byte("\n")), bytes.Count(body, []byte("\r\n")), "every line ends with CRLF")
	assert.Equal(t, bytes.Count(body, []byte("\r")), bytes.Count(body, []byte("\r\n")), "no CR outside a line end")
	for _, line := range strings.Split(strings.TrimSuffix(string(body), "\r\n"), "\r\n") {
		assert.LessOrEqual(t, len(line), 75, "line %q is longer than 75 octets", line)
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(body))
	require.NoError(t, err)
	return cal, body
}

// eventsByUID indexes the events of a calendar by UID.
func eventsByUID(cal *ics.Calendar) map[string]*ics.VEvent {
	m := map[string]*ics.VEvent{}
	for _, e := range cal.Events() {
		m[e.Id()] = e
	}
	return m
}

func prop(e *ics.VEvent, p ics.ComponentProperty) string {
	if v := e.GetProperty(p); v != nil {
		return v.Value
	}
	return ""
}

func uids(cal *ics.Calendar) []string {
	var out []string
	for _, e := range cal.Events() {
		out = append(out, e.Id())
	}
	slices.Sort(out)
	return out
}

func TestSprintCalendarFeed(t *testing.T) {
	w := newWorld(t)
	seedSprint(w)
	// A long title with multi-byte letters and text that needs escaping
	// makes the writer fold and escape.
	long := "Brainfood: Müller über Plattformen, Teams; und die Zukunft der Lernkultur – ein Abend voller Fragen"
	start := time.Date(2026, time.June, 24, 16, 30, 0, 0, time.UTC)
	a, err := w.sprint.AddActivity(context.Background(), mentor, w.ids["sActive"], sprint.ActivityInput{
		TopicID: w.ids["tActive"], Kind: sprint.Classroom, Title: long, Host: "Ada", Start: &start, Minutes: 90,
		Description: "Line one\r\nLine two\rLine three\x07", Link: "https://example.com/room?a=1&b=2"})
	require.NoError(t, err)

	cal, body := feed(t, w, "/sprints/{sActive}/calendar.ics", other)
	assert.Contains(t, string(body), "\r\n ", "the long title is folded")
	assert.Equal(t, []string{w.ids["aTalk"] + "@activity.footprint", a.ID + "@activity.footprint"}, uids(cal),
		"scheduled activities only: the self-paced one is left out")
	events := eventsByUID(cal)

	talk := events[w.ids["aTalk"]+"@activity.footprint"]
	assert.Equal(t, "Brainfood: platform teams", prop(talk, ics.ComponentPropertySummary))
	got, err := talk.GetStartAt()
	require.NoError(t, err)
	assert.Equal(t, sprintTalkStart, got.UTC())
	end, err := talk.GetEndAt()
	require.NoError(t, err)
	assert.Equal(t, sprintTalkStart.Add(time.Hour), end.UTC())
	assert.Equal(t, "CONFIRMED", prop(talk, ics.ComponentPropertyStatus))
	assert.Equal(t, "https://example.com/talk", prop(talk, ics.ComponentPropertyUrl))
	assert.Contains(t, prop(talk, ics.ComponentPropertyDescription), "Host: An invited speaker (external)")

	mine := events[a.ID+"@activity.footprint"]
	assert.Equal(t, long, prop(mine, ics.ComponentPropertySummary), "folding and escaping are undone by a parser")
	assert.Contains(t, prop(mine, ics.ComponentPropertyDescription), "Line one\nLine two\nLine three")
	assert.NotContains(t, prop(mine, ics.ComponentPropertyDescription), "\x07")
	assert.Equal(t, "https://example.com/room?a=1&b=2", prop(mine, ics.ComponentPropertyUrl))

	// A second request answers the same feed, with the same UIDs.
	again, body2 := feed(t, w, "/sprints/{sActive}/calendar.ics", owner)
	assert.Equal(t, uids(cal), uids(again))
	assert.Equal(t, body, body2)

	// A planned sprint's events are tentative; a cancelled one's cancelled.
	_, err = w.sprint.AddActivity(context.Background(), mentor, w.ids["sPlan"], sprint.ActivityInput{
		TopicID: w.ids["tPlan"], Kind: sprint.Keynote, Title: "Kickoff", Start: &start, Minutes: 30})
	require.NoError(t, err)
	planned, _ := feed(t, w, "/sprints/{sPlan}/calendar.ics", other)
	require.Len(t, planned.Events(), 1)
	assert.Equal(t, "TENTATIVE", prop(planned.Events()[0], ics.ComponentPropertyStatus))
	_, err = w.sprint.Transition(context.Background(), mentor, w.ids["sPlan"], 0, sprint.Cancelled)
	require.NoError(t, err)
	cancelled, _ := feed(t, w, "/sprints/{sPlan}/calendar.ics", other)
	require.Len(t, cancelled.Events(), 1)
	assert.Equal(t, planned.Events()[0].Id(), cancelled.Events()[0].Id())
	assert.Equal(t, "CANCELLED", prop(cancelled.Events()[0], ics.ComponentPropertyStatus))

	// A link that would break a content line is left out of the feed.
	injected := "http://example.com/a\r\nX-INJECTED:1"
	_, err = w.sprint.UpdateActivity(context.Background(), mentor, w.ids["aTalk"], 0, sprint.ActivityChanges{Link: &injected})
	require.Error(t, err, "the service refuses such a link")
	_, err = w.store.UpdateActivity(context.Background(), w.ids["aTalk"], 0, func(a *sprint.Activity) error { a.Link = injected; return nil })
	require.NoError(t, err, "a store written to by other means may still hold one")
	cal, body = feed(t, w, "/sprints/{sActive}/calendar.ics", other)
	assert.NotContains(t, string(body), "X-INJECTED")
	assert.Empty(t, prop(eventsByUID(cal)[w.ids["aTalk"]+"@activity.footprint"], ics.ComponentPropertyUrl))

	r := w.do(call{method: "GET", path: "/sprints/01ARZ3NDEKTSV4RRFFQ69G5FAV/calendar.ics", as: other})
	assert.Equal(t, http.StatusNotFound, r.status)
}

func TestPersonCalendarFeed(t *testing.T) {
	w := newWorld(t, withMentorship())
	seedSprint(w)
	seedMentoring(w)
	meeting := w.ids["rMia"] + "@mentoring.footprint"
	talk := w.ids["aTalk"] + "@activity.footprint"

	cal, body := feed(t, w, "/people/ana/calendar.ics", owner)
	require.Len(t, cal.Events(), 2)
	assert.Equal(t, []string{talk, meeting}, []string{cal.Events()[0].Id(), cal.Events()[1].Id()},
		"the keynote ana enrolled in (June 20), then the meeting due (June 29); not the activity of the sprint in review, nor the self-paced one")
	assert.NotContains(t, string(body), secret, "meeting notes stay out of the feed")
	m := eventsByUID(cal)[meeting]
	due, err := m.GetAllDayStartAt()
	require.NoError(t, err)
	assert.Equal(t, "2026-06-29", due.Format(time.DateOnly))
	assert.Contains(t, prop(m, ics.ComponentPropertyDescription), "every 14 days. You last met on 2026-06-15.")
	assert.Contains(t, m.GetProperty(ics.ComponentPropertyDtStart).ICalParameters["VALUE"], "DATE", "an all-day event")
	assert.Equal(t, "Mentoring meeting with Mia Mentor", prop(m, ics.ComponentPropertySummary), "named by Config.DisplayName")
	assert.Equal(t, "TRANSPARENT", prop(m, ics.ComponentPropertyTransp))

	// The mentor sees the same meeting, under the same UID, and no
	// activity: she enrolled in none.
	mia, _ := feed(t, w, "/people/mia/calendar.ics", mentor)
	assert.Equal(t, []string{meeting}, uids(mia))
	assert.Equal(t, "Mentoring meeting with ana", prop(mia.Events()[0], ics.ComponentPropertySummary))

	again, body2 := feed(t, w, "/people/ana/calendar.ics", owner)
	assert.Equal(t, uids(cal), uids(again), "UIDs are stable across requests")
	assert.Equal(t, body, body2)

	// Cancelling the enrolment takes the keynote out.
	_, err = w.sprint.CancelEnrolment(context.Background(), owner, w.ids["aTalk"])
	require.NoError(t, err)
	cal, _ = feed(t, w, "/people/ana/calendar.ics", owner)
	assert.Equal(t, []string{meeting}, uids(cal))

	for _, p := range []string{mentor, other, facilitator} {
		r := w.do(call{method: "GET", path: "/people/ana/calendar.ics", as: p})
		assert.Equal(t, http.StatusForbidden, r.status, "%s reads ana's calendar", p)
		assert.NotContains(t, string(r.body), "BEGIN:VCALENDAR")
	}
}

// TestPersonCalendarWithoutMentorship serves the activities alone when the
// host configured no mentorship service, and the meetings alone without
// the sprint service.
func TestPersonCalendarWithoutMentorship(t *testing.T) {
	w := newWorld(t)
	seedSprint(w)
	cal, _ := feed(t, w, "/people/ana/calendar.ics", owner)
	assert.Equal(t, []string{w.ids["aTalk"] + "@activity.footprint"}, uids(cal))

	w = newWorld(t, withMentorship(), withConfig(func(c *httpapi.Config) { c.Sprint = nil }))
	seedMentoring(w)
	cal, _ = feed(t, w, "/people/mia/calendar.ics", mentor)
	assert.Equal(t, []string{w.ids["rMia"] + "@mentoring.footprint"}, uids(cal))
	assert.Contains(t, httpapi.Routes(w.api), "GET /people/{person}/calendar.ics")
	assert.NotContains(t, httpapi.Routes(w.api), "GET /sprints/{sprint}/calendar.ics")
	assert.ElementsMatch(t, httpapi.Routes(w.api), documentRoutes(t, w))
}

// A planned session shows in both calendars, with its agenda, instead of
// the due date; cancelling it brings the due date back.
func TestPlannedSessionInCalendars(t *testing.T) {
	w := newWorld(t, withMentorship())
	seedMentoring(w)
	rel := "/relations/" + w.ids["rMia"]
	r := w.do(call{method: "POST", path: rel + "/session", as: mentor, body: `{"at":"2026-06-18T14:00:00Z","minutes":45,"agenda":["Talk outline","Next conference"]}`})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	var got struct {
		Planned struct {
			At      string
			Minutes int
			Agenda  []struct{ Text, StepID string }
		}
	}
	r.decode(t, &got)
	assert.Equal(t, "2026-06-18T14:00:00Z", got.Planned.At)
	require.Len(t, got.Planned.Agenda, 2)
	assert.Equal(t, "Talk outline", got.Planned.Agenda[0].Text)

	session := w.ids["rMia"] + "@session.footprint"
	for _, as := range []string{owner, mentor} {
		cal, _ := feed(t, w, "/people/"+as+"/calendar.ics", as)
		e := eventsByUID(cal)[session]
		require.NotNil(t, e, as)
		start, err := e.GetStartAt()
		require.NoError(t, err)
		assert.Equal(t, "2026-06-18T14:00:00Z", start.UTC().Format(time.RFC3339))
		end, err := e.GetEndAt()
		require.NoError(t, err)
		assert.Equal(t, 45*time.Minute, end.Sub(start))
		assert.Contains(t, prop(e, ics.ComponentPropertyDescription), "Agenda:\n- Talk outline\n- Next conference")
		assert.Nil(t, eventsByUID(cal)[w.ids["rMia"]+"@mentoring.footprint"], "the session replaces the due date")
	}

	r = w.send(call{method: "POST", path: rel + "/session", as: owner, body: `{"at":"2026-06-01T14:00:00Z"}`})
	assert.Equal(t, http.StatusUnprocessableEntity, r.status, "in the past")
	r = w.do(call{method: "DELETE", path: rel + "/session", as: owner})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	cal, _ := feed(t, w, "/people/ana/calendar.ics", owner)
	assert.Nil(t, eventsByUID(cal)[session])
	assert.NotNil(t, eventsByUID(cal)[w.ids["rMia"]+"@mentoring.footprint"])
}
