package httpapi_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/adapters/httpapi"
	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/storage"
)

// secret marks every title and text of ana's private goal, so that tests
// can look for it in what others are answered.
const secret = "SECRET"

func ptr[T any](v T) *T { return &v }

// seedOKR gives ana a plan: a private, a mentor-visible and a
// company-visible goal with objectives, check-ins and comments, and
// suggestions between ana, mia and olaf. Fixture names:
//
//	gPrivate  oPrivate (krP, one check-in, a comment)
//	gMentor   oMentor (krA with a check-in, krB a milestone without), a
//	          comment by mia; oDraft (krD); oClosed (closed, half met)
//	gCompany  oCompany (krC)
//	sMia (mia → ana, for gMentor), sOlaf (olaf → ana), sAna (ana → olaf)
func seedOKR(w *world) {
	t, ctx, svc := w.t, context.Background(), w.okr
	goal := func(name, title string, vis okr.Visibility) *okr.Goal {
		g, err := svc.CreateGoal(ctx, owner, okr.GoalInput{Title: title, WhyPerson: title + " why", Tags: []string{"agile"}, Visibility: vis})
		require.NoError(t, err)
		w.ids[name] = g.ID
		return g
	}
	metric := func(title string) okr.KeyResultInput {
		return okr.KeyResultInput{Title: title, Kind: okr.Increase, Start: ptr(0.0), Target: ptr(10.0)}
	}
	objective := func(name string, g *okr.Goal, title string, draft bool, krs ...okr.KeyResultInput) *okr.Objective {
		o, err := svc.CreateObjective(ctx, owner, okr.ObjectiveInput{GoalID: g.ID, Draft: draft,
			ObjectiveSpec: okr.ObjectiveSpec{Title: title, KeyResults: krs}})
		require.NoError(t, err)
		w.ids[name] = o.ID
		return o
	}
	checkIn := func(o *okr.Objective, kr string, v float64) {
		_, err := svc.CheckIn(ctx, owner, o.ID, kr, okr.CheckInInput{Value: &v, Confidence: ptr(6), Note: "note on " + o.Title})
		require.NoError(t, err)
	}
	comment := func(o *okr.Objective, author, body string) {
		_, err := svc.AddComment(ctx, author, o.ID, okr.CommentInput{Body: body})
		require.NoError(t, err)
	}

	gPrivate := goal("gPrivate", secret+" goal", okr.VisibilityPrivate)
	gMentor := goal("gMentor", "Become an agile coach", okr.VisibilityMentor)
	gCompany := goal("gCompany", "Speak at conferences", okr.VisibilityCompany)

	oPrivate := objective("oPrivate", gPrivate, secret+" objective", false, metric(secret+" result"))
	w.ids["krP"] = oPrivate.KeyResults[0].ID
	checkIn(oPrivate, w.ids["krP"], 3)
	comment(oPrivate, owner, secret+" comment")

	oMentor := objective("oMentor", gMentor, "Facilitate team rituals", false,
		metric("Retrospectives facilitated"), okr.KeyResultInput{Title: "Coaching certificate", Kind: okr.Milestone})
	w.ids["krA"], w.ids["krB"] = oMentor.KeyResults[0].ID, oMentor.KeyResults[1].ID
	checkIn(oMentor, w.ids["krA"], 4)
	comment(oMentor, mentor, "Nice progress")

	oDraft := objective("oDraft", gMentor, "Run a coaching circle", true, metric("Sessions held"))
	w.ids["krD"] = oDraft.KeyResults[0].ID
	oClosed := objective("oClosed", gMentor, "Read about facilitation", false, metric("Books read"))
	checkIn(oClosed, oClosed.KeyResults[0].ID, 5)
	_, err := svc.CloseObjective(ctx, owner, oClosed.ID, 0, okr.CloseInput{Reflection: "half way"})
	require.NoError(t, err)

	oCompany := objective("oCompany", gCompany, "Give two talks", false, metric("Talks given"))
	w.ids["krC"] = oCompany.KeyResults[0].ID

	suggestion := func(name, from, to, goalID string) {
		s, err := svc.Suggest(ctx, from, okr.SuggestionInput{To: to, GoalID: goalID, Message: "try this",
			Objective: okr.ObjectiveSpec{Title: "Pair with a coach", KeyResults: []okr.KeyResultInput{metric("Pairing sessions")}}})
		require.NoError(t, err)
		w.ids[name] = s.ID
	}
	suggestion("sMia", mentor, owner, gMentor.ID)
	suggestion("sOlaf", other, owner, "")
	suggestion("sAna", owner, other, "")

	for name, id := range w.ids {
		var (
			version int64
			err     error
		)
		switch {
		case strings.HasPrefix(name, "g"):
			var g *okr.Goal
			g, err = w.store.Goal(ctx, id)
			if g != nil {
				version = g.Version
			}
		case strings.HasPrefix(name, "o"):
			var o *okr.Objective
			o, err = w.store.Objective(ctx, id)
			if o != nil {
				version = o.Version
			}
		case strings.HasPrefix(name, "s"):
			var s *okr.Suggestion
			s, err = w.store.Suggestion(ctx, id)
			if s != nil {
				version = s.Version
			}
		default:
			continue
		}
		require.NoError(t, err)
		w.etags[name] = `"` + strconv.FormatInt(version, 10) + `"`
	}
}

