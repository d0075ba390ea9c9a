package httpapi_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/adapters/httpapi"
	"github.com/footprint-hq/footprint/backlog"
	"github.com/footprint-hq/footprint/storage"
)

// newBacklogService is the backlog service of every test world: fay is
// the one facilitator.
func newBacklogService(store backlog.Store) *backlog.Service {
	return backlog.NewService(store,
		backlog.WithClock(func() time.Time { return now }),
		backlog.WithRoles(backlog.Facilitators(facilitator)))
}

// seedBacklog fills the learning backlog and holds two prioritisation
// meetings. Fixture names:
//
//	iAna   ana's item (effort 3), supported by olaf
//	iOlaf  olaf's item
//	iMia   mia's item, selected by pPast
//	pPast  the meeting for 2026-Q2, closed: mia rated iMia, the only
//	       item with a score, so it was selected
//	pOpen  the meeting for 2026-Q3, open, ana and mia taking part; ana
//	       rated iAna
func seedBacklog(w *world) {
	t, ctx, svc := w.t, context.Background(), w.backlog
	item := func(name, author, title string, effort *float64) {
		it, err := svc.AddItem(ctx, author, backlog.ItemInput{Title: title, Tags: []string{"cloud"}, Effort: effort})
		require.NoError(t, err)
		w.ids[name] = it.ID
	}
	item("iAna", owner, "Kubernetes basics", ptr(3.0))
	item("iOlaf", other, "Query tuning", nil)
	item("iMia", mentor, "Coaching skills", nil)
	_, err := svc.Support(ctx, other, w.ids["iAna"], backlog.SupportInput{Reason: "we run it in production"})
	require.NoError(t, err)

	past, err := svc.OpenMeeting(ctx, facilitator, backlog.MeetingInput{Quarter: "2026-Q2", Participants: []string{mentor}})
	require.NoError(t, err)
	_, err = svc.SubmitEstimates(ctx, mentor, past.ID, backlog.EstimatesInput{Estimates: []backlog.Estimate{{ItemID: w.ids["iMia"], Impact: ptr(8.0)}}})
	require.NoError(t, err)
	_, err = svc.CloseMeeting(ctx, facilitator, past.ID, 0)
	require.NoError(t, err)
	w.ids["pPast"] = past.ID

	open, err := svc.OpenMeeting(ctx, facilitator, backlog.MeetingInput{Quarter: "2026-Q3", Title: "Q3 topics",
		Participants: []string{owner, mentor}, Capacity: backlog.CapacityInput{MaxTopics: ptr(2)}})
	require.NoError(t, err)
	_, err = svc.SubmitEstimates(ctx, owner, open.ID, backlog.EstimatesInput{Estimates: []backlog.Estimate{{ItemID: w.ids["iAna"], Impact: ptr(7.0), Effort: ptr(3.0)}}})
	require.NoError(t, err)
	w.ids["pOpen"] = open.ID

	for _, name := range []string{"iAna", "iOlaf", "iMia"} {
		it, err := w.store.Item(ctx, w.ids[name])
		require.NoError(t, err)
		w.etags[name] = `"` + strconv.FormatInt(it.Version, 10) + `"`
	}
	for _, name := range []string{"pPast", "pOpen"} {
		m, err := w.store.PrioritisationMeeting(ctx, w.ids[name])
		require.NoError(t, err)
		w.etags[name] = `"` + strconv.FormatInt(m.Version, 10) + `"`
	}
}

