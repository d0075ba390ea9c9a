package httpapi_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/adapters/httpapi"
	"github.com/footprint-hq/footprint/backlog"
	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/sprint"
	"github.com/footprint-hq/footprint/storage"
)

// In the sprint tests the columns of the matrix play these parts: ana
// (owner) takes part, enrolled in activities; mia (mentor) is named a
// facilitator on every sprint; olaf (other) is anybody else; fay
// (facilitator) is a company facilitator named on no sprint. pia, another
// company facilitator, plans the sprints of the fixture.
const sprintPlanner = "pia"

// sprintRoles makes fay and pia the company's facilitators, as the host's
// Rights hook says of fay.
var sprintRoles = sprintRoleSet{facilitator: true, sprintPlanner: true}

// sprintRoleSet answers sprint.Roles and backlog.Roles from a set.
type sprintRoleSet map[string]bool

func (f sprintRoleSet) IsFacilitator(_ context.Context, person string) (bool, error) {
	return f[person], nil
}

// sprintTalkStart is when the keynote of the active sprint starts.
var sprintTalkStart = time.Date(2026, time.June, 20, 15, 0, 0, 0, time.UTC)

// seedSprint plans four sprints with pia, mia named on each. Fixture
// names:
//
//	iK8s, iObs         open backlog items (iK8s becomes tPlan's)
//	sClosed  2026 Q1   closed; its open action xOld (owner ana) is carried on
//	sActive  2026 Q2   active; tActive with gActive (one check-in by mia),
//	                   aTalk (scheduled keynote, ana enrolled), aSelf
//	                   (self-paced), note nActive by ana, carries xOld
//	sReview  2025 Q4   in review; tReview with gReview (not assessed),
//	                   aReview (ana enrolled), action xReview (owner ana)
//	sPlan    2026 Q3   planning; tPlan (from iK8s) with gPlan, tOwn with gOwn
func seedSprint(w *world) {
	t, ctx, svc := w.t, context.Background(), w.sprint
	clock := backlog.WithClock(func() time.Time { return now })
	items := backlog.NewService(w.store, clock, backlog.WithRoles(sprintRoles))
	item := func(name, by, title, tag string) {
		it, err := items.AddItem(ctx, by, backlog.ItemInput{Title: title, Tags: []string{tag}})
		require.NoError(t, err)
		w.ids[name] = it.ID
	}
	item("iK8s", owner, "Kubernetes", "k8s")
	item("iObs", other, "Observability", "otel")

	must := func(sp *sprint.Sprint, err error) *sprint.Sprint {
		t.Helper()
		require.NoError(t, err)
		return sp
	}
	plan := func(name string, year, quarter int) *sprint.Sprint {
		sp := must(svc.Plan(ctx, sprintPlanner, sprint.PlanInput{Year: year, Quarter: quarter, Facilitators: []string{mentor}}))
		w.ids[name] = sp.ID
		return sp
	}
	topic := func(sp *sprint.Sprint, name string, in sprint.TopicInput) *sprint.Sprint {
		sp = must(svc.AddTopic(ctx, sprintPlanner, sp.ID, 0, in))
		w.ids[name] = sp.Topics[len(sp.Topics)-1].ID
		return sp
	}
	goal := func(sp *sprint.Sprint, name, topic, statement string, m okr.KeyResultInput) *sprint.Sprint {
		sp = must(svc.AddGoal(ctx, sprintPlanner, sp.ID, w.ids[topic], 0, sprint.GoalInput{Statement: statement, Measure: m}))
		for _, tp := range sp.Topics {
			if tp.ID == w.ids[topic] {
				w.ids[name] = tp.Goals[len(tp.Goals)-1].ID
			}
		}
		return sp
	}
	activity := func(sp *sprint.Sprint, name string, in sprint.ActivityInput) {
		a, err := svc.AddActivity(ctx, sprintPlanner, sp.ID, in)
		require.NoError(t, err)
		w.ids[name] = a.ID
	}
	move := func(sp *sprint.Sprint, states ...sprint.State) *sprint.Sprint {
		for _, st := range states {
			sp = must(svc.Transition(ctx, sprintPlanner, sp.ID, 0, st))
		}
		return sp
	}
	enrol := func(activity string) {
		_, err := svc.Enrol(ctx, owner, w.ids[activity])
		require.NoError(t, err)
	}
	milestone := okr.KeyResultInput{Kind: okr.Milestone}
	metric := func(target float64) okr.KeyResultInput {
		return okr.KeyResultInput{Kind: okr.Increase, Unit: "teams", Start: ptr(0.0), Target: ptr(target)}
	}

	closed := plan("sClosed", 2026, 1)
	closed = topic(closed, "tClosed", sprint.TopicInput{Title: "Testing", Tags: []string{"testing"}})
	closed = goal(closed, "gClosed", "tClosed", "Every team tests its deploys", milestone)
	closed = move(closed, sprint.Committed, sprint.Active, sprint.Review)
	closed = must(svc.AssessGoal(ctx, sprintPlanner, closed.ID, w.ids["gClosed"], 0, sprint.AssessInput{}))
	closed = must(svc.AddAction(ctx, sprintPlanner, closed.ID, sprint.ActionInput{Text: "Keep release weeks free of training", Owner: owner}))
	w.ids["xOld"] = closed.Retrospective.Actions[0].ID
	closed = must(svc.RecordRetrospective(ctx, sprintPlanner, closed.ID, 0, sprint.RecordInput{Summary: "Good labs, bad timing"}))
	move(closed, sprint.Closed)

	active := plan("sActive", 2026, 2)
	require.Len(t, active.Carried, 1)
	active = topic(active, "tActive", sprint.TopicInput{Title: "Platform engineering", Tags: []string{"platform", "k8s"}})
	active = goal(active, "gActive", "tActive", "Ten teams deploy on the platform", metric(10))
	start := sprintTalkStart
	activity(active, "aTalk", sprint.ActivityInput{TopicID: w.ids["tActive"], Kind: sprint.Keynote, Title: "Brainfood: platform teams",
		Host: "An invited speaker", External: true, Start: &start, Minutes: 60, Seats: 40, Link: "https://example.com/talk"})
	activity(active, "aSelf", sprint.ActivityInput{TopicID: w.ids["tActive"], Kind: sprint.SelfStudy, Title: "Videos on platforms"})
	active = move(active, sprint.Committed)
	enrol("aTalk")
	active = move(active, sprint.Active)
	_, err := svc.CheckInGoal(ctx, mentor, active.ID, w.ids["gActive"], okr.CheckInInput{Value: ptr(4.0), Confidence: ptr(7)})
	require.NoError(t, err)
	active = must(svc.AddNote(ctx, owner, active.ID, sprint.NoteInput{Kind: sprint.WentWell, Text: "Great labs"}))
	w.ids["nActive"] = active.Retrospective.Notes[0].ID

	review := plan("sReview", 2025, 4)
	review = topic(review, "tReview", sprint.TopicInput{Title: "Security", Tags: []string{"security"}})
	review = goal(review, "gReview", "tReview", "Every team runs a threat model", milestone)
	reviewStart := time.Date(2025, time.November, 10, 10, 0, 0, 0, time.UTC)
	activity(review, "aReview", sprint.ActivityInput{TopicID: w.ids["tReview"], Kind: sprint.Coaching, Title: "Threat modelling clinic",
		Host: "Security guild", Start: &reviewStart, Minutes: 45})
	review = move(review, sprint.Committed)
	enrol("aReview")
	review = move(review, sprint.Active, sprint.Review)
	review = must(svc.AddAction(ctx, sprintPlanner, review.ID, sprint.ActionInput{Text: "Share the threat models", Owner: owner}))
	w.ids["xReview"] = review.Retrospective.Actions[0].ID

	planned := plan("sPlan", 2026, 3)
	planned = topic(planned, "tPlan", sprint.TopicInput{ItemID: w.ids["iK8s"]})
	planned = goal(planned, "gPlan", "tPlan", "Five teams run their own clusters", metric(5))
	planned = topic(planned, "tOwn", sprint.TopicInput{Title: "Pairing", Tags: []string{"pairing"}})
	goal(planned, "gOwn", "tOwn", "Every team pairs weekly", milestone)

	for name, id := range w.ids {
		var version int64
		switch name[0] {
		case 's':
			sp, err := w.store.Sprint(ctx, id)
			require.NoError(t, err)
			version = sp.Version
		case 'a':
			a, err := w.store.Activity(ctx, id)
			require.NoError(t, err)
			version = a.Version
		default:
			continue
		}
		w.etags[name] = `"` + strconv.FormatInt(version, 10) + `"`
	}
}