// okrMatrix lists every okr route with the status each person gets:
// owner, mentor, other, facilitator, unauthenticated. Most rows aim at the
// mentor-visible goal, where the mentor reads but may not write; others
// aim at the private and the company goal.
var okrMatrix = []matrixRow{
	{route: "GET /people/{person}/board", path: "/people/ana/board", want: all(200)},
	{route: "GET /people/{person}/goals", path: "/people/ana/goals", want: all(200)},
	{route: "GET /people/{person}/objectives", path: "/people/ana/objectives", want: all(200)},

	{route: "POST /goals", path: "/goals", body: `{"title":"Learn Go","visibility":"company"}`, want: all(201)},
	{route: "GET /goals/{goal}", path: "/goals/{gMentor}", want: mentorReads},
	{route: "GET /goals/{goal}", path: "/goals/{gPrivate}", want: ownerOnly(200)},
	{route: "GET /goals/{goal}", path: "/goals/{gCompany}", want: all(200)},
	{route: "PATCH /goals/{goal}", path: "/goals/{gMentor}", ifMatch: "{gMentor.etag}",
		body: `{"title":"Become a great agile coach"}`, want: ownerWrites(200)},
	{route: "PATCH /goals/{goal}", path: "/goals/{gPrivate}", ifMatch: "{gPrivate.etag}",
		body: `{"visibility":"company"}`, want: ownerOnly(200)},
	{route: "PATCH /goals/{goal}", path: "/goals/{gCompany}", ifMatch: "{gCompany.etag}",
		body: `{"status":"achieved"}`, want: [5]int{200, 403, 403, 403, 401}},
	{route: "GET /goals/{goal}/objectives", path: "/goals/{gMentor}/objectives", want: mentorReads},
	{route: "GET /goals/{goal}/objectives", path: "/goals/{gPrivate}/objectives", want: ownerOnly(200)},
	{route: "POST /goals/{goal}/objectives", path: "/goals/{gMentor}/objectives",
		body: `{"title":"Coach a team","keyResults":[{"title":"Teams coached","kind":"increase","start":0,"target":2}]}`, want: ownerWrites(201)},

	{route: "GET /objectives/{objective}", path: "/objectives/{oMentor}", want: mentorReads},
	{route: "GET /objectives/{objective}", path: "/objectives/{oPrivate}", want: ownerOnly(200)},
	{route: "GET /objectives/{objective}", path: "/objectives/{oCompany}", want: all(200)},
	{route: "PATCH /objectives/{objective}", path: "/objectives/{oMentor}", ifMatch: "{oMentor.etag}",
		body: `{"description":"with the platform team"}`, want: ownerWrites(200)},
	{route: "POST /objectives/{objective}/activate", path: "/objectives/{oDraft}/activate", ifMatch: "{oDraft.etag}", want: ownerWrites(200)},
	{route: "POST /objectives/{objective}/close", path: "/objectives/{oMentor}/close", body: `{"reflection":"done"}`, want: ownerWrites(200)},
	{route: "POST /objectives/{objective}/carry", path: "/objectives/{oClosed}/carry", want: ownerWrites(201)},
	{route: "POST /objectives/{objective}/key-results", path: "/objectives/{oMentor}/key-results",
		body: `{"title":"Workshops run","kind":"increase","start":0,"target":3}`, want: ownerWrites(200)},
	{route: "PATCH /objectives/{objective}/key-results/{keyResult}", path: "/objectives/{oMentor}/key-results/{krB}",
		ifMatch: "{oMentor.etag}", body: `{"title":"ICF certificate"}`, want: ownerWrites(200)},
	{route: "DELETE /objectives/{objective}/key-results/{keyResult}", path: "/objectives/{oMentor}/key-results/{krB}",
		ifMatch: "{oMentor.etag}", want: ownerWrites(200)},
	{route: "GET /objectives/{objective}/check-ins", path: "/objectives/{oMentor}/check-ins", want: mentorReads},
	{route: "GET /objectives/{objective}/check-ins", path: "/objectives/{oPrivate}/check-ins", want: ownerOnly(200)},
	{route: "GET /objectives/{objective}/key-results/{keyResult}/check-ins", path: "/objectives/{oMentor}/key-results/{krA}/check-ins", want: mentorReads},
	{route: "GET /objectives/{objective}/key-results/{keyResult}/check-ins", path: "/objectives/{oCompany}/key-results/{krC}/check-ins", want: all(200)},
	{route: "POST /objectives/{objective}/key-results/{keyResult}/check-ins", path: "/objectives/{oMentor}/key-results/{krA}/check-ins",
		body: `{"value":6,"confidence":7,"note":"two more"}`, want: ownerWrites(201)},
	{route: "POST /objectives/{objective}/key-results/{keyResult}/check-ins", path: "/objectives/{oPrivate}/key-results/{krP}/check-ins",
		body: `{"value":6,"confidence":7}`, want: ownerOnly(201)},
	{route: "POST /objectives/{objective}/key-results/{keyResult}/check-ins", path: "/objectives/{oCompany}/key-results/{krC}/check-ins",
		body: `{"value":1,"confidence":9}`, want: [5]int{201, 403, 403, 403, 401}},
	{route: "GET /objectives/{objective}/comments", path: "/objectives/{oMentor}/comments", want: mentorReads},
	{route: "GET /objectives/{objective}/comments", path: "/objectives/{oPrivate}/comments", want: ownerOnly(200)},
	{route: "POST /objectives/{objective}/comments", path: "/objectives/{oMentor}/comments", body: `{"body":"Well done"}`, want: [5]int{201, 201, 404, 404, 401}},
	{route: "POST /objectives/{objective}/comments", path: "/objectives/{oPrivate}/comments", body: `{"body":"Well done"}`, want: ownerOnly(201)},
	{route: "POST /objectives/{objective}/comments", path: "/objectives/{oCompany}/comments", body: `{"body":"Well done"}`, want: all(201)},

	{route: "POST /suggestions", path: "/suggestions", body: `{"to":"ana","goalId":"{gCompany}","message":"you would enjoy it",
		"objective":{"title":"Talk at a meetup","keyResults":[{"title":"Talk given","kind":"milestone"}]}}`,
		want: [5]int{422, 201, 201, 201, 401}}, // nobody suggests to themselves
	{route: "POST /suggestions", path: "/suggestions", body: `{"to":"ana","goalId":"{gPrivate}",
		"objective":{"title":"Talk at a meetup","keyResults":[{"title":"Talk given","kind":"milestone"}]}}`,
		want: [5]int{422, 404, 404, 404, 401}}, // a goal the suggester may not see
	{route: "GET /suggestions/{suggestion}", path: "/suggestions/{sMia}", want: [5]int{200, 200, 404, 404, 401}},
	{route: "GET /suggestions/{suggestion}", path: "/suggestions/{sOlaf}", want: [5]int{200, 404, 200, 404, 401}},
	{route: "POST /suggestions/{suggestion}/accept", path: "/suggestions/{sMia}/accept", want: [5]int{201, 403, 404, 404, 401}},
	{route: "POST /suggestions/{suggestion}/decline", path: "/suggestions/{sMia}/decline", body: `{"reason":"not this year"}`,
		want: [5]int{200, 403, 404, 404, 401}},
	{route: "POST /suggestions/{suggestion}/withdraw", path: "/suggestions/{sMia}/withdraw", ifMatch: "{sMia.etag}",
		want: [5]int{403, 200, 404, 404, 401}},
	{route: "GET /me/suggestions/received", path: "/me/suggestions/received?status=pending", want: all(200)},
	{route: "GET /me/suggestions/sent", path: "/me/suggestions/sent", want: all(200)},
}