// backlogMatrix lists every backlog route with the status each person
// gets: ana, mia, olaf, fay (the facilitator) and an unauthenticated
// request. Items and meetings are open to everyone signed in; the
// service's Roles decide who facilitates.
var backlogMatrix = []matrixRow{
	{route: "GET /backlog/policies", path: "/backlog/policies", want: all(200)},
	{route: "GET /backlog/items", path: "/backlog/items", want: all(200)},
	{route: "GET /backlog/items", path: "/backlog/items?status=open&suggestedBy=ana", want: all(200)},
	{route: "GET /backlog/items", path: "/backlog/items?meeting={pPast}", want: all(200)},
	{route: "POST /backlog/items", path: "/backlog/items",
		body: `{"title":"Domain-driven design","tags":["DDD"],"links":["https://example.com/ddd"],"effort":4}`, want: all(201)},
	{route: "GET /backlog/items/{item}", path: "/backlog/items/{iAna}", want: all(200)},
	{route: "PATCH /backlog/items/{item}", path: "/backlog/items/{iAna}", ifMatch: "{iAna.etag}", body: `{"description":"pods and services"}`,
		want: [5]int{200, 403, 403, 403, 401}},
	{route: "PATCH /backlog/items/{item}", path: "/backlog/items/{iMia}", ifMatch: "{iMia.etag}", body: `{"title":"Coaching"}`,
		want: [5]int{403, 409, 403, 403, 401}}, // selected once: locked
	{route: "POST /backlog/items/{item}/support", path: "/backlog/items/{iAna}/support", body: `{"reason":"useful"}`, want: all(200)},
	{route: "POST /backlog/items/{item}/support", path: "/backlog/items/{iMia}/support", want: all(409)},
	{route: "POST /backlog/items/{item}/unsupport", path: "/backlog/items/{iAna}/unsupport", want: all(200)},
	{route: "POST /backlog/items/{item}/reject", path: "/backlog/items/{iAna}/reject", body: `{"reason":"out of scope"}`,
		want: facilitatorOnly(200)},
	{route: "POST /backlog/items/{item}/duplicate", path: "/backlog/items/{iAna}/duplicate", body: `{"of":"{iOlaf}"}`,
		want: facilitatorOnly(200)},
	{route: "POST /backlog/items/{item}/archive", path: "/backlog/items/{iAna}/archive", ifMatch: "{iAna.etag}",
		want: facilitatorOnly(200)},
	{route: "POST /backlog/items/{item}/archive", path: "/backlog/items/{iMia}/archive", want: facilitatorOnly(409)},
	{route: "POST /backlog/items/{item}/release", path: "/backlog/items/{iMia}/release", ifMatch: "{iMia.etag}",
		want: facilitatorOnly(200)},
	{route: "POST /backlog/items/{item}/release", path: "/backlog/items/{iAna}/release", want: facilitatorOnly(409)},

	{route: "GET /prioritisation-meetings", path: "/prioritisation-meetings", want: all(200)},
	{route: "GET /prioritisation-meetings", path: "/prioritisation-meetings?status=open&quarter=2026-Q3", want: all(200)},
	{route: "POST /prioritisation-meetings", path: "/prioritisation-meetings",
		body: `{"quarter":"2026-Q4","participants":["ana","mia","olaf"],"policy":{"name":"aging","params":{"rate":0.2},"base":{"name":"wsjf"}},"capacity":{"maxTopics":2,"budget":10}}`,
		want: facilitatorOnly(201)},
	{route: "GET /prioritisation-meetings/{meeting}", path: "/prioritisation-meetings/{pOpen}", want: all(200)},
	{route: "GET /prioritisation-meetings/{meeting}", path: "/prioritisation-meetings/{pPast}", want: all(200)},
	{route: "PATCH /prioritisation-meetings/{meeting}", path: "/prioritisation-meetings/{pOpen}", ifMatch: "{pOpen.etag}",
		body: `{"participants":["ana","mia","olaf"],"capacity":{"budget":8}}`, want: facilitatorOnly(200)},
	{route: "POST /prioritisation-meetings/{meeting}/estimates", path: "/prioritisation-meetings/{pOpen}/estimates",
		body: `{"estimates":[{"itemId":"{iOlaf}","impact":5}],"ballot":["{iOlaf}","{iAna}"]}`, want: [5]int{200, 200, 403, 403, 401}},
	{route: "POST /prioritisation-meetings/{meeting}/estimates", path: "/prioritisation-meetings/{pPast}/estimates",
		body: `{"estimates":[{"itemId":"{iOlaf}","impact":5}]}`, want: [5]int{403, 409, 403, 403, 401}},
	{route: "GET /prioritisation-meetings/{meeting}/preview", path: "/prioritisation-meetings/{pOpen}/preview", want: all(200)},
	{route: "GET /prioritisation-meetings/{meeting}/preview", path: "/prioritisation-meetings/{pOpen}/preview?policy=" +
		url.QueryEscape("aging(rate=0.5; wsjf)"), want: all(200)},
	{route: "GET /prioritisation-meetings/{meeting}/preview", path: "/prioritisation-meetings/{pPast}/preview?policy=borda", want: all(409)},
	{route: "POST /prioritisation-meetings/{meeting}/close", path: "/prioritisation-meetings/{pOpen}/close", ifMatch: "{pOpen.etag}",
		want: facilitatorOnly(200)},
	{route: "POST /prioritisation-meetings/{meeting}/close", path: "/prioritisation-meetings/{pPast}/close", want: facilitatorOnly(409)},
	{route: "POST /prioritisation-meetings/{meeting}/cancel", path: "/prioritisation-meetings/{pOpen}/cancel", want: facilitatorOnly(200)},
	{route: "GET /prioritisation-meetings/{meeting}/replay", path: "/prioritisation-meetings/{pPast}/replay", want: all(200)},
	{route: "GET /prioritisation-meetings/{meeting}/replay", path: "/prioritisation-meetings/{pOpen}/replay", want: all(409)},
}