// Expected statuses of the sprint matrix: participant (ana), named
// facilitator (mia), other (olaf), company facilitator (fay),
// unauthenticated.
var (
	// sprintFacilitated: only the sprint's facilitators, named or company-wide.
	sprintFacilitated = func(ok int) [5]int { return [5]int{403, ok, 403, ok, 401} }
	// sprintParticipants: facilitators and people enrolled in an activity.
	sprintParticipants = func(ok int) [5]int { return [5]int{ok, ok, 403, ok, 401} }
	// sprintEnrolledOnly: ana holds a place, nobody else does.
	sprintEnrolledOnly = func(ok int) [5]int { return [5]int{ok, 409, 409, 409, 401} }
)

// sprintMatrix lists every sprint route with the status each person gets.
var sprintMatrix = []matrixRow{
	{route: "POST /sprints", path: "/sprints", body: `{"year":2027,"quarter":1}`, want: [5]int{403, 403, 403, 201, 401}},
	{route: "GET /sprints", path: "/sprints", want: all(200)},
	{route: "GET /sprints", path: "/sprints?year=2026&state=active&limit=1", want: all(200)},
	{route: "GET /sprints/{sprint}", path: "/sprints/{sActive}", want: all(200)},
	{route: "POST /sprints/{sprint}/transitions", path: "/sprints/{sPlan}/transitions", ifMatch: "{sPlan.etag}",
		body: `{"to":"committed"}`, want: sprintFacilitated(200)},
	{route: "POST /sprints/{sprint}/transitions", path: "/sprints/{sActive}/transitions",
		body: `{"to":"closed"}`, want: sprintFacilitated(409)},
	{route: "POST /sprints/{sprint}/topics", path: "/sprints/{sPlan}/topics", body: `{"itemId":"{iObs}"}`, want: sprintFacilitated(200)},
	{route: "POST /sprints/{sprint}/topics", path: "/sprints/{sActive}/topics", body: `{"title":"Rust"}`, want: sprintFacilitated(409)},
	{route: "DELETE /sprints/{sprint}/topics/{topic}", path: "/sprints/{sPlan}/topics/{tOwn}", ifMatch: "{sPlan.etag}", want: sprintFacilitated(200)},
	{route: "POST /sprints/{sprint}/topics/{topic}/goals", path: "/sprints/{sPlan}/topics/{tPlan}/goals",
		body: `{"statement":"Three teams upgrade alone","measure":{"kind":"increase","start":0,"target":3}}`, want: sprintFacilitated(200)},
	{route: "DELETE /sprints/{sprint}/goals/{goal}", path: "/sprints/{sPlan}/goals/{gOwn}", ifMatch: "{sPlan.etag}", want: sprintFacilitated(200)},
	{route: "GET /sprints/{sprint}/goals/{goal}/check-ins", path: "/sprints/{sActive}/goals/{gActive}/check-ins", want: all(200)},
	{route: "POST /sprints/{sprint}/goals/{goal}/check-ins", path: "/sprints/{sActive}/goals/{gActive}/check-ins",
		body: `{"value":6,"confidence":8,"note":"two more teams"}`, want: sprintFacilitated(201)},
	{route: "POST /sprints/{sprint}/goals/{goal}/assess", path: "/sprints/{sReview}/goals/{gReview}/assess", want: sprintFacilitated(200)},
	{route: "GET /sprints/{sprint}/activities", path: "/sprints/{sActive}/activities?topic={tActive}", want: all(200)},
	{route: "POST /sprints/{sprint}/activities", path: "/sprints/{sActive}/activities",
		body: `{"topicId":"{tActive}","kind":"virtual_classroom","title":"Terraform basics","start":"2026-06-25T09:00:00Z","minutes":120,"seats":12}`,
		want: sprintFacilitated(201)},
	{route: "POST /sprints/{sprint}/retrospective/notes", path: "/sprints/{sActive}/retrospective/notes",
		body: `{"kind":"to_improve","text":"More hands-on time"}`, want: sprintParticipants(200)},
	{route: "POST /sprints/{sprint}/retrospective/notes/{note}/votes", path: "/sprints/{sActive}/retrospective/notes/{nActive}/votes",
		want: sprintParticipants(200)},
	{route: "POST /sprints/{sprint}/retrospective/actions", path: "/sprints/{sReview}/retrospective/actions",
		body: `{"text":"Book rooms early","owner":"olaf"}`, want: sprintFacilitated(200)},
	{route: "POST /sprints/{sprint}/retrospective/actions/{action}/status", path: "/sprints/{sReview}/retrospective/actions/{xReview}/status",
		body: `{"status":"done"}`, want: sprintParticipants(200)}, // the owner, ana, or a facilitator
	{route: "POST /sprints/{sprint}/retrospective/record", path: "/sprints/{sReview}/retrospective/record",
		body: `{"summary":"A good quarter"}`, want: sprintFacilitated(200)},
	{route: "POST /sprints/{sprint}/carried/{action}/resolve", path: "/sprints/{sActive}/carried/{xOld}/resolve",
		body: `{"resolution":"done"}`, want: sprintParticipants(200)}, // the owner, ana, or a facilitator
	{route: "GET /sprints/{sprint}/report", path: "/sprints/{sActive}/report", want: all(200)},
	{route: "GET /sprints/{sprint}/calendar.ics", path: "/sprints/{sActive}/calendar.ics", want: all(200)},

	{route: "GET /activities/{activity}", path: "/activities/{aTalk}", want: all(200)},
	{route: "PATCH /activities/{activity}", path: "/activities/{aTalk}", ifMatch: "{aTalk.etag}",
		body: `{"title":"Brainfood: platform teams at scale"}`, want: sprintFacilitated(200)},
	{route: "POST /activities/{activity}/enrol", path: "/activities/{aTalk}/enrol", want: [5]int{409, 200, 200, 200, 401}},
	{route: "POST /activities/{activity}/cancel-enrolment", path: "/activities/{aTalk}/cancel-enrolment", want: sprintEnrolledOnly(200)},
	{route: "POST /activities/{activity}/attendance", path: "/activities/{aTalk}/attendance",
		body: `{"person":"ana","status":"attended"}`, want: sprintFacilitated(200)},
	{route: "POST /activities/{activity}/rating", path: "/activities/{aTalk}/rating",
		body: `{"rating":5,"comment":"Inspiring"}`, want: sprintEnrolledOnly(200)},

	{route: "GET /me/sprint", path: "/me/sprint", want: all(200)},
	{route: "GET /people/{person}/calendar.ics", path: "/people/ana/calendar.ics", want: [5]int{200, 403, 403, 403, 401}},
	{route: "GET /people/{person}/calendar.ics", path: "/people/mia/calendar.ics", want: [5]int{403, 200, 403, 403, 401}},
}

