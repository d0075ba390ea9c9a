package httpapi_test

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/adapters/httpapi"
	"github.com/footprint-hq/footprint/mentorship"
	"github.com/footprint-hq/footprint/storage"
)

// teamLead is the team lead of ana and of olaf in the mentorship tests:
// tom leads ana, who chose mia as her mentor; mia leads olaf, so she is
// his mentor by default.
const teamLead = "tom"

var teamLeads = mentorship.DirectoryFunc(func(_ context.Context, person string) (string, error) {
	switch person {
	case owner:
		return teamLead, nil
	case other:
		return mentor, nil
	}
	return "", nil
})

// mentorshipIDs is the ID source of every mentorship service of the
// tests, so that IDs made by services with different clocks still sort in
// the order they were made.
var mentorshipIDs = storage.NewIDSource()

// newMentorshipService is the mentorship service of every test world:
// its clock stands at at, the directory is teamLeads, and only the
// facilitator may read the programme's insights.
func newMentorshipService(store mentorship.Store, at time.Time) *mentorship.Service {
	return mentorship.NewService(store,
		mentorship.WithClock(func() time.Time { return at }),
		mentorship.WithIDs(mentorshipIDs),
		mentorship.WithDirectory(teamLeads),
		mentorship.WithInsightsAccess(func(_ context.Context, actor string) (bool, error) { return actor == facilitator, nil }))
}

// seedMentorship gives ana a mentor of her choosing and a meeting log,
// and a request to olaf waiting for his answer. Fixture names:
//
//	pMia     mia's mentor profile (capacity 2, mentoring ana)
//	pOlaf    olaf's mentor profile (capacity 1, nobody yet)
//	rActive  ana ↔ mia, chosen 90 days ago; its next meeting is overdue
//	mtgA     a meeting of rActive 60 days ago, whose notes, progress and
//	         first next step (stepA, ana's) hold the secret; stepB is mia's
//	rPending ana's request to olaf, made now
func seedMentorship(w *world) {
	t, ctx := w.t, context.Background()
	past := newMentorshipService(w.store, now.AddDate(0, 0, -90))
	_, err := past.Volunteer(ctx, mentor, mentorship.ProfileInput{Capacity: ptr(2), Expertise: []string{"go", "agile"}, Note: "happy to help"})
	require.NoError(t, err)
	_, err = past.Volunteer(ctx, other, mentorship.ProfileInput{Capacity: ptr(1), Expertise: []string{"sql"}})
	require.NoError(t, err)
	rel, err := past.Request(ctx, owner, mentorship.RequestInput{Mentor: mentor, Message: "would you mentor me?"})
	require.NoError(t, err)
	_, err = past.Accept(ctx, mentor, rel.ID, 0, mentorship.AnswerInput{Message: "gladly"})
	require.NoError(t, err)
	w.ids["rActive"] = rel.ID

	m, err := w.mentorship.RecordMeeting(ctx, owner, rel.ID, mentorship.MeetingInput{
		At: now.AddDate(0, 0, -60), DurationMinutes: 45, Notes: secret + " notes",
		Progress: mentorship.ProgressInput{Text: secret + " progress", GoalIDs: []string{"g-1"}},
		Feedback: "keep going",
		NextSteps: []mentorship.NextStepInput{
			{Text: secret + " step"},
			{Text: "Share a reading list", Owner: mentor, Due: ptr(now.AddDate(0, 0, 7))},
		},
	})
	require.NoError(t, err)
	w.ids["mtgA"], w.ids["stepA"], w.ids["stepB"] = m.ID, m.NextSteps[0].ID, m.NextSteps[1].ID

	pending, err := w.mentorship.Request(ctx, owner, mentorship.RequestInput{Mentor: other, Message: "could you teach me SQL?"})
	require.NoError(t, err)
	w.ids["rPending"] = pending.ID

	etag := func(name string, version int64) { w.etags[name] = `"` + strconv.FormatInt(version, 10) + `"` }
	pMia, err := w.store.Profile(ctx, mentor)
	require.NoError(t, err)
	etag("pMia", pMia.Version)
	for _, name := range []string{"rActive", "rPending"} {
		r, err := w.store.Relation(ctx, w.ids[name])
		require.NoError(t, err)
		etag(name, r.Version)
	}
	m, err = w.store.Meeting(ctx, w.ids["mtgA"])
	require.NoError(t, err)
	etag("mtgA", m.Version)
}

// participants: only ana and mia, the two people of rActive, see it.
var participants = [5]int{200, 200, 404, 404, 401}

// facilitatorOnly: the facilitator may; the others are forbidden.
func facilitatorOnly(ok int) [5]int { return [5]int{403, 403, 403, ok, 401} }