// Common rows of expected statuses.
var (
	// mentorReads: the owner and her mentor read; others are told it
	// does not exist.
	mentorReads = [5]int{200, 200, 404, 404, 401}
)

// ownerOnly: only the owner; everybody else is told it does not exist.
func ownerOnly(ok int) [5]int { return [5]int{ok, 404, 404, 404, 401} }

// ownerWrites: only the owner; her mentor, who may see it, is forbidden;
// others are told it does not exist.
func ownerWrites(ok int) [5]int { return [5]int{ok, 403, 404, 404, 401} }

// all: everyone signed in.
func all(ok int) [5]int { return [5]int{ok, ok, ok, ok, 401} }

func TestOKRAuthorizationMatrix(t *testing.T) {
	runMatrix(t, seedOKR, okrMatrix)
}

// okrSnapshot is everything the okr store holds.
func okrSnapshot(w *world) any {
	t, ctx := w.t, context.Background()
	all := storage.PageRequest{Limit: storage.NoLimit}
	var s struct {
		Goals       []okr.Goal
		Objectives  []okr.Objective
		CheckIns    []okr.CheckIn
		Comments    []okr.Comment
		Suggestions []okr.Suggestion
	}
	for _, p := range []string{owner, mentor, other, facilitator} {
		goals, err := w.store.Goals(ctx, p, all)
		require.NoError(t, err)
		s.Goals = append(s.Goals, goals.Items...)
	}
	objs, err := w.store.Objectives(ctx, okr.ObjectiveFilter{}, all)
	require.NoError(t, err)
	s.Objectives = objs.Items
	cis, err := w.store.CheckIns(ctx, okr.CheckInFilter{}, all)
	require.NoError(t, err)
	s.CheckIns = cis.Items
	for _, o := range objs.Items {
		cs, err := w.store.Comments(ctx, o.ID, all)
		require.NoError(t, err)
		s.Comments = append(s.Comments, cs.Items...)
	}
	sgs, err := w.store.Suggestions(ctx, okr.SuggestionFilter{}, all)
	require.NoError(t, err)
	s.Suggestions = sgs.Items
	return s
}