func TestSprintAuthorizationMatrix(t *testing.T) {
	runMatrix(t, seedSprint, sprintMatrix)
}

// sprintSnapshot is everything the sprint store holds, with the backlog
// items sprints take topics from.
func sprintSnapshot(w *world) any {
	t, ctx := w.t, context.Background()
	everything := storage.PageRequest{Limit: storage.NoLimit}
	var s struct {
		Sprints    []sprint.Sprint
		Activities []sprint.Activity
		CheckIns   []sprint.CheckIn
		Items      []backlog.Item
	}
	sprints, err := w.store.Sprints(ctx, sprint.SprintFilter{}, everything)
	require.NoError(t, err)
	s.Sprints = sprints.Items
	acts, err := w.store.Activities(ctx, sprint.ActivityFilter{}, everything)
	require.NoError(t, err)
	s.Activities = acts.Items
	cis, err := w.store.LearningCheckIns(ctx, sprint.CheckInFilter{}, everything)
	require.NoError(t, err)
	s.CheckIns = cis.Items
	items, err := w.store.Items(ctx, backlog.ItemFilter{}, everything)
	require.NoError(t, err)
	s.Items = items.Items
	return s
}

var sprintBadInput = []badRow{
	{name: "oversized body", call: call{method: "POST", path: "/sprints/{sActive}/activities", as: mentor,
		body: `{"topicId":"{tActive}","kind":"keynote","title":"x","description":"` + strings.Repeat("a", httpapi.DefaultMaxBodyBytes) + `"}`},
		status: 413, typ: httpapi.ProblemBodyTooLarge},
	{name: "malformed JSON", call: call{method: "POST", path: "/sprints", as: facilitator, body: `{"year":2027,`},
		status: 400, typ: httpapi.ProblemMalformedBody},
	{name: "missing body", call: call{method: "POST", path: "/sprints/{sPlan}/transitions", as: mentor},
		status: 400, typ: httpapi.ProblemMalformedBody},
	{name: "wrong content type", call: call{method: "POST", path: "/sprints/{sActive}/retrospective/notes",
		body: `{"kind":"went_well","text":"x"}`, header: map[string]string{"Content-Type": "text/plain"}},
		status: 415, typ: httpapi.ProblemUnsupportedMediaType},
	{name: "wrong type", call: call{method: "POST", path: "/sprints", as: facilitator, body: `{"year":"2027","quarter":1}`},
		status: 400, typ: httpapi.ProblemMalformedBody, pointer: "/year"},
	{name: "wrong type nested", call: call{method: "POST", path: "/sprints/{sPlan}/topics/{tPlan}/goals", as: mentor,
		body: `{"statement":"s","measure":{"kind":"increase","start":"zero","target":3}}`},
		status: 400, typ: httpapi.ProblemMalformedBody, pointer: "/measure/start"},
	{name: "wrong type in a list", call: call{method: "POST", path: "/sprints/{sPlan}/topics", as: mentor,
		body: `{"title":"Rust","tags":["lang",7]}`},
		status: 400, typ: httpapi.ProblemMalformedBody, pointer: "/tags/1"},
	{name: "timestamp not RFC 3339", call: call{method: "POST", path: "/sprints/{sActive}/activities", as: mentor,
		body: `{"topicId":"{tActive}","kind":"keynote","title":"x","start":"25 June 2026","minutes":60}`},
		status: 400, typ: httpapi.ProblemMalformedBody},
	{name: "unknown field", call: call{method: "POST", path: "/sprints/{sPlan}/transitions", as: mentor, body: `{"to":"committed","force":true}`},
		status: 400, typ: httpapi.ProblemUnknownField},
	{name: "acting person in the body", call: call{method: "POST", path: "/activities/{aTalk}/rating", as: other,
		body: `{"rating":5,"person":"ana"}`}, status: 400, typ: httpapi.ProblemUnknownField},
	{name: "invalid quarter", call: call{method: "POST", path: "/sprints", as: facilitator, body: `{"year":2027,"quarter":5}`},
		status: 422, typ: httpapi.ProblemValidation, pointer: "/quarter"},
	{name: "unknown state", call: call{method: "POST", path: "/sprints/{sPlan}/transitions", as: mentor, body: `{"to":"paused"}`},
		status: 422, typ: httpapi.ProblemValidation, pointer: "/to"},
	{name: "schedule without minutes", call: call{method: "POST", path: "/sprints/{sActive}/activities", as: mentor,
		body: `{"topicId":"{tActive}","kind":"keynote","title":"x","start":"2026-06-25T09:00:00Z"}`},
		status: 422, typ: httpapi.ProblemValidation, pointer: "/minutes", docValid: true},
	{name: "start beyond year 9999 in UTC", call: call{method: "POST", path: "/sprints/{sActive}/activities", as: mentor,
		body: `{"topicId":"{tActive}","kind":"keynote","title":"x","start":"9999-12-31T23:30:00-01:00","minutes":60}`},
		status: 422, typ: httpapi.ProblemValidation, pointer: "/start", docValid: true},
	{name: "period before year 1 in UTC", call: call{method: "POST", path: "/sprints", as: facilitator,
		body: `{"year":2027,"quarter":1,"period":{"start":"0001-01-01T00:30:00+01:00","end":"2027-03-31T00:00:00Z"}}`},
		status: 422, typ: httpapi.ProblemValidation, pointer: "/period/start", docValid: true},
	{name: "rating out of range", call: call{method: "POST", path: "/activities/{aTalk}/rating", body: `{"rating":6}`},
		status: 422, typ: httpapi.ProblemValidation, pointer: "/rating"},
	{name: "measure breaks the key-result rules", call: call{method: "POST", path: "/sprints/{sPlan}/topics/{tPlan}/goals", as: mentor,
		body: `{"statement":"s","measure":{"kind":"increase","start":3,"target":3}}`},
		status: 422, typ: httpapi.ProblemValidation, docValid: true},
	{name: "invalid sprint id", call: call{method: "GET", path: "/sprints/not-a-sprint"},
		status: 404, typ: httpapi.ProblemNotFound},
	{name: "sprint id in lower case", call: call{method: "GET", path: "/sprints/{sActive.lower}/report"},
		status: 404, typ: httpapi.ProblemNotFound},
	{name: "invalid activity id", call: call{method: "POST", path: "/activities/xyz/enrol"},
		status: 404, typ: httpapi.ProblemNotFound},
	{name: "goal of another sprint", call: call{method: "POST", path: "/sprints/{sActive}/goals/{gReview}/check-ins", as: mentor,
		body: `{"value":1,"confidence":5}`}, status: 404, typ: httpapi.ProblemNotFound, docValid: true},
	{name: "unknown note", call: call{method: "POST", path: "/sprints/{sActive}/retrospective/notes/{gActive}/votes"},
		status: 404, typ: httpapi.ProblemNotFound, docValid: true},
	{name: "missing If-Match on delete", call: call{method: "DELETE", path: "/sprints/{sPlan}/topics/{tOwn}", as: mentor},
		status: 428, typ: httpapi.ProblemPreconditionRequired},
	{name: "missing If-Match on patch", call: call{method: "PATCH", path: "/activities/{aTalk}", as: mentor, body: `{"seats":50}`},
		status: 428, typ: httpapi.ProblemPreconditionRequired},
	{name: "stale If-Match on delete", call: call{method: "DELETE", path: "/sprints/{sPlan}/goals/{gOwn}", as: mentor,
		header: map[string]string{"If-Match": `"1"`}}, status: 412, typ: httpapi.ProblemStaleVersion, docValid: true},
	{name: "stale If-Match on patch", call: call{method: "PATCH", path: "/activities/{aTalk}", as: mentor, body: `{"seats":50}`,
		header: map[string]string{"If-Match": `"1"`}}, status: 412, typ: httpapi.ProblemStaleVersion, docValid: true},
	{name: "stale If-Match on a transition", call: call{method: "POST", path: "/sprints/{sPlan}/transitions", as: mentor,
		body: `{"to":"committed"}`, header: map[string]string{"If-Match": `"1"`}}, status: 412, typ: httpapi.ProblemStaleVersion, docValid: true},
	{name: "weak If-Match on a transition", call: call{method: "POST", path: "/sprints/{sPlan}/transitions", as: mentor,
		body: `{"to":"committed"}`, header: map[string]string{"If-Match": `W/{sPlan.etag}`}}, status: 412, typ: httpapi.ProblemStaleVersion, docValid: true},
	{name: "malformed If-Match", call: call{method: "POST", path: "/sprints/{sReview}/retrospective/record", as: mentor,
		body: `{"summary":"x"}`, header: map[string]string{"If-Match": `"1", "2"`}}, status: 400, typ: httpapi.ProblemInvalidParameter, docValid: true},
	{name: "unknown year filter", call: call{method: "GET", path: "/sprints?year=twenty"},
		status: 400, typ: httpapi.ProblemInvalidParameter},
	{name: "unknown state filter", call: call{method: "GET", path: "/sprints?state=paused"},
		status: 400, typ: httpapi.ProblemInvalidParameter},
	{name: "malformed topic filter", call: call{method: "GET", path: "/sprints/{sActive}/activities?topic=platform"},
		status: 400, typ: httpapi.ProblemInvalidParameter},
	{name: "limit too large", call: call{method: "GET", path: "/sprints/{sActive}/goals/{gActive}/check-ins?limit=501"},
		status: 400, typ: httpapi.ProblemInvalidParameter},
	{name: "refused transition", call: call{method: "POST", path: "/sprints/{sActive}/transitions", as: mentor, body: `{"to":"cancelled"}`},
		status: 409, typ: httpapi.ProblemInvalidState, docValid: true},
	{name: "method not allowed", call: call{method: "PUT", path: "/sprints/{sActive}", body: `{}`},
		status: 405, typ: httpapi.ProblemMethodNotAllowed},
}