func TestBacklogAuthorizationMatrix(t *testing.T) {
	runMatrix(t, seedBacklog, backlogMatrix)
}

// backlogSnapshot is everything the backlog store holds.
func backlogSnapshot(w *world) any {
	t, ctx := w.t, context.Background()
	every := storage.PageRequest{Limit: storage.NoLimit}
	items, err := w.store.Items(ctx, backlog.ItemFilter{}, every)
	require.NoError(t, err)
	meetings, err := w.store.PrioritisationMeetings(ctx, backlog.MeetingFilter{}, every)
	require.NoError(t, err)
	return struct {
		Items    []backlog.Item
		Meetings []backlog.Meeting
	}{items.Items, meetings.Items}
}

var backlogBadInput = []badRow{
	{name: "oversized item", call: call{method: "POST", path: "/backlog/items",
		body: `{"title":"x","description":"` + strings.Repeat("a", httpapi.DefaultMaxBodyBytes) + `"}`},
		status: 413, typ: httpapi.ProblemBodyTooLarge},
	{name: "oversized estimates of unknown length", call: call{method: "POST", path: "/prioritisation-meetings/{pOpen}/estimates", unknownLength: true,
		body: `{"estimates":[` + strings.Repeat(`{"itemId":"{iOlaf}","impact":5},`, httpapi.DefaultMaxBodyBytes/30) + `{"itemId":"{iAna}","impact":5}]}`},
		status: 413, typ: httpapi.ProblemBodyTooLarge},
	{name: "malformed JSON", call: call{method: "POST", path: "/backlog/items", body: `{"title":"x",}`},
		status: 400, typ: httpapi.ProblemMalformedBody},
	{name: "missing reason body", call: call{method: "POST", path: "/backlog/items/{iAna}/reject", as: facilitator},
		status: 400, typ: httpapi.ProblemMalformedBody},
	{name: "effort as a string", call: call{method: "POST", path: "/backlog/items", body: `{"title":"x","effort":"3 days"}`},
		status: 400, typ: httpapi.ProblemMalformedBody, pointer: "/effort"},
	{name: "impact as a string", call: call{method: "POST", path: "/prioritisation-meetings/{pOpen}/estimates",
		body: `{"estimates":[{"itemId":"{iOlaf}","impact":5},{"itemId":"{iAna}","impact":"high"}]}`},
		status: 400, typ: httpapi.ProblemMalformedBody, pointer: "/estimates/1/impact"},
	{name: "policy params of the wrong type", call: call{method: "POST", path: "/prioritisation-meetings", as: facilitator,
		body: `{"quarter":"2026-Q4","participants":["ana"],"policy":{"name":"aging","params":{"rate":"fast"}}}`},
		status: 400, typ: httpapi.ProblemMalformedBody, pointer: "/policy/params/rate"},
	{name: "item naming its author", call: call{method: "POST", path: "/backlog/items", body: `{"title":"x","suggestedBy":"olaf"}`},
		status: 400, typ: httpapi.ProblemUnknownField},
	{name: "unknown field of an estimate", call: call{method: "POST", path: "/prioritisation-meetings/{pOpen}/estimates",
		body: `{"estimates":[{"itemId":"{iOlaf}","impact":5,"participant":"mia"}]}`},
		status: 400, typ: httpapi.ProblemUnknownField},
	{name: "meeting changes naming the policy", call: call{method: "PATCH", path: "/prioritisation-meetings/{pOpen}", as: facilitator,
		body: `{"policy":{"name":"wsjf"}}`, header: map[string]string{"If-Match": "{pOpen.etag}"}},
		status: 400, typ: httpapi.ProblemUnknownField},
	{name: "no content type", call: call{method: "POST", path: "/backlog/items", body: `{"title":"x"}`,
		header: map[string]string{"Content-Type": ""}}, status: 415, typ: httpapi.ProblemUnsupportedMediaType},
	{name: "blank title", call: call{method: "POST", path: "/backlog/items", body: `{"title":"  "}`},
		status: 422, typ: httpapi.ProblemValidation, pointer: "/title", docValid: true},
	{name: "relative link", call: call{method: "POST", path: "/backlog/items", body: `{"title":"x","links":["https://ok.example","docs/ddd"]}`},
		status: 422, typ: httpapi.ProblemValidation, pointer: "/links/1", docValid: true},
	{name: "zero effort", call: call{method: "PATCH", path: "/backlog/items/{iAna}", body: `{"effort":0}`,
		header: map[string]string{"If-Match": "{iAna.etag}"}}, status: 422, typ: httpapi.ProblemValidation, pointer: "/effort"},
	{name: "effort removed and set", call: call{method: "PATCH", path: "/backlog/items/{iAna}", body: `{"effort":2,"removeEffort":true}`,
		header: map[string]string{"If-Match": "{iAna.etag}"}}, status: 422, typ: httpapi.ProblemValidation, pointer: "/removeEffort", docValid: true},
	{name: "duplicate of an unknown item", call: call{method: "POST", path: "/backlog/items/{iAna}/duplicate", as: facilitator,
		body: `{"of":"01ARZ3NDEKTSV4RRFFQ69G5FAV"}`}, status: 422, typ: httpapi.ProblemValidation, pointer: "/of", docValid: true},
	{name: "malformed quarter", call: call{method: "POST", path: "/prioritisation-meetings", as: facilitator,
		body: `{"quarter":"Q3 2026","participants":["ana"]}`}, status: 422, typ: httpapi.ProblemValidation, pointer: "/quarter", docValid: true},
	{name: "unknown policy", call: call{method: "POST", path: "/prioritisation-meetings", as: facilitator,
		body: `{"quarter":"2026-Q4","participants":["ana"],"policy":{"name":"coin-toss"}}`},
		status: 422, typ: httpapi.ProblemValidation, pointer: "/policy/name", docValid: true},
	{name: "no participants", call: call{method: "POST", path: "/prioritisation-meetings", as: facilitator,
		body: `{"quarter":"2026-Q4","participants":[]}`}, status: 422, typ: httpapi.ProblemValidation, pointer: "/participants"},
	{name: "estimate of an item not open", call: call{method: "POST", path: "/prioritisation-meetings/{pOpen}/estimates",
		body: `{"estimates":[{"itemId":"{iMia}","impact":5}]}`}, status: 422, typ: httpapi.ProblemValidation, pointer: "/estimates/0/itemId", docValid: true},
	{name: "impact out of range", call: call{method: "POST", path: "/prioritisation-meetings/{pOpen}/estimates",
		body: `{"estimates":[{"itemId":"{iOlaf}","impact":11}]}`}, status: 422, typ: httpapi.ProblemValidation, pointer: "/estimates/0/impact"},
	{name: "empty submission", call: call{method: "POST", path: "/prioritisation-meetings/{pOpen}/estimates", body: `{}`},
		status: 422, typ: httpapi.ProblemValidation, pointer: "/estimates", docValid: true},
	{name: "malformed item id", call: call{method: "GET", path: "/backlog/items/item-1"},
		status: 404, typ: httpapi.ProblemNotFound},
	{name: "malformed meeting id on a write", call: call{method: "POST", path: "/prioritisation-meetings/{pOpen.lower}/close", as: facilitator},
		status: 404, typ: httpapi.ProblemNotFound},
	{name: "unknown item", call: call{method: "POST", path: "/backlog/items/01ARZ3NDEKTSV4RRFFQ69G5FAV/support"},
		status: 404, typ: httpapi.ProblemNotFound, docValid: true},
	{name: "missing If-Match on an item", call: call{method: "PATCH", path: "/backlog/items/{iAna}", body: `{"title":"y"}`},
		status: 428, typ: httpapi.ProblemPreconditionRequired},
	{name: "missing If-Match on a meeting", call: call{method: "PATCH", path: "/prioritisation-meetings/{pOpen}", as: facilitator,
		body: `{"title":"y"}`}, status: 428, typ: httpapi.ProblemPreconditionRequired},
	{name: "stale If-Match on an item", call: call{method: "PATCH", path: "/backlog/items/{iAna}", body: `{"title":"y"}`,
		header: map[string]string{"If-Match": `"1"`}}, status: 412, typ: httpapi.ProblemStaleVersion, docValid: true},
	{name: "stale If-Match on reject", call: call{method: "POST", path: "/backlog/items/{iAna}/reject", as: facilitator,
		body: `{"reason":"no"}`, header: map[string]string{"If-Match": `"1"`}}, status: 412, typ: httpapi.ProblemStaleVersion, docValid: true},
	{name: "stale If-Match on close", call: call{method: "POST", path: "/prioritisation-meetings/{pOpen}/close", as: facilitator,
		header: map[string]string{"If-Match": `"1"`}}, status: 412, typ: httpapi.ProblemStaleVersion, docValid: true},
	{name: "unknown item status", call: call{method: "GET", path: "/backlog/items?status=pending"},
		status: 400, typ: httpapi.ProblemInvalidParameter},
	{name: "malformed meeting filter", call: call{method: "GET", path: "/backlog/items?meeting=m1"},
		status: 400, typ: httpapi.ProblemInvalidParameter},
	{name: "malformed quarter filter", call: call{method: "GET", path: "/prioritisation-meetings?quarter=2026-Q5"},
		status: 400, typ: httpapi.ProblemInvalidParameter},
	{name: "malformed policy", call: call{method: "GET", path: "/prioritisation-meetings/{pOpen}/preview?policy=" + url.QueryEscape("aging(rate=0.5")},
		status: 400, typ: httpapi.ProblemInvalidParameter, docValid: true},
	{name: "unknown policy in a preview", call: call{method: "GET", path: "/prioritisation-meetings/{pOpen}/preview?policy=coin-toss"},
		status: 400, typ: httpapi.ProblemInvalidParameter, docValid: true},
	{name: "unknown policy parameter", call: call{method: "GET", path: "/prioritisation-meetings/{pOpen}/preview?policy=" + url.QueryEscape("wsjf(rate=1)")},
		status: 400, typ: httpapi.ProblemInvalidParameter, docValid: true},
	{name: "method not allowed", call: call{method: "DELETE", path: "/backlog/items/{iAna}"},
		status: 405, typ: httpapi.ProblemMethodNotAllowed},
}