// objectiveWithKR is a valid body of POST /goals/{goal}/objectives with
// its key result replaced by kr.
func objectiveWithKR(kr string) string {
	return `{"title":"Coach a team","keyResults":[` + kr + `]}`
}

var okrBadInput = []badRow{
	{name: "oversized body", call: call{method: "POST", path: "/goals",
		body: `{"title":"x","description":"` + strings.Repeat("a", httpapi.DefaultMaxBodyBytes) + `"}`},
		status: 413, typ: httpapi.ProblemBodyTooLarge},
	{name: "oversized body of unknown length", call: call{method: "POST", path: "/goals", unknownLength: true,
		body: `{"title":"x","description":"` + strings.Repeat("a", httpapi.DefaultMaxBodyBytes) + `"}`},
		status: 413, typ: httpapi.ProblemBodyTooLarge},
	{name: "malformed JSON", call: call{method: "POST", path: "/goals", body: `{"title":`},
		status: 400, typ: httpapi.ProblemMalformedBody},
	{name: "not JSON at all", call: call{method: "POST", path: "/goals", body: `title=Learn+Go`},
		status: 400, typ: httpapi.ProblemMalformedBody},
	// kin-openapi's validator reads the first JSON value only, so the
	// document cannot be asked about the second.
	{name: "two JSON values", call: call{method: "POST", path: "/goals", body: `{"title":"a"} {"title":"b"}`},
		status: 400, typ: httpapi.ProblemMalformedBody, docValid: true},
	{name: "array instead of object", call: call{method: "POST", path: "/goals", body: `[{"title":"a"}]`},
		status: 400, typ: httpapi.ProblemMalformedBody},
	{name: "missing body", call: call{method: "POST", path: "/goals"},
		status: 400, typ: httpapi.ProblemMalformedBody},
	{name: "wrong type", call: call{method: "POST", path: "/goals", body: `{"title":5}`},
		status: 400, typ: httpapi.ProblemMalformedBody, pointer: "/title"},
	{name: "wrong type nested", call: call{method: "POST", path: "/goals/{gMentor}/objectives",
		body: objectiveWithKR(`{"title":"k","kind":"increase","start":"zero","target":1}`)},
		status: 400, typ: httpapi.ProblemMalformedBody, pointer: "/keyResults/0/start"},
	{name: "number out of range", call: call{method: "POST", path: "/goals", body: `{"title":"x","horizonYear":1e99}`},
		status: 400, typ: httpapi.ProblemMalformedBody, pointer: "/horizonYear"},
	{name: "fractional integer", call: call{method: "POST", path: "/objectives/{oMentor}/key-results/{krA}/check-ins",
		body: `{"value":1,"confidence":6.5}`}, status: 400, typ: httpapi.ProblemMalformedBody, pointer: "/confidence"},
	{name: "timestamp not RFC 3339", call: call{method: "POST", path: "/goals/{gMentor}/objectives",
		body: `{"title":"x","draft":true,"period":{"start":"2026-01-01","end":"2026-12-31"}}`},
		status: 400, typ: httpapi.ProblemMalformedBody},
	{name: "unknown field", call: call{method: "POST", path: "/goals", body: `{"title":"x","owner":"olaf"}`},
		status: 400, typ: httpapi.ProblemUnknownField},
	{name: "unknown nested field", call: call{method: "POST", path: "/goals/{gMentor}/objectives",
		body: objectiveWithKR(`{"title":"k","kind":"milestone","current":1}`)},
		status: 400, typ: httpapi.ProblemUnknownField},
	{name: "goal given in body and path", call: call{method: "POST", path: "/goals/{gMentor}/objectives",
		body: `{"goalId":"{gCompany}","title":"x","draft":true}`},
		status: 400, typ: httpapi.ProblemUnknownField},
	{name: "text/plain", call: call{method: "POST", path: "/goals", body: `{"title":"x"}`, header: map[string]string{"Content-Type": "text/plain"}},
		status: 415, typ: httpapi.ProblemUnsupportedMediaType},
	{name: "no content type", call: call{method: "POST", path: "/goals", body: `{"title":"x"}`, header: map[string]string{"Content-Type": ""}},
		status: 415, typ: httpapi.ProblemUnsupportedMediaType},
	{name: "charset other than UTF-8", call: call{method: "POST", path: "/goals", body: `{"title":"x"}`,
		header: map[string]string{"Content-Type": "application/json; charset=iso-8859-1"}},
		status: 415, typ: httpapi.ProblemUnsupportedMediaType, docValid: true},
	{name: "null body", call: call{method: "POST", path: "/goals", body: `null`},
		status: 422, typ: httpapi.ProblemValidation, pointer: "/title"},
	{name: "blank title", call: call{method: "POST", path: "/goals", body: `{"title":"   "}`},
		status: 422, typ: httpapi.ProblemValidation, pointer: "/title", docValid: true},
	{name: "target equals start", call: call{method: "POST", path: "/goals/{gMentor}/objectives",
		body: objectiveWithKR(`{"title":"k","kind":"increase","start":1,"target":1}`)},
		status: 422, typ: httpapi.ProblemValidation, pointer: "/keyResults/0/target", docValid: true},
	{name: "suggestion to oneself without key results", call: call{method: "POST", path: "/suggestions",
		body: `{"to":"ana","objective":{"title":"x","keyResults":[]}}`},
		status: 422, typ: httpapi.ProblemValidation, pointer: "/objective/keyResults", docValid: true},
	{name: "confidence out of range", call: call{method: "POST", path: "/objectives/{oMentor}/key-results/{krA}/check-ins",
		body: `{"value":1,"confidence":11}`}, status: 422, typ: httpapi.ProblemValidation, pointer: "/confidence"},
	{name: "malformed id", call: call{method: "GET", path: "/goals/not-a-ulid"},
		status: 404, typ: httpapi.ProblemNotFound},
	{name: "lower-case id", call: call{method: "GET", path: "/objectives/{oMentor.lower}"},
		status: 404, typ: httpapi.ProblemNotFound},
	{name: "malformed id on a write", call: call{method: "PATCH", path: "/goals/x", body: `{"title":"y"}`,
		header: map[string]string{"If-Match": `"1"`}}, status: 404, typ: httpapi.ProblemNotFound},
	{name: "malformed key result id", call: call{method: "POST", path: "/objectives/{oMentor}/key-results/kr-1/check-ins",
		body: `{"value":1,"confidence":5}`}, status: 404, typ: httpapi.ProblemNotFound},
	{name: "key result of another objective", call: call{method: "PATCH", path: "/objectives/{oMentor}/key-results/{krC}",
		body: `{"title":"y"}`, header: map[string]string{"If-Match": "{oMentor.etag}"}},
		status: 404, typ: httpapi.ProblemNotFound, docValid: true},
	{name: "missing If-Match", call: call{method: "PATCH", path: "/goals/{gMentor}", body: `{"title":"y"}`},
		status: 428, typ: httpapi.ProblemPreconditionRequired},
	{name: "missing If-Match on delete", call: call{method: "DELETE", path: "/objectives/{oMentor}/key-results/{krB}"},
		status: 428, typ: httpapi.ProblemPreconditionRequired},
	{name: "stale If-Match", call: call{method: "PATCH", path: "/goals/{gMentor}", body: `{"title":"y"}`,
		header: map[string]string{"If-Match": `"99"`}}, status: 412, typ: httpapi.ProblemStaleVersion, docValid: true},
	{name: "stale If-Match on a key result", call: call{method: "PATCH", path: "/objectives/{oMentor}/key-results/{krB}",
		body: `{"title":"y"}`, header: map[string]string{"If-Match": `"1"`}}, status: 412, typ: httpapi.ProblemStaleVersion, docValid: true},
	{name: "stale If-Match on an action", call: call{method: "POST", path: "/objectives/{oMentor}/close",
		header: map[string]string{"If-Match": `"1"`}}, status: 412, typ: httpapi.ProblemStaleVersion, docValid: true},
	{name: "weak If-Match", call: call{method: "PATCH", path: "/goals/{gMentor}", body: `{"title":"y"}`,
		header: map[string]string{"If-Match": `W/"1"`}}, status: 412, typ: httpapi.ProblemStaleVersion, docValid: true},
	{name: "unquoted If-Match", call: call{method: "PATCH", path: "/goals/{gMentor}", body: `{"title":"y"}`,
		header: map[string]string{"If-Match": `1`}}, status: 400, typ: httpapi.ProblemInvalidParameter, docValid: true},
	{name: "If-Match list", call: call{method: "DELETE", path: "/objectives/{oMentor}/key-results/{krB}",
		header: map[string]string{"If-Match": `"1", "2"`}}, status: 400, typ: httpapi.ProblemInvalidParameter, docValid: true},
	{name: "limit zero", call: call{method: "GET", path: "/people/ana/goals?limit=0"},
		status: 400, typ: httpapi.ProblemInvalidParameter},
	{name: "limit too large", call: call{method: "GET", path: "/people/ana/objectives?limit=501"},
		status: 400, typ: httpapi.ProblemInvalidParameter},
	{name: "limit not a number", call: call{method: "GET", path: "/objectives/{oMentor}/comments?limit=ten"},
		status: 400, typ: httpapi.ProblemInvalidParameter},
	{name: "malformed cursor", call: call{method: "GET", path: "/objectives/{oMentor}/check-ins?cursor=%25%25"},
		status: 400, typ: httpapi.ProblemInvalidParameter, docValid: true},
	{name: "cursor that decodes but no list made", call: call{method: "GET", path: "/people/ana/objectives?cursor=abc"},
		status: 400, typ: httpapi.ProblemInvalidParameter, docValid: true},
	{name: "unknown suggestion status", call: call{method: "GET", path: "/me/suggestions/received?status=maybe"},
		status: 400, typ: httpapi.ProblemInvalidParameter},
	{name: "method not allowed", call: call{method: "DELETE", path: "/goals/{gMentor}"},
		status: 405, typ: httpapi.ProblemMethodNotAllowed},
	{name: "unknown path", call: call{method: "GET", path: "/goals/{gMentor}/nothing"},
		status: 404, typ: httpapi.ProblemNotFound},
}