func TestSprintBadInput(t *testing.T) {
	runBadInput(t, seedSprint, sprintSnapshot, sprintBadInput)
}

// TestSprintTransitionProblem checks that a refused transition names both
// states in the problem's from and to members.
func TestSprintTransitionProblem(t *testing.T) {
	w := newWorld(t)
	seedSprint(w)
	tests := []struct {
		path, to, from string
		detail         string
	}{
		{"/sprints/{sActive}/transitions", "closed", "active", "not a step of the lifecycle"},
		{"/sprints/{sPlan}/transitions", "active", "planning", "not a step of the lifecycle"},
		{"/sprints/{sReview}/transitions", "closed", "review", "is not assessed"},
	}
	for _, tt := range tests {
		r := w.do(call{method: "POST", path: w.expand(tt.path), as: mentor, body: `{"to":"` + tt.to + `"}`})
		require.Equal(t, http.StatusConflict, r.status, "%s", r.body)
		p := r.problem(t)
		assert.Equal(t, httpapi.ProblemInvalidState, p.Type)
		assert.Equal(t, "sprint.transition_not_allowed", p.Code)
		assert.Equal(t, tt.from, p.From)
		assert.Equal(t, tt.to, p.To)
		assert.Contains(t, p.Detail, tt.detail)
	}
	r := w.do(call{method: "POST", path: w.expand("/activities/{aTalk}/enrol"), as: owner})
	require.Equal(t, http.StatusConflict, r.status)
	p := r.problem(t)
	assert.Equal(t, "sprint.already_enrolled", p.Code)
	assert.Equal(t, httpapi.ProblemAlreadyExists, p.Type)
	assert.Empty(t, p.From+p.To, "only transitions name states")
}