// mentorshipMatrix lists every mentorship route with the status each
// person gets: ana (the mentee), mia (her mentor), olaf (whom ana asked to
// mentor her, and whose team lead mia is), fay (a facilitator, a stranger
// to mentoring) and an unauthenticated request.
var mentorshipMatrix = []matrixRow{
	{route: "GET /mentor-profiles", path: "/mentor-profiles", want: all(200)},
	{route: "POST /mentor-profiles", path: "/mentor-profiles", body: `{"capacity":2,"expertise":["Go"," sql "],"note":"ask me"}`,
		want: [5]int{201, 409, 409, 201, 401}}, // mia and olaf have volunteered already
	{route: "GET /mentor-profiles/{person}", path: "/mentor-profiles/mia", want: all(200)},
	{route: "GET /mentor-profiles/{person}", path: "/mentor-profiles/ana", want: [5]int{404, 404, 404, 404, 401}},
	{route: "PATCH /mentor-profiles/{person}", path: "/mentor-profiles/mia", ifMatch: "{pMia.etag}", body: `{"capacity":3}`,
		want: [5]int{403, 200, 403, 403, 401}},
	{route: "PATCH /mentor-profiles/{person}", path: "/mentor-profiles/ana", ifMatch: `"1"`, body: `{"capacity":3}`,
		want: [5]int{404, 404, 404, 404, 401}}, // ana has not volunteered

	{route: "GET /people/{person}/mentor", path: "/people/ana/mentor", want: participants},
	{route: "GET /people/{person}/mentor", path: "/people/olaf/mentor", want: [5]int{404, 200, 200, 404, 401}},
	{route: "POST /people/{person}/default-relation", path: "/people/olaf/default-relation", want: [5]int{404, 200, 200, 404, 401}},
	{route: "POST /people/{person}/default-relation", path: "/people/ana/default-relation", want: [5]int{409, 404, 404, 404, 401}},
	{route: "GET /me/mentor-suggestions", path: "/me/mentor-suggestions?limit=5", want: all(200)},

	{route: "POST /mentor-requests", path: "/mentor-requests", body: `{"mentor":"olaf","message":"teach me SQL"}`,
		want: [5]int{409, 201, 422, 201, 401}}, // ana asked already; nobody asks themselves
	{route: "POST /mentor-requests", path: "/mentor-requests", body: `{"mentor":"mia"}`,
		want: [5]int{409, 422, 409, 201, 401}}, // mia mentors ana by choice and olaf as his team lead
	{route: "POST /mentor-requests", path: "/mentor-requests", body: `{"mentor":"fay"}`,
		want: [5]int{404, 404, 404, 422, 401}}, // fay has not volunteered
	{route: "GET /me/mentor-requests/received", path: "/me/mentor-requests/received", want: all(200)},
	{route: "GET /me/mentor-requests/sent", path: "/me/mentor-requests/sent?status=proposed", want: all(200)},

	{route: "GET /me/relations", path: "/me/relations", want: all(200)},
	{route: "GET /me/relations", path: "/me/relations?as=mentor&kind=chosen&status=active&status=ended", want: all(200)},
	{route: "GET /relations/{relation}", path: "/relations/{rActive}", want: participants},
	{route: "GET /relations/{relation}", path: "/relations/{rPending}", want: [5]int{200, 404, 200, 404, 401}},
	{route: "PATCH /relations/{relation}", path: "/relations/{rActive}", ifMatch: "{rActive.etag}", body: `{"cadenceDays":14}`,
		want: participants},
	{route: "POST /relations/{relation}/accept", path: "/relations/{rPending}/accept", body: `{"message":"welcome"}`,
		want: [5]int{403, 404, 200, 404, 401}},
	{route: "POST /relations/{relation}/accept", path: "/relations/{rActive}/accept",
		want: [5]int{403, 409, 404, 404, 401}}, // answered long ago
	{route: "POST /relations/{relation}/decline", path: "/relations/{rPending}/decline", body: `{"message":"no time"}`,
		want: [5]int{403, 404, 200, 404, 401}},
	{route: "POST /relations/{relation}/withdraw", path: "/relations/{rPending}/withdraw", ifMatch: "{rPending.etag}",
		want: [5]int{200, 404, 403, 404, 401}},
	{route: "POST /relations/{relation}/end", path: "/relations/{rActive}/end", body: `{"reason":"completed","note":"well done"}`,
		want: participants},
	{route: "POST /relations/{relation}/end", path: "/relations/{rPending}/end", want: [5]int{409, 404, 409, 404, 401}},

	{route: "GET /relations/{relation}/meetings", path: "/relations/{rActive}/meetings", want: participants},
	{route: "POST /relations/{relation}/meetings", path: "/relations/{rActive}/meetings",
		body: `{"at":"2026-06-14T10:00:00+02:00","notes":"talked","nextSteps":[{"text":"Pair on a review","owner":"mia"}]}`,
		want: [5]int{201, 201, 404, 404, 401}},
	{route: "POST /relations/{relation}/meetings", path: "/relations/{rPending}/meetings", body: `{"at":"2026-06-14T10:00:00Z"}`,
		want: [5]int{409, 404, 409, 404, 401}}, // not active
	{route: "GET /relations/{relation}/open-steps", path: "/relations/{rActive}/open-steps", want: participants},
	{route: "POST /relations/{relation}/session", path: "/relations/{rActive}/session", body: `{"at":"2026-06-20T14:00:00Z","minutes":45}`,
		want: participants},
	{route: "POST /relations/{relation}/session", path: "/relations/{rPending}/session", body: `{"at":"2026-06-20T14:00:00Z"}`,
		want: [5]int{409, 404, 409, 404, 401}}, // not active
	{route: "DELETE /relations/{relation}/session", path: "/relations/{rActive}/session",
		want: [5]int{409, 409, 404, 404, 401}}, // none planned
	{route: "GET /mentor-meetings/{meeting}", path: "/mentor-meetings/{mtgA}", want: participants},
	{route: "PATCH /mentor-meetings/{meeting}", path: "/mentor-meetings/{mtgA}", ifMatch: "{mtgA.etag}",
		body: `{"feedback":"great questions","addSteps":[{"text":"Read chapter 3"}]}`, want: participants},
	{route: "PATCH /mentor-meetings/{meeting}/next-steps/{step}", path: "/mentor-meetings/{mtgA}/next-steps/{stepA}",
		ifMatch: "{mtgA.etag}", body: `{"done":true}`, want: participants},
	{route: "GET /me/overdue-meetings", path: "/me/overdue-meetings", want: all(200)},

	{route: "POST /mentorship/insights", path: "/mentorship/insights", body: `{"people":["ana","olaf"]}`, want: facilitatorOnly(200)},
	{route: "POST /mentorship/sweep", path: "/mentorship/sweep", want: facilitatorOnly(403)}, // nobody is an administrator here
}