func TestOKRBadInput(t *testing.T) {
	runBadInput(t, seedOKR, okrSnapshot, okrBadInput)
}

// TestPrivateGoalsStayPrivate reads every list and board of ana's plan as
// each other person, page by page, and looks for her private goal.
func TestPrivateGoalsStayPrivate(t *testing.T) {
	w := newWorld(t)
	seedOKR(w)
	hidden := []string{secret, w.ids["gPrivate"], w.ids["oPrivate"], w.ids["krP"]}
	lists := []string{
		"/people/ana/board",
		"/people/ana/goals?limit=1",
		"/people/ana/objectives?limit=1",
		"/goals/{gCompany}/objectives?limit=1",
		"/objectives/{oCompany}/check-ins?limit=1",
		"/objectives/{oCompany}/comments?limit=1",
		"/me/suggestions/received?limit=1",
		"/me/suggestions/sent?limit=1",
	}
	boardGoals := map[string][]string{
		owner:       {w.ids["gPrivate"], w.ids["gMentor"], w.ids["gCompany"]},
		mentor:      {w.ids["gMentor"], w.ids["gCompany"]},
		other:       {w.ids["gCompany"]},
		facilitator: {w.ids["gCompany"]},
	}
	for _, viewer := range []string{owner, mentor, other, facilitator} {
		var seen strings.Builder
		for _, path := range lists {
			for _, page := range w.walk(call{method: "GET", path: w.expand(path), as: viewer}) {
				seen.Write(page.body)
				if next := page.next(t); next != "" {
					cursor, err := base64.RawURLEncoding.DecodeString(next)
					require.NoError(t, err)
					seen.Write(cursor) // a cursor must not point at a hidden value either
				}
			}
		}
		for _, h := range hidden {
			if viewer == owner {
				assert.Contains(t, seen.String(), h, "the owner sees her private goal")
			} else {
				assert.NotContains(t, seen.String(), h, "%s must not learn of ana's private goal", viewer)
			}
		}
		var board okr.Board
		w.do(call{method: "GET", path: "/people/ana/board", as: viewer}).decode(t, &board)
		var ids []string
		for _, g := range board.Goals {
			ids = append(ids, g.ID)
		}
		assert.Equal(t, boardGoals[viewer], ids, "goals on ana's board as %s sees it", viewer)
	}
}