// TestSprintDocumentStandsAlone serves the sprint domain without okr: its
// part of the document must not lean on okr's schemas.
func TestSprintDocumentStandsAlone(t *testing.T) {
	w := newWorld(t, withConfig(func(c *httpapi.Config) { c.OKR = nil }))
	seedSprint(w)
	r := w.do(call{method: "GET", path: w.expand("/sprints/{sActive}"), as: other})
	assert.Equal(t, http.StatusOK, r.status)
	assert.ElementsMatch(t, httpapi.Routes(w.api), documentRoutes(t, w))
	assert.NotContains(t, httpapi.Routes(w.api), "GET /people/{person}/board")
}

// TestSprintJourney runs a quarter the way a frontend would, following
// Location headers and ETags: plan, topics and goals, activities,
// enrolment, the active sprint, the retrospective, closing, the report and
// the next quarter with the carried action.
func TestSprintJourney(t *testing.T) {
	w := newWorld(t)
	seedSprint(w)
	ifMatch := func(r reply) map[string]string { return map[string]string{"If-Match": r.header.Get("ETag")} }

	// fay plans 2027 Q1 with mia; the quarter is taken the second time.
	r := w.do(call{method: "POST", path: "/sprints", as: facilitator, body: `{"year":2027,"quarter":1,"facilitators":["mia"],"capacity":2}`})
	require.Equal(t, http.StatusCreated, r.status, "%s", r.body)
	sprintURL := w.resolve("/sprints", r.header.Get("Location"))
	var sp sprint.Sprint
	r.decode(t, &sp)
	assert.Equal(t, "/sprints/"+sp.ID, sprintURL)
	assert.Equal(t, "2027 Q1", sp.Title)
	assert.Equal(t, []string{facilitator, mentor}, sp.Facilitators)
	assert.Equal(t, time.Date(2027, time.March, 31, 0, 0, 0, 0, time.UTC), sp.Period.End)
	assert.Empty(t, sp.Carried, "2026 Q2, still running, carries the action left open in 2026 Q1; it is not carried twice")
	r = w.do(call{method: "POST", path: "/sprints", as: facilitator, body: `{"year":2027,"quarter":1}`})
	assert.Equal(t, http.StatusConflict, r.status)
	assert.Equal(t, "sprint.quarter_taken", r.problem(t).Code)

	// Topics: the open backlog item and one of its own; the capacity holds.
	r = w.do(call{method: "GET", path: sprintURL, as: mentor})
	r = w.do(call{method: "POST", path: sprintURL + "/topics", as: mentor, body: w.expand(`{"itemId":"{iObs}","tags":["Tracing"]}`), header: ifMatch(r)})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	r = w.do(call{method: "POST", path: sprintURL + "/topics", as: mentor, body: `{"title":"Rust","tags":["rust"]}`, header: ifMatch(r)})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	r.decode(t, &sp)
	require.Len(t, sp.Topics, 2)
	assert.Equal(t, "Observability", sp.Topics[0].Title)
	assert.Equal(t, []string{"otel", "tracing"}, sp.Topics[0].Tags)
	obs, rust := sp.Topics[0].ID, sp.Topics[1].ID
	r2 := w.do(call{method: "POST", path: sprintURL + "/topics", as: mentor, body: `{"title":"Go"}`})
	assert.Equal(t, "sprint.over_capacity", r2.problem(t).Code)
	r = w.do(call{method: "DELETE", path: sprintURL + "/topics/" + rust, as: mentor, header: ifMatch(r)})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)

	// Learning goals: one to keep, one removed again.
	r = w.do(call{method: "POST", path: sprintURL + "/topics/" + obs + "/goals", as: mentor,
		body: `{"statement":"Four teams trace their services","measure":{"kind":"increase","unit":"teams","start":0,"target":4}}`})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	r = w.do(call{method: "POST", path: sprintURL + "/topics/" + obs + "/goals", as: mentor,
		body: `{"statement":"A tracing guide exists","measure":{"kind":"milestone"}}`})
	r.decode(t, &sp)
	require.Len(t, sp.Topics[0].Goals, 2)
	goal, extra := sp.Topics[0].Goals[0].ID, sp.Topics[0].Goals[1].ID
	assert.Equal(t, "Four teams trace their services", sp.Topics[0].Goals[0].Measure.Title, "the measure's title defaults to the statement")
	r = w.do(call{method: "DELETE", path: sprintURL + "/goals/" + extra, as: mentor, header: ifMatch(r)})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)

	// Activities: a scheduled training with two seats and a self-paced one.
	r = w.do(call{method: "POST", path: sprintURL + "/activities", as: mentor, body: `{"topicId":"` + obs + `","kind":"virtual_classroom",
		"title":"Tracing hands-on","host":"Platform team","start":"2027-02-03T10:00:00+01:00","minutes":90,"seats":2,"tags":["OpenTelemetry"]}`})
	require.Equal(t, http.StatusCreated, r.status, "%s", r.body)
	activityURL := w.resolve(sprintURL+"/activities", r.header.Get("Location"))
	var act sprint.Activity
	r.decode(t, &act)
	assert.Equal(t, "/activities/"+act.ID, activityURL)
	assert.Equal(t, time.Date(2027, time.February, 3, 9, 0, 0, 0, time.UTC), *act.Start, "start is kept in UTC")
	assert.Equal(t, []string{"otel", "tracing", "opentelemetry"}, act.Tags)
	r = w.do(call{method: "PATCH", path: activityURL, as: mentor, body: `{"minutes":120}`, header: ifMatch(r)})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	r = w.do(call{method: "POST", path: sprintURL + "/activities", as: facilitator,
		body: `{"topicId":"` + obs + `","kind":"self_study","title":"Tracing videos"}`})
	require.Equal(t, http.StatusCreated, r.status, "%s", r.body)
	var acts storage.Page[sprint.Activity]
	w.do(call{method: "GET", path: sprintURL + "/activities?topic=" + obs, as: other}).decode(t, &acts)
	assert.Len(t, acts.Items, 2)

	// Commit with the ETag; the scope is frozen afterwards.
	r = w.do(call{method: "GET", path: sprintURL, as: mentor})
	r = w.do(call{method: "POST", path: sprintURL + "/transitions", as: mentor, body: `{"to":"committed"}`, header: ifMatch(r)})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	r = w.do(call{method: "POST", path: sprintURL + "/topics", as: mentor, body: `{"title":"Go"}`})
	assert.Equal(t, "sprint.scope_frozen", r.problem(t).Code)

	// Enrolment: two seats; olaf cancels and frees his.
	for _, p := range []string{owner, other} {
		r = w.do(call{method: "POST", path: activityURL + "/enrol", as: p})
		require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	}
	r = w.do(call{method: "POST", path: activityURL + "/enrol", as: facilitator})
	assert.Equal(t, http.StatusConflict, r.status)
	assert.Equal(t, "sprint.no_seats", r.problem(t).Code)
	r = w.do(call{method: "POST", path: activityURL + "/cancel-enrolment", as: other})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	r = w.do(call{method: "POST", path: activityURL + "/enrol", as: facilitator})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)

	// Active: check-ins, attendance, ratings, notes and votes.
	r = w.do(call{method: "POST", path: sprintURL + "/transitions", as: mentor, body: `{"to":"active"}`})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	r = w.do(call{method: "POST", path: sprintURL + "/goals/" + goal + "/check-ins", as: mentor, body: `{"value":4,"confidence":9,"note":"all four"}`})
	require.Equal(t, http.StatusCreated, r.status, "%s", r.body)
	var ci sprint.CheckIn
	r.decode(t, &ci)
	assert.Equal(t, 1, ci.Seq)
	assert.Equal(t, mentor, ci.Author)
	var cis storage.Page[sprint.CheckIn]
	w.do(call{method: "GET", path: sprintURL + "/goals/" + goal + "/check-ins", as: other}).decode(t, &cis)
	require.Len(t, cis.Items, 1)
	r = w.do(call{method: "POST", path: activityURL + "/attendance", as: facilitator, body: `{"person":"ana","status":"completed"}`})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	r = w.do(call{method: "POST", path: activityURL + "/rating", as: owner, body: `{"rating":4,"comment":"Useful"}`})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	r = w.do(call{method: "POST", path: sprintURL + "/retrospective/notes", as: owner, body: `{"kind":"went_well","text":"The labs"}`})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	r.decode(t, &sp)
	note := sp.Retrospective.Notes[0].ID
	r = w.do(call{method: "POST", path: sprintURL + "/retrospective/notes", as: other, body: `{"kind":"to_improve","text":"x"}`})
	assert.Equal(t, "sprint.not_participant", r.problem(t).Code, "olaf cancelled: he takes no part")
	r = w.do(call{method: "POST", path: sprintURL + "/retrospective/notes/" + note + "/votes", as: facilitator})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	r = w.do(call{method: "POST", path: sprintURL + "/retrospective/notes/" + note + "/votes", as: facilitator})
	assert.Equal(t, "sprint.already_voted", r.problem(t).Code)

	// Review: assess, agree on actions, resolve the carried one, record.
	r = w.do(call{method: "POST", path: sprintURL + "/transitions", as: mentor, body: `{"to":"review"}`})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	r = w.do(call{method: "POST", path: sprintURL + "/goals/" + goal + "/assess", as: mentor, header: ifMatch(r)})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	r.decode(t, &sp)
	require.NotNil(t, sp.Topics[0].Goals[0].Assessment)
	assert.Equal(t, sprint.Achieved, sp.Topics[0].Goals[0].Assessment.Outcome, "four of four teams")
	r = w.do(call{method: "POST", path: sprintURL + "/retrospective/actions", as: mentor, body: `{"text":"Record the labs","owner":"ana"}`})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	r = w.do(call{method: "POST", path: sprintURL + "/retrospective/actions", as: mentor, body: `{"text":"Invite a speaker","owner":"olaf"}`})
	r.decode(t, &sp)
	done, open := sp.Retrospective.Actions[0].ID, sp.Retrospective.Actions[1].ID
	r = w.do(call{method: "POST", path: sprintURL + "/retrospective/actions/" + done + "/status", as: owner, body: `{"status":"done"}`})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	r = w.do(call{method: "POST", path: sprintURL + "/retrospective/actions/" + open + "/status", as: owner, body: `{"status":"dropped"}`})
	assert.Equal(t, "sprint.not_action_owner", r.problem(t).Code)
	r = w.do(call{method: "POST", path: w.expand("/sprints/{sActive}/carried/{xOld}/resolve"), as: owner, body: `{"resolution":"dropped"}`})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	r = w.do(call{method: "GET", path: sprintURL, as: mentor})
	r = w.do(call{method: "POST", path: sprintURL + "/retrospective/record", as: mentor, body: `{"summary":"Tracing took off"}`, header: ifMatch(r)})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)

	// Closing settles the backlog item and carries the open action.
	r = w.do(call{method: "POST", path: sprintURL + "/transitions", as: mentor, body: `{"to":"closed"}`, header: ifMatch(r)})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	r.decode(t, &sp)
	assert.Equal(t, sprint.Closed, sp.State)
	assert.Len(t, sp.History, 4)
	item, err := w.store.Item(context.Background(), w.ids["iObs"])
	require.NoError(t, err)
	assert.Equal(t, backlog.StatusDone, item.Status, "every goal of the topic was achieved")

	var rep sprint.Report
	w.do(call{method: "GET", path: sprintURL + "/report", as: other}).decode(t, &rep)
	require.Len(t, rep.Topics, 1)
	assert.Equal(t, 1.0, rep.Topics[0].Score)
	assert.Equal(t, okr.Green, rep.Topics[0].Grade)
	require.Len(t, rep.Topics[0].Activities, 2)
	assert.Equal(t, 2, rep.Topics[0].Activities[0].Enrolled)
	assert.Equal(t, 1, rep.Topics[0].Activities[0].Completed)
	assert.Equal(t, 4.0, rep.Topics[0].Activities[0].AverageRating)
	require.Len(t, rep.Retro.WentWell, 1)
	assert.Equal(t, []string{facilitator}, rep.Retro.WentWell[0].Votes)

	r = w.do(call{method: "POST", path: "/sprints", as: facilitator, body: `{"year":2027,"quarter":2}`})
	require.Equal(t, http.StatusCreated, r.status, "%s", r.body)
	var next sprint.Sprint
	r.decode(t, &next)
	require.Len(t, next.Carried, 1)
	assert.Equal(t, "Invite a speaker", next.Carried[0].Text)

	var sprints storage.Page[sprint.Sprint]
	w.do(call{method: "GET", path: "/sprints?year=2027&state=closed", as: other}).decode(t, &sprints)
	require.Len(t, sprints.Items, 1)
	assert.Equal(t, sp.ID, sprints.Items[0].ID)
}