func TestMentorshipAuthorizationMatrix(t *testing.T) {
	runMatrix(t, seedMentorship, mentorshipMatrix)
}

// mentorshipSnapshot is everything the mentorship store holds.
func mentorshipSnapshot(w *world) any {
	t, ctx := w.t, context.Background()
	var s struct {
		Profiles  []mentorship.Profile
		Mentees   []*mentorship.Mentee
		Relations []mentorship.Relation
		Meetings  []mentorship.Meeting
	}
	every := storage.PageRequest{Limit: storage.NoLimit}
	profiles, err := w.store.Profiles(ctx, every)
	require.NoError(t, err)
	s.Profiles = profiles.Items
	for _, p := range []string{owner, mentor, other, facilitator, teamLead} {
		m, err := w.store.Mentee(ctx, p)
		if !errors.Is(err, storage.ErrNotFound) {
			require.NoError(t, err)
		}
		s.Mentees = append(s.Mentees, m)
	}
	rels, err := w.store.Relations(ctx, mentorship.RelationFilter{}, every)
	require.NoError(t, err)
	s.Relations = rels.Items
	ms, err := w.store.Meetings(ctx, mentorship.MeetingFilter{}, every)
	require.NoError(t, err)
	s.Meetings = ms.Items
	return s
}

var mentorshipBadInput = []badRow{
	{name: "oversized profile", call: call{method: "POST", path: "/mentor-profiles",
		body: `{"capacity":1,"note":"` + strings.Repeat("a", httpapi.DefaultMaxBodyBytes) + `"}`},
		status: 413, typ: httpapi.ProblemBodyTooLarge},
	{name: "malformed JSON", call: call{method: "POST", path: "/mentor-requests", body: `{"mentor":`},
		status: 400, typ: httpapi.ProblemMalformedBody},
	{name: "missing body", call: call{method: "POST", path: "/relations/{rActive}/meetings"},
		status: 400, typ: httpapi.ProblemMalformedBody},
	{name: "capacity as a string", call: call{method: "POST", path: "/mentor-profiles", body: `{"capacity":"two"}`},
		status: 400, typ: httpapi.ProblemMalformedBody, pointer: "/capacity"},
	{name: "fractional capacity", call: call{method: "PATCH", path: "/mentor-profiles/mia", as: mentor, body: `{"capacity":1.5}`,
		header: map[string]string{"If-Match": "{pMia.etag}"}}, status: 400, typ: httpapi.ProblemMalformedBody, pointer: "/capacity"},
	{name: "next step of the wrong type", call: call{method: "POST", path: "/relations/{rActive}/meetings",
		body: `{"at":"2026-06-14T10:00:00Z","nextSteps":[{"text":"a"},{"text":7}]}`},
		status: 400, typ: httpapi.ProblemMalformedBody, pointer: "/nextSteps/1/text"},
	{name: "meeting date not RFC 3339", call: call{method: "POST", path: "/relations/{rActive}/meetings", body: `{"at":"14.06.2026"}`},
		status: 400, typ: httpapi.ProblemMalformedBody},
	{name: "done as a string", call: call{method: "PATCH", path: "/mentor-meetings/{mtgA}/next-steps/{stepA}", body: `{"done":"yes"}`,
		header: map[string]string{"If-Match": "{mtgA.etag}"}}, status: 400, typ: httpapi.ProblemMalformedBody, pointer: "/done"},
	{name: "mentee named in the request", call: call{method: "POST", path: "/mentor-requests", as: other, body: `{"mentor":"mia","mentee":"ana"}`},
		status: 400, typ: httpapi.ProblemUnknownField},
	{name: "unknown field of a next step", call: call{method: "POST", path: "/relations/{rActive}/meetings",
		body: `{"at":"2026-06-14T10:00:00Z","nextSteps":[{"text":"a","done":true}]}`},
		status: 400, typ: httpapi.ProblemUnknownField},
	{name: "profile changes naming mentees", call: call{method: "PATCH", path: "/mentor-profiles/mia", as: mentor,
		body: `{"mentees":["olaf"]}`, header: map[string]string{"If-Match": "{pMia.etag}"}},
		status: 400, typ: httpapi.ProblemUnknownField},
	{name: "text/plain", call: call{method: "POST", path: "/mentor-requests", body: `{"mentor":"olaf"}`,
		header: map[string]string{"Content-Type": "text/plain"}}, status: 415, typ: httpapi.ProblemUnsupportedMediaType},
	{name: "request to oneself", call: call{method: "POST", path: "/mentor-requests", as: other, body: `{"mentor":" olaf "}`},
		status: 422, typ: httpapi.ProblemValidation, pointer: "/mentor", docValid: true},
	{name: "capacity above the maximum", call: call{method: "POST", path: "/mentor-profiles", body: `{"capacity":51}`},
		status: 422, typ: httpapi.ProblemValidation, pointer: "/capacity"},
	{name: "profile without capacity", call: call{method: "POST", path: "/mentor-profiles", body: `{"expertise":["go"]}`},
		status: 422, typ: httpapi.ProblemValidation, pointer: "/capacity"},
	{name: "meeting in the future", call: call{method: "POST", path: "/relations/{rActive}/meetings", body: `{"at":"2026-07-01T00:00:00Z"}`},
		status: 422, typ: httpapi.ProblemValidation, pointer: "/at", docValid: true},
	{name: "meeting before year 1 in UTC", call: call{method: "POST", path: "/relations/{rActive}/meetings",
		body: `{"at":"0000-01-01T00:00:00+01:00"}`}, status: 422, typ: httpapi.ProblemValidation, pointer: "/at", docValid: true},
	{name: "next step due after year 9999 in UTC", call: call{method: "PATCH", path: "/mentor-meetings/{mtgA}",
		body: `{"addSteps":[{"text":"later","due":"9999-12-31T23:00:00-14:00"}]}`, header: map[string]string{"If-Match": "{mtgA.etag}"}},
		status: 422, typ: httpapi.ProblemValidation, pointer: "/addSteps/0/due", docValid: true},
	{name: "next step owned by a stranger", call: call{method: "POST", path: "/relations/{rActive}/meetings",
		body: `{"at":"2026-06-14T10:00:00Z","nextSteps":[{"text":"x","owner":"olaf"}]}`},
		status: 422, typ: httpapi.ProblemValidation, pointer: "/nextSteps/0/owner", docValid: true},
	{name: "end reason only the mentor gives", call: call{method: "POST", path: "/relations/{rActive}/end", body: `{"reason":"mentor_unavailable"}`},
		status: 422, typ: httpapi.ProblemValidation, pointer: "/reason", docValid: true},
	{name: "cadence of zero days", call: call{method: "PATCH", path: "/relations/{rActive}", body: `{"cadenceDays":0}`,
		header: map[string]string{"If-Match": "{rActive.etag}"}}, status: 422, typ: httpapi.ProblemValidation, pointer: "/cadenceDays"},
	{name: "cadence missing", call: call{method: "PATCH", path: "/relations/{rActive}", body: `{}`,
		header: map[string]string{"If-Match": "{rActive.etag}"}}, status: 422, typ: httpapi.ProblemValidation, pointer: "/cadenceDays"},
	{name: "done missing", call: call{method: "PATCH", path: "/mentor-meetings/{mtgA}/next-steps/{stepA}", body: `{}`,
		header: map[string]string{"If-Match": "{mtgA.etag}"}}, status: 422, typ: httpapi.ProblemValidation, pointer: "/done"},
	{name: "blank person in insights", call: call{method: "POST", path: "/mentorship/insights", as: facilitator, body: `{"people":["ana"," "]}`},
		status: 422, typ: httpapi.ProblemValidation, pointer: "/people/1", docValid: true},
	{name: "malformed relation id", call: call{method: "GET", path: "/relations/r-1"},
		status: 404, typ: httpapi.ProblemNotFound},
	{name: "malformed meeting id on a write", call: call{method: "PATCH", path: "/mentor-meetings/{mtgA.lower}", body: `{"notes":"x"}`,
		header: map[string]string{"If-Match": `"1"`}}, status: 404, typ: httpapi.ProblemNotFound},
	{name: "malformed step id", call: call{method: "PATCH", path: "/mentor-meetings/{mtgA}/next-steps/step-1", body: `{"done":true}`,
		header: map[string]string{"If-Match": "{mtgA.etag}"}}, status: 404, typ: httpapi.ProblemNotFound},
	{name: "step of another meeting", call: call{method: "PATCH", path: "/mentor-meetings/{mtgA}/next-steps/{rActive}", body: `{"done":true}`,
		header: map[string]string{"If-Match": "{mtgA.etag}"}}, status: 404, typ: httpapi.ProblemNotFound, docValid: true},
	{name: "missing If-Match on a profile", call: call{method: "PATCH", path: "/mentor-profiles/mia", as: mentor, body: `{"capacity":3}`},
		status: 428, typ: httpapi.ProblemPreconditionRequired},
	{name: "missing If-Match on a meeting", call: call{method: "PATCH", path: "/mentor-meetings/{mtgA}", body: `{"notes":"x"}`},
		status: 428, typ: httpapi.ProblemPreconditionRequired},
	{name: "stale If-Match on a profile", call: call{method: "PATCH", path: "/mentor-profiles/mia", as: mentor, body: `{"capacity":3}`,
		header: map[string]string{"If-Match": `"99"`}}, status: 412, typ: httpapi.ProblemStaleVersion, docValid: true},
	{name: "stale If-Match on a step", call: call{method: "PATCH", path: "/mentor-meetings/{mtgA}/next-steps/{stepA}", body: `{"done":true}`,
		header: map[string]string{"If-Match": `"99"`}}, status: 412, typ: httpapi.ProblemStaleVersion, docValid: true},
	{name: "stale If-Match on accept", call: call{method: "POST", path: "/relations/{rPending}/accept", as: other,
		header: map[string]string{"If-Match": `"99"`}}, status: 412, typ: httpapi.ProblemStaleVersion, docValid: true},
	{name: "stale If-Match on end", call: call{method: "POST", path: "/relations/{rActive}/end",
		header: map[string]string{"If-Match": `"99"`}}, status: 412, typ: httpapi.ProblemStaleVersion, docValid: true},
	{name: "unknown relation status", call: call{method: "GET", path: "/me/relations?status=pending"},
		status: 400, typ: httpapi.ProblemInvalidParameter},
	{name: "unknown role", call: call{method: "GET", path: "/me/relations?as=boss"},
		status: 400, typ: httpapi.ProblemInvalidParameter},
	{name: "two request statuses", call: call{method: "GET", path: "/me/mentor-requests/sent?status=proposed&status=active"},
		status: 400, typ: httpapi.ProblemInvalidParameter, docValid: true},
	{name: "too many suggestions", call: call{method: "GET", path: "/me/mentor-suggestions?limit=101"},
		status: 400, typ: httpapi.ProblemInvalidParameter},
	{name: "method not allowed", call: call{method: "DELETE", path: "/relations/{rActive}"},
		status: 405, typ: httpapi.ProblemMethodNotAllowed},
}