// TestOKRJourney walks through every okr capability the way a frontend
// would, following Location headers and ETags.
func TestOKRJourney(t *testing.T) {
	w := newWorld(t)
	seedOKR(w)

	// ana sets a goal and reads it back from its Location.
	r := w.do(call{method: "POST", path: "/goals", as: owner,
		body: `{"title":"Lead a guild","whyPerson":"I like it","whyCompany":"We need one","tags":["Guilds"," community "],"visibility":"mentor"}`})
	require.Equal(t, http.StatusCreated, r.status, "%s", r.body)
	assert.Equal(t, `"1"`, r.header.Get("ETag"))
	goalURL := w.resolve("/goals", r.header.Get("Location"))
	var goal okr.Goal
	w.do(call{method: "GET", path: goalURL, as: owner}).decode(t, &goal)
	assert.Equal(t, "Lead a guild", goal.Title)
	assert.Equal(t, []string{"guilds", "community"}, goal.Tags)
	assert.Equal(t, owner, goal.Owner, "the owner is the authenticated person")
	assert.True(t, strings.HasSuffix(string(mustJSON(t, goal.CreatedAt)), `Z"`), "timestamps are UTC")

	// She changes it with its ETag; the old ETag is stale afterwards.
	r = w.do(call{method: "PATCH", path: goalURL, as: owner, body: `{"horizonYear":2028}`, header: map[string]string{"If-Match": `"1"`}})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	assert.Equal(t, `"2"`, r.header.Get("ETag"))
	r = w.do(call{method: "PATCH", path: goalURL, as: owner, body: `{"horizonYear":2029}`, header: map[string]string{"If-Match": `"1"`}})
	assert.Equal(t, http.StatusPreconditionFailed, r.status)

	// An objective under the goal, a draft first.
	r = w.do(call{method: "POST", path: goalURL + "/objectives", as: owner,
		body: `{"title":"Start the guild","kind":"aspirational","draft":true,"period":{"start":"2026-01-01T00:00:00Z","end":"2026-12-31T00:00:00Z"}}`})
	require.Equal(t, http.StatusCreated, r.status, "%s", r.body)
	objURL := w.resolve(goalURL+"/objectives", r.header.Get("Location"))
	var obj okr.Objective
	r.decode(t, &obj)
	assert.Equal(t, okr.ObjectiveDraft, obj.Status)
	r = w.do(call{method: "POST", path: objURL + "/activate", as: owner})
	assert.Equal(t, http.StatusConflict, r.status, "a draft without key results cannot be activated")
	assert.Equal(t, "okr.no_key_results", r.problem(t).Code)
	r = w.do(call{method: "POST", path: objURL + "/key-results", as: owner, body: `{"title":"Members","kind":"increase","unit":"people","start":0,"target":20}`})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	r.decode(t, &obj)
	kr := obj.KeyResults[0].ID
	r = w.do(call{method: "POST", path: objURL + "/key-results", as: owner, body: `{"title":"Charter written","kind":"milestone"}`})
	r.decode(t, &obj)
	milestone := obj.KeyResults[1].ID
	r = w.do(call{method: "PATCH", path: objURL + "/key-results/" + kr, as: owner, body: `{"target":12,"weight":2}`, header: map[string]string{"If-Match": r.header.Get("ETag")}})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	r = w.do(call{method: "DELETE", path: objURL + "/key-results/" + milestone, as: owner, header: map[string]string{"If-Match": r.header.Get("ETag")}})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	r.decode(t, &obj)
	assert.Len(t, obj.KeyResults, 1)
	r = w.do(call{method: "POST", path: objURL + "/activate", as: owner, header: map[string]string{"If-Match": r.header.Get("ETag")}})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	r = w.do(call{method: "PATCH", path: objURL, as: owner, body: `{"description":"monthly meetups","tags":["guilds"]}`, header: map[string]string{"If-Match": r.header.Get("ETag")}})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)

	// She checks in; her mentor comments; both read the history.
	r = w.do(call{method: "POST", path: objURL + "/key-results/" + kr + "/check-ins", as: owner, body: `{"value":6,"confidence":8,"note":"first meetup"}`})
	require.Equal(t, http.StatusCreated, r.status, "%s", r.body)
	r = w.do(call{method: "POST", path: objURL + "/comments", as: mentor, body: `{"body":"Great start"}`})
	require.Equal(t, http.StatusCreated, r.status, "%s", r.body)
	var checkIns storage.Page[okr.CheckIn]
	w.do(call{method: "GET", path: objURL + "/key-results/" + kr + "/check-ins", as: mentor}).decode(t, &checkIns)
	require.Len(t, checkIns.Items, 1)
	assert.Equal(t, 6.0, checkIns.Items[0].Value)
	var comments storage.Page[okr.Comment]
	w.do(call{method: "GET", path: objURL + "/comments", as: owner}).decode(t, &comments)
	require.Len(t, comments.Items, 1)
	assert.Equal(t, mentor, comments.Items[0].Author)

	// The board, as the mentor sees it, scores the check-in.
	var board okr.Board
	w.do(call{method: "GET", path: "/people/ana/board", as: mentor}).decode(t, &board)
	var card *okr.ObjectiveCard
	for _, g := range board.Goals {
		for i := range g.Objectives {
			if g.Objectives[i].ID == obj.ID {
				card = &g.Objectives[i]
			}
		}
	}
	require.NotNil(t, card, "the mentor sees the new objective on the board")
	assert.InDelta(t, 0.5, card.Score, 1e-9)
	require.Len(t, card.KeyResults[0].History, 1)

	// Suggestions: ana accepts mia's, declines olaf's, withdraws her own.
	var received storage.Page[okr.Suggestion]
	w.do(call{method: "GET", path: "/me/suggestions/received?status=pending", as: owner}).decode(t, &received)
	assert.Len(t, received.Items, 2)
	r = w.do(call{method: "POST", path: w.expand("/suggestions/{sMia}/accept"), as: owner, header: map[string]string{"If-Match": w.expand("{sMia.etag}")}})
	require.Equal(t, http.StatusCreated, r.status, "%s", r.body)
	var accepted okr.Objective
	r.decode(t, &accepted)
	assert.Equal(t, mentor, accepted.SuggestedBy)
	assert.Equal(t, w.ids["gMentor"], accepted.GoalID)
	r = w.do(call{method: "POST", path: w.expand("/suggestions/{sOlaf}/accept"), as: owner})
	assert.Equal(t, http.StatusUnprocessableEntity, r.status, "olaf's suggestion names no goal")
	r = w.do(call{method: "POST", path: w.expand("/suggestions/{sOlaf}/decline"), as: owner, body: `{"reason":"not now"}`})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	r = w.do(call{method: "POST", path: w.expand("/suggestions/{sOlaf}/decline"), as: owner})
	assert.Equal(t, http.StatusConflict, r.status)
	assert.Equal(t, "okr.suggestion_decided", r.problem(t).Code)
	r = w.do(call{method: "POST", path: w.expand("/suggestions/{sAna}/withdraw"), as: owner})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	var sent storage.Page[okr.Suggestion]
	w.do(call{method: "GET", path: "/me/suggestions/sent?status=withdrawn", as: owner}).decode(t, &sent)
	require.Len(t, sent.Items, 1)
	assert.Equal(t, w.ids["sAna"], sent.Items[0].ID)
	r = w.do(call{method: "POST", path: "/suggestions", as: mentor,
		body: w.expand(`{"to":"ana","goalId":"{gMentor}","objective":{"title":"Mentor a junior","period":{"start":"2026-07-01T00:00:00Z","end":"2026-12-31T00:00:00Z"},"keyResults":[{"title":"Sessions","kind":"increase","start":0,"target":6}]}}`)})
	require.Equal(t, http.StatusCreated, r.status, "%s", r.body)
	r = w.do(call{method: "GET", path: w.resolve("/suggestions", r.header.Get("Location")), as: owner})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)

	// Closing with an override, then carrying what was not met into 2027.
	r = w.do(call{method: "POST", path: objURL + "/close", as: owner, body: `{"override":0.6,"reason":"the guild exists","reflection":"slow start"}`})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	r.decode(t, &obj)
	require.NotNil(t, obj.Closing)
	assert.Equal(t, 0.6, obj.Closing.Final())
	r = w.do(call{method: "POST", path: objURL + "/key-results/" + kr + "/check-ins", as: owner, body: `{"value":7,"confidence":8}`})
	assert.Equal(t, http.StatusConflict, r.status)
	assert.Equal(t, "okr.objective_closed", r.problem(t).Code)
	r = w.do(call{method: "POST", path: objURL + "/carry", as: owner})
	require.Equal(t, http.StatusCreated, r.status, "%s", r.body)
	var carried okr.Objective
	r.decode(t, &carried)
	assert.Equal(t, 2027, carried.Period.Start.Year())
	assert.Equal(t, 6.0, carried.KeyResults[0].Start, "the carried key result starts where the old one ended")
	assert.Equal(t, objURL[:strings.LastIndex(objURL, "/")+1]+carried.ID, w.resolve(objURL+"/carry", r.header.Get("Location")))

	// Lists of a goal's and a person's objectives hold them all.
	var goalObjs storage.Page[okr.Objective]
	w.do(call{method: "GET", path: goalURL + "/objectives", as: owner}).decode(t, &goalObjs)
	assert.Len(t, goalObjs.Items, 2)
	var me struct {
		ID     string
		Rights httpapi.Rights
	}
	w.do(call{method: "GET", path: "/me", as: facilitator}).decode(t, &me)
	assert.Equal(t, facilitator, me.ID)
	assert.True(t, me.Rights.Facilitator)
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

// TestPagingFollowsLinks lists a person's goals two at a time by following
// Link headers and checks that together the pages hold every goal once.
func TestPagingFollowsLinks(t *testing.T) {
	w := newWorld(t)
	var want []string
	for i := range 5 {
		r := w.do(call{method: "POST", path: "/goals", as: owner, body: fmt.Sprintf(`{"title":"goal %d","visibility":"company"}`, i)})
		require.Equal(t, http.StatusCreated, r.status)
		want = append(want, r.id(t))
	}
	pages := w.walk(call{method: "GET", path: "/people/ana/goals?limit=2", as: other})
	require.Len(t, pages, 3)
	var got []string
	for i, p := range pages {
		var page storage.Page[okr.Goal]
		p.decode(t, &page)
		assert.LessOrEqual(t, len(page.Items), 2)
		for _, g := range page.Items {
			got = append(got, g.ID)
		}
		assert.Equal(t, i < 2, p.header.Get("Link") != "", "every page but the last links to the next")
		assert.Equal(t, page.Next, p.next(t), "the Link header carries the body's next cursor")
	}
	assert.Equal(t, want, got)
}