func TestBacklogBadInput(t *testing.T) {
	runBadInput(t, seedBacklog, backlogSnapshot, backlogBadInput)
}

// TestBacklogJourney walks through the backlog capabilities the way a
// frontend would, following Location headers and ETags.
func TestBacklogJourney(t *testing.T) {
	w := newWorld(t)
	seedBacklog(w)
	ifMatch := func(etag string) map[string]string { return map[string]string{"If-Match": etag} }

	// olaf suggests an item and edits it; ana supports it, then changes
	// her mind.
	r := w.do(call{method: "POST", path: "/backlog/items", as: other,
		body: `{"title":"Event sourcing","description":"events as the source of truth","tags":["Architecture"," DDD "],"links":[" https://example.com/es "]}`})
	require.Equal(t, http.StatusCreated, r.status, "%s", r.body)
	itemURL := w.resolve("/backlog/items", r.header.Get("Location"))
	var it backlog.Item
	w.do(call{method: "GET", path: itemURL, as: owner}).decode(t, &it)
	assert.Equal(t, []string{"architecture", "ddd"}, it.Tags)
	assert.Equal(t, []string{"https://example.com/es"}, it.Links)
	assert.Equal(t, other, it.SuggestedBy, "the author is the authenticated person")
	r = w.do(call{method: "PATCH", path: itemURL, as: other, body: `{"effort":5}`, header: ifMatch(`"1"`)})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	r = w.do(call{method: "PATCH", path: itemURL, as: other, body: `{"removeEffort":true}`, header: ifMatch(`"1"`)})
	assert.Equal(t, http.StatusPreconditionFailed, r.status)
	r = w.do(call{method: "POST", path: itemURL + "/support", as: owner})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	r.decode(t, &it)
	assert.Equal(t, 1, it.SupportCount())
	r = w.do(call{method: "POST", path: itemURL + "/unsupport", as: owner})
	r.decode(t, &it)
	assert.Equal(t, 0, it.SupportCount())

	// fay marks it a duplicate of olaf's first item, which stays open.
	r = w.do(call{method: "POST", path: itemURL + "/duplicate", as: facilitator, body: w.expand(`{"of":"{iOlaf}"}`)})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	r.decode(t, &it)
	assert.Equal(t, backlog.StatusDuplicate, it.Status)
	r = w.do(call{method: "POST", path: itemURL + "/archive", as: facilitator})
	assert.Equal(t, http.StatusConflict, r.status)
	assert.Equal(t, "backlog.invalid_transition", r.problem(t).Code)
	var page storage.Page[backlog.Item]
	w.do(call{method: "GET", path: "/backlog/items?status=open", as: mentor}).decode(t, &page)
	assert.Len(t, page.Items, 2, "iAna and iOlaf are open")
	w.do(call{method: "GET", path: w.expand("/backlog/items?meeting={pPast}"), as: mentor}).decode(t, &page)
	require.Len(t, page.Items, 1)
	assert.Equal(t, w.ids["iMia"], page.Items[0].ID)

	// The policies a switcher offers.
	var policies struct{ Items []string }
	w.do(call{method: "GET", path: "/backlog/policies", as: owner}).decode(t, &policies)
	assert.Equal(t, backlog.PolicyNames(), policies.Items)

	// mia rates olaf's item higher than ana rated hers and ranks it first
	// on her ballot; the previews under impact and borda agree, and WSJF
	// puts ana's item first (olaf's has no effort).
	meetingURL := w.expand("/prioritisation-meetings/{pOpen}")
	r = w.do(call{method: "POST", path: meetingURL + "/estimates", as: mentor,
		body: w.expand(`{"estimates":[{"itemId":"{iOlaf}","impact":9},{"itemId":"{iAna}","impact":5,"effort":2}],"ballot":["{iOlaf}","{iAna}"]}`)})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	selected := func(path string) []string {
		var p backlog.Preview
		w.do(call{method: "GET", path: path, as: other}).decode(t, &p)
		return p.Result.Selected
	}
	assert.Equal(t, []string{w.ids["iOlaf"], w.ids["iAna"]}, selected(meetingURL+"/preview"))
	assert.Equal(t, []string{w.ids["iOlaf"], w.ids["iAna"]}, selected(meetingURL+"/preview?policy=borda"))
	assert.Equal(t, []string{w.ids["iAna"]}, selected(meetingURL+"/preview?policy=wsjf"))
	var aging backlog.Preview
	w.do(call{method: "GET", path: meetingURL + "/preview?policy=" + url.QueryEscape("AGING(rate=0.25; wsjf)"), as: other}).decode(t, &aging)
	assert.Equal(t, backlog.PolicySpec{Name: "aging", Params: map[string]float64{"rate": 0.25}, Base: &backlog.PolicySpec{Name: "wsjf"}},
		aging.Snapshot.Policy)
	r = w.do(call{method: "GET", path: meetingURL + "/preview?policy=coin-toss", as: other})
	assert.Equal(t, "backlog.unknown_policy", r.problem(t).Code)

	// fay limits the capacity to one topic and closes the meeting: olaf's
	// item is selected, and a replay decides the same.
	r = w.do(call{method: "GET", path: meetingURL, as: facilitator})
	r = w.do(call{method: "PATCH", path: meetingURL, as: facilitator, body: `{"title":"Q3","capacity":{"maxTopics":1}}`, header: ifMatch(r.header.Get("ETag"))})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	r = w.do(call{method: "POST", path: meetingURL + "/close", as: facilitator, header: ifMatch(r.header.Get("ETag"))})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	var closed backlog.Meeting
	r.decode(t, &closed)
	assert.Equal(t, backlog.MeetingClosed, closed.Status)
	assert.Equal(t, []string{w.ids["iOlaf"]}, closed.Selected())
	var replay backlog.Result
	w.do(call{method: "GET", path: meetingURL + "/replay", as: owner}).decode(t, &replay)
	assert.Equal(t, *closed.Result, replay)
	w.do(call{method: "GET", path: w.expand("/backlog/items/{iOlaf}"), as: owner}).decode(t, &it)
	assert.Equal(t, backlog.StatusSelected, it.Status)
	assert.Equal(t, closed.ID, it.MeetingID)
	r = w.do(call{method: "POST", path: meetingURL + "/cancel", as: facilitator})
	assert.Equal(t, "backlog.meeting_not_open", r.problem(t).Code)

	// fay opens the next meeting and cancels it; lists filter by state
	// and quarter.
	r = w.do(call{method: "POST", path: "/prioritisation-meetings", as: facilitator,
		body: `{"quarter":"2026-Q4","title":"Q4","participants":["ana","olaf"],"aggregation":"mean","policy":{"name":"rice"}}`})
	require.Equal(t, http.StatusCreated, r.status, "%s", r.body)
	nextURL := w.resolve("/prioritisation-meetings", r.header.Get("Location"))
	r = w.do(call{method: "POST", path: nextURL + "/estimates", as: owner, body: w.expand(`{"estimates":[{"itemId":"{iAna}","impact":5}]}`)})
	assert.Equal(t, http.StatusUnprocessableEntity, r.status, "rice needs reach, confidence and effort")
	r = w.do(call{method: "POST", path: nextURL + "/cancel", as: facilitator})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	var meetings storage.Page[backlog.Meeting]
	w.do(call{method: "GET", path: "/prioritisation-meetings?status=closed", as: owner}).decode(t, &meetings)
	assert.Len(t, meetings.Items, 2)
	w.do(call{method: "GET", path: "/prioritisation-meetings?quarter=2026-Q4", as: owner}).decode(t, &meetings)
	require.Len(t, meetings.Items, 1)
	assert.Equal(t, backlog.MeetingCancelled, meetings.Items[0].Status)
}