func TestMentorshipBadInput(t *testing.T) {
	runBadInput(t, seedMentorship, mentorshipSnapshot, mentorshipBadInput)
}

// TestMeetingNotesStayPrivate reads every mentorship list and resource as
// each person, page by page, and looks for ana's meeting log: its notes,
// progress and next steps, and the IDs of the meeting, its steps and the
// relation.
func TestMeetingNotesStayPrivate(t *testing.T) {
	w := newWorld(t)
	seedMentorship(w)
	hidden := []string{secret, w.ids["mtgA"], w.ids["stepA"], w.ids["stepB"], w.ids["rActive"]}
	lists := []string{
		"/mentor-profiles?limit=1",
		"/me/relations?limit=1",
		"/me/relations?as=mentor&limit=1",
		"/me/mentor-requests/received?limit=1",
		"/me/mentor-requests/sent?limit=1",
		"/me/mentor-suggestions",
		"/me/overdue-meetings",
	}
	resources := []call{
		{method: "GET", path: "/relations/{rActive}"},
		{method: "GET", path: "/relations/{rActive}/meetings?limit=1"},
		{method: "GET", path: "/relations/{rActive}/open-steps"},
		{method: "GET", path: "/mentor-meetings/{mtgA}"},
		{method: "GET", path: "/people/ana/mentor"},
		{method: "GET", path: "/mentor-profiles/mia"},
		{method: "POST", path: "/mentorship/insights", body: `{"people":["ana","mia","olaf"]}`},
	}
	for _, viewer := range []string{owner, mentor, other, facilitator} {
		var seen strings.Builder
		for _, path := range lists {
			for _, page := range w.walk(call{method: "GET", path: w.expand(path), as: viewer}) {
				seen.Write(page.body)
				if next := page.next(t); next != "" {
					cursor, err := base64.RawURLEncoding.DecodeString(next)
					require.NoError(t, err)
					seen.Write(cursor)
				}
			}
		}
		for _, c := range resources {
			c.path, c.as = w.expand(c.path), viewer
			seen.Write(w.do(c).body)
		}
		for _, h := range hidden {
			if viewer == owner || viewer == mentor {
				assert.Contains(t, seen.String(), h, "%s takes part in the meeting", viewer)
			} else {
				assert.NotContains(t, seen.String(), h, "%s must not learn of ana's meeting log", viewer)
			}
		}
		var profile mentorship.Profile
		w.do(call{method: "GET", path: "/mentor-profiles/mia", as: viewer}).decode(t, &profile)
		if viewer == mentor {
			assert.Equal(t, []string{owner}, profile.Mentees, "mia sees whom she mentors")
		} else {
			assert.Empty(t, profile.Mentees, "%s sees how many mia mentors, not whom", viewer)
		}
		assert.Equal(t, 1, profile.Active)
	}
}