// TestMySprint shows a person the activities of the current sprint that
// match the tags of their active objectives, and those they enrolled in.
func TestMySprint(t *testing.T) {
	w := newWorld(t)
	seedSprint(w)
	ctx := context.Background()
	g, err := w.okr.CreateGoal(ctx, other, okr.GoalInput{Title: "Run a platform", Tags: []string{"platform"}})
	require.NoError(t, err)
	_, err = w.okr.CreateObjective(ctx, other, okr.ObjectiveInput{GoalID: g.ID, ObjectiveSpec: okr.ObjectiveSpec{
		Title: "Platform live", KeyResults: []okr.KeyResultInput{{Title: "Launched", Kind: okr.Milestone}}}})
	require.NoError(t, err)
	var view sprint.PersonView
	w.do(call{method: "GET", path: "/me/sprint", as: other}).decode(t, &view)
	require.NotNil(t, view.Sprint)
	assert.Equal(t, w.ids["sActive"], view.Sprint.ID)
	require.Len(t, view.Matching, 2, "both activities of the platform topic")
	assert.Empty(t, view.Enrolled)
	w.do(call{method: "GET", path: "/me/sprint", as: owner}).decode(t, &view)
	require.Len(t, view.Enrolled, 1)
	assert.Equal(t, w.ids["aTalk"], view.Enrolled[0].ID)
}

// TestSprintPaging lists sprints one at a time by following Link headers.
func TestSprintPaging(t *testing.T) {
	w := newWorld(t)
	seedSprint(w)
	var got []string
	for _, page := range w.walk(call{method: "GET", path: "/sprints?limit=1", as: other}) {
		var p storage.Page[sprint.Sprint]
		page.decode(t, &p)
		for _, sp := range p.Items {
			got = append(got, sp.ID)
		}
	}
	assert.Equal(t, []string{w.ids["sClosed"], w.ids["sActive"], w.ids["sReview"], w.ids["sPlan"]}, got)
}