// TestParsePolicy checks the compact policy form of ?policy= through the
// preview route: what parses reaches the service, what does not is
// answered 400.
func TestParsePolicy(t *testing.T) {
	w := newWorld(t)
	seedBacklog(w)
	path := w.expand("/prioritisation-meetings/{pOpen}/preview?policy=")
	tests := []struct {
		policy string
		want   *backlog.PolicySpec // nil: 400
	}{
		{"wsjf", &backlog.PolicySpec{Name: "wsjf"}},
		{" rice ", &backlog.PolicySpec{Name: "rice"}},
		{"aging(rate=0.2)", &backlog.PolicySpec{Name: "aging", Params: map[string]float64{"rate": 0.2}, Base: &backlog.PolicySpec{Name: "impact"}}},
		{"aging(wsjf)", &backlog.PolicySpec{Name: "aging", Params: map[string]float64{"rate": backlog.DefaultAgingRate}, Base: &backlog.PolicySpec{Name: "wsjf"}}},
		{"aging( rate = 1e-1 , aging(rate=2;borda) )", &backlog.PolicySpec{Name: "aging", Params: map[string]float64{"rate": 0.1},
			Base: &backlog.PolicySpec{Name: "aging", Params: map[string]float64{"rate": 2}, Base: &backlog.PolicySpec{Name: "borda"}}}},
		{"", nil},
		{"aging()", nil},
		{"aging(rate=0.2", nil},
		{"aging(rate=NaN)", nil},
		{"aging(rate=Inf)", nil},
		{"aging(rate=1, rate=2)", nil},
		{"aging(wsjf, rate=1)", nil},
		{"aging(wsjf) extra", nil},
		{"rate=1", nil},
		{"aging(rate=fast)", nil},
		{"wsjf(x=1)", nil},
		{strings.Repeat("aging(", 10) + "wsjf" + strings.Repeat(")", 10), nil},
		{strings.Repeat("x", 501), nil},
	}
	for _, tt := range tests {
		r := w.send(call{method: "GET", path: path + url.QueryEscape(tt.policy), as: owner})
		if tt.want == nil {
			assert.Equal(t, http.StatusBadRequest, r.status, "%q: %s", tt.policy, r.body)
			assert.Equal(t, httpapi.ProblemInvalidParameter, r.problem(t).Type, tt.policy)
			continue
		}
		require.Equal(t, http.StatusOK, r.status, "%q: %s", tt.policy, r.body)
		var p backlog.Preview
		r.decode(t, &p)
		assert.Equal(t, *tt.want, p.Snapshot.Policy, tt.policy)
	}
}

// TestBacklogLeftOut checks that a host without a backlog service has
// none of its routes, and none of its document.
func TestBacklogLeftOut(t *testing.T) {
	w := newWorld(t, withConfig(func(c *httpapi.Config) { c.Backlog = nil }))
	r := w.send(call{method: "GET", path: "/backlog/items", as: owner})
	assert.Equal(t, http.StatusNotFound, r.status)
	for _, route := range documentRoutes(t, w) {
		assert.NotContains(t, route, "backlog")
		assert.NotContains(t, route, "prioritisation")
	}
}