// TestMentorshipJourney walks through the mentorship capabilities the way
// a frontend would, following Location headers and ETags.
func TestMentorshipJourney(t *testing.T) {
	w := newWorld(t)
	seedMentorship(w)
	ifMatch := func(etag string) map[string]string { return map[string]string{"If-Match": etag} }

	// fay volunteers and reads her profile back from its Location.
	r := w.do(call{method: "POST", path: "/mentor-profiles", as: facilitator, body: `{"capacity":1,"expertise":[" Facilitation ","go"]}`})
	require.Equal(t, http.StatusCreated, r.status, "%s", r.body)
	profileURL := w.resolve("/mentor-profiles", r.header.Get("Location"))
	assert.Equal(t, "/mentor-profiles/fay", profileURL)
	var profile mentorship.Profile
	w.do(call{method: "GET", path: profileURL, as: other}).decode(t, &profile)
	assert.Equal(t, []string{"facilitation", "go"}, profile.Expertise)
	r = w.do(call{method: "PATCH", path: profileURL, as: facilitator, body: `{"note":"retros and workshops"}`, header: ifMatch(r.header.Get("ETag"))})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	assert.Equal(t, `"2"`, r.header.Get("ETag"))

	// ana's mentor is mia, by choice; mia is olaf's by default.
	var cur mentorship.CurrentMentor
	w.do(call{method: "GET", path: "/people/ana/mentor", as: owner}).decode(t, &cur)
	assert.Equal(t, mentorship.CurrentMentor{Person: owner, Mentor: mentor, RelationID: w.ids["rActive"], Since: ptr(now.AddDate(0, 0, -90))}, cur)
	var olafs mentorship.CurrentMentor
	w.do(call{method: "GET", path: "/people/olaf/mentor", as: mentor}).decode(t, &olafs)
	assert.Equal(t, mentorship.CurrentMentor{Person: other, Mentor: mentor, Default: true}, olafs)
	r = w.do(call{method: "POST", path: "/people/olaf/default-relation", as: other})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	var def mentorship.Relation
	r.decode(t, &def)
	assert.Equal(t, mentorship.KindDefault, def.Kind)
	again := w.do(call{method: "POST", path: "/people/olaf/default-relation", as: mentor})
	assert.Equal(t, def.ID, again.id(t), "the default relation is stored once")

	// Suggestions leave out ana's own mentor and olaf, whom she has
	// already asked; fay has seats.
	var suggested struct{ Items []mentorship.Candidate }
	w.do(call{method: "GET", path: "/me/mentor-suggestions", as: owner}).decode(t, &suggested)
	var names []string
	for _, c := range suggested.Items {
		names = append(names, c.Mentor)
	}
	assert.ElementsMatch(t, []string{facilitator}, names)

	// olaf sees ana's request among those he received, and accepts it:
	// ana's relation with mia ends as switched, and olaf has no seat left.
	var received storage.Page[mentorship.Relation]
	w.do(call{method: "GET", path: "/me/mentor-requests/received?status=proposed", as: other}).decode(t, &received)
	require.Len(t, received.Items, 1)
	assert.Equal(t, w.ids["rPending"], received.Items[0].ID)
	r = w.do(call{method: "POST", path: w.expand("/relations/{rPending}/accept"), as: other, body: `{"message":"welcome"}`,
		header: ifMatch(w.expand("{rPending.etag}"))})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	var rel mentorship.Relation
	r.decode(t, &rel)
	assert.Equal(t, mentorship.StatusActive, rel.Status)
	w.do(call{method: "GET", path: w.expand("/relations/{rActive}"), as: mentor}).decode(t, &rel)
	assert.Equal(t, mentorship.EndSwitched, rel.EndReason)
	r = w.do(call{method: "POST", path: "/mentor-requests", as: facilitator, body: `{"mentor":"olaf"}`})
	assert.Equal(t, http.StatusConflict, r.status)
	assert.Equal(t, "mentorship.mentor_full", r.problem(t).Code)

	// The switch lost no history: mia still reads the old meeting log.
	var meetings storage.Page[mentorship.Meeting]
	w.do(call{method: "GET", path: w.expand("/relations/{rActive}/meetings"), as: mentor}).decode(t, &meetings)
	require.Len(t, meetings.Items, 1)
	assert.Equal(t, secret+" notes", meetings.Items[0].Notes)

	// ana asks fay; fay declines. ana asks mia again and withdraws.
	r = w.do(call{method: "POST", path: "/mentor-requests", as: owner, body: `{"mentor":"fay","message":"retros?"}`})
	require.Equal(t, http.StatusCreated, r.status, "%s", r.body)
	requestURL := w.resolve("/mentor-requests", r.header.Get("Location"))
	assert.True(t, strings.HasPrefix(requestURL, "/relations/"), requestURL)
	r = w.do(call{method: "POST", path: requestURL + "/decline", as: facilitator, body: `{"message":"not this quarter"}`})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	r = w.do(call{method: "POST", path: requestURL + "/decline", as: facilitator})
	assert.Equal(t, "mentorship.request_closed", r.problem(t).Code)
	r = w.do(call{method: "POST", path: "/mentor-requests", as: owner, body: `{"mentor":"mia"}`})
	require.Equal(t, http.StatusCreated, r.status, "%s", r.body)
	r = w.do(call{method: "POST", path: w.resolve("/mentor-requests", r.header.Get("Location")) + "/withdraw", as: owner})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	var sent storage.Page[mentorship.Relation]
	w.do(call{method: "GET", path: "/me/mentor-requests/sent", as: owner}).decode(t, &sent)
	var states []mentorship.RelationStatus
	for _, s := range sent.Items {
		states = append(states, s.Status)
	}
	assert.Equal(t, []mentorship.RelationStatus{mentorship.StatusEnded, mentorship.StatusActive, mentorship.StatusDeclined, mentorship.StatusWithdrawn}, states)

	// ana and olaf meet; olaf marks his next step done; the open steps
	// are ana's.
	relURL := w.expand("/relations/{rPending}")
	r = w.do(call{method: "PATCH", path: relURL, as: owner, body: `{"cadenceDays":14}`, header: ifMatch("*")})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	r = w.do(call{method: "POST", path: relURL + "/meetings", as: other,
		body: `{"at":"2026-06-15T08:00:00Z","durationMinutes":30,"progress":{"text":"first steps","goalIds":["g1"]},"nextSteps":[{"text":"Write a query","due":"2026-06-22T00:00:00+02:00"},{"text":"Find a dataset","owner":"olaf"}]}`})
	require.Equal(t, http.StatusCreated, r.status, "%s", r.body)
	meetingURL := w.resolve(relURL+"/meetings", r.header.Get("Location"))
	var mtg mentorship.Meeting
	r.decode(t, &mtg)
	assert.Equal(t, time.Date(2026, time.June, 21, 22, 0, 0, 0, time.UTC), *mtg.NextSteps[0].Due, "timestamps are stored in UTC")
	r = w.do(call{method: "PATCH", path: meetingURL + "/next-steps/" + mtg.NextSteps[1].ID, as: other, body: `{"done":true}`,
		header: ifMatch(r.header.Get("ETag"))})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	r = w.do(call{method: "PATCH", path: meetingURL, as: owner, body: `{"ideas":"use the staging data","addSteps":[{"text":"Ask the DBA"}]}`,
		header: ifMatch(r.header.Get("ETag"))})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	var open struct{ Items []mentorship.OpenStep }
	w.do(call{method: "GET", path: relURL + "/open-steps", as: other}).decode(t, &open)
	var texts []string
	for _, st := range open.Items {
		texts = append(texts, st.Text)
		assert.Equal(t, mtg.ID, st.MeetingID)
	}
	assert.Equal(t, []string{"Write a query", "Ask the DBA"}, texts)

	// mia's old relation is overdue no more (it ended); nothing of ana's
	// is overdue now.
	var due struct{ Items []mentorship.DueMeeting }
	w.do(call{method: "GET", path: "/me/overdue-meetings", as: owner}).decode(t, &due)
	assert.Empty(t, due.Items)

	// fay reads the programme's insights; ana may not.
	var in mentorship.Insights
	w.do(call{method: "POST", path: "/mentorship/insights", as: facilitator, body: `{"people":["ana","mia","olaf"]}`}).decode(t, &in)
	assert.Equal(t, []mentorship.Load{
		{Mentor: facilitator, Capacity: 1, Active: 0, SeatsLeft: 1},
		{Mentor: mentor, Capacity: 2, Active: 0, SeatsLeft: 2},
		{Mentor: other, Capacity: 1, Active: 1, SeatsLeft: 0},
	}, in.Loads)
	assert.Equal(t, []string{mentor, other}, in.OnDefault)
	r = w.do(call{method: "POST", path: "/mentorship/insights", as: owner})
	assert.Equal(t, "mentorship.insights_denied", r.problem(t).Code)

	// ana ends the relation with olaf and falls back to her team lead.
	r = w.do(call{method: "POST", path: relURL + "/end", as: owner})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	r.decode(t, &rel)
	assert.Equal(t, mentorship.EndByMentee, rel.EndReason)
	var fallback mentorship.CurrentMentor
	w.do(call{method: "GET", path: "/people/ana/mentor", as: owner}).decode(t, &fallback)
	assert.Equal(t, mentorship.CurrentMentor{Person: owner, Mentor: teamLead, Default: true}, fallback)
	r = w.do(call{method: "POST", path: relURL + "/meetings", as: owner, body: `{"at":"2026-06-15T08:30:00Z"}`})
	assert.Equal(t, "mentorship.relation_not_active", r.problem(t).Code)
}

// TestOverdueMeetings lists the relations whose next meeting is overdue
// as of the adapter's clock.
func TestOverdueMeetings(t *testing.T) {
	w := newWorld(t)
	seedMentorship(w)
	for _, viewer := range []string{owner, mentor} {
		var due struct{ Items []mentorship.DueMeeting }
		w.do(call{method: "GET", path: "/me/overdue-meetings", as: viewer}).decode(t, &due)
		require.Len(t, due.Items, 1, viewer)
		assert.Equal(t, w.ids["rActive"], due.Items[0].Relation.ID)
		assert.Equal(t, now.AddDate(0, 0, -60+mentorship.DefaultCadenceDays), due.Items[0].Due, "28 days after the last meeting")
	}

	// An adapter whose clock stands before the meeting fell due finds
	// nothing overdue.
	early := newWorld(t, withConfig(func(c *httpapi.Config) {
		c.Clock = func() time.Time { return now.AddDate(0, 0, -40) }
	}))
	seedMentorship(early)
	var due struct{ Items []mentorship.DueMeeting }
	early.do(call{method: "GET", path: "/me/overdue-meetings", as: owner}).decode(t, &due)
	assert.Empty(t, due.Items)
}

// TestMentorshipSweep runs the sweep as an administrator, a month after
// the seed: ana's request to olaf has expired and her meeting with mia is
// reported overdue, once.
func TestMentorshipSweep(t *testing.T) {
	later := now.AddDate(0, 0, 30)
	w := newWorld(t, func(c *httpapi.Config, w *world) {
		c.Rights = func(_ *http.Request, person string) (httpapi.Rights, error) {
			return httpapi.Rights{Facilitator: person == facilitator, Admin: person == facilitator}, nil
		}
		c.Mentorship = newMentorshipService(w.store, later)
		c.Clock = func() time.Time { return later }
	})
	seedMentorship(w)

	r := w.do(call{method: "POST", path: "/mentorship/sweep", as: mentor})
	assert.Equal(t, http.StatusForbidden, r.status)
	assert.Equal(t, "mentorship.admin_only", r.problem(t).Code)

	var report mentorship.SweepReport
	r = w.do(call{method: "POST", path: "/mentorship/sweep", as: facilitator})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	r.decode(t, &report)
	assert.Equal(t, []string{w.ids["rPending"]}, report.Expired)
	assert.Equal(t, []string{w.ids["rActive"]}, report.Overdue)
	rel, err := w.store.Relation(context.Background(), w.ids["rPending"])
	require.NoError(t, err)
	assert.Equal(t, mentorship.StatusExpired, rel.Status, "the sweep stored the expiry")

	w.do(call{method: "POST", path: "/mentorship/sweep", as: facilitator}).decode(t, &report)
	assert.Equal(t, mentorship.SweepReport{Expired: []string{}, Overdue: []string{}, Switched: []string{}}, report, "each is reported once")
}

// TestMentorshipLeftOut checks that a host without a mentorship service
// has none of its routes, and none of its document.
func TestMentorshipLeftOut(t *testing.T) {
	w := newWorld(t, withConfig(func(c *httpapi.Config) { c.Mentorship = nil }))
	r := w.send(call{method: "GET", path: "/mentor-profiles", as: owner})
	assert.Equal(t, http.StatusNotFound, r.status)
	for _, route := range documentRoutes(t, w) {
		assert.NotContains(t, route, "mentor", "the document lists no mentorship route")
	}
}
