package httpapi_test

import "testing"

// sprintWrites are the sprint routes that take a body, each as a person
// who may use it, so that bodies reach the decoder and the service.
var sprintWrites = []fuzzRoute{
	{"POST", "/sprints", facilitator, ""},
	{"POST", "/sprints/{sPlan}/transitions", mentor, "{sPlan.etag}"},
	{"POST", "/sprints/{sPlan}/topics", mentor, ""},
	{"POST", "/sprints/{sPlan}/topics/{tPlan}/goals", mentor, ""},
	{"POST", "/sprints/{sActive}/goals/{gActive}/check-ins", mentor, ""},
	{"POST", "/sprints/{sReview}/goals/{gReview}/assess", mentor, ""},
	{"POST", "/sprints/{sActive}/activities", mentor, ""},
	{"PATCH", "/activities/{aTalk}", mentor, "{aTalk.etag}"},
	{"POST", "/activities/{aTalk}/attendance", mentor, ""},
	{"POST", "/activities/{aTalk}/rating", owner, ""},
	{"POST", "/sprints/{sActive}/retrospective/notes", owner, ""},
	{"POST", "/sprints/{sReview}/retrospective/actions", mentor, ""},
	{"POST", "/sprints/{sReview}/retrospective/actions/{xReview}/status", owner, ""},
	{"POST", "/sprints/{sReview}/retrospective/record", mentor, ""},
	{"POST", "/sprints/{sActive}/carried/{xOld}/resolve", owner, ""},
	{"POST", "/sprints/{sReview}/transitions", mentor, ""},
}

// FuzzSprintWrite sends arbitrary bodies to the sprint write routes: the
// route is chosen by the first argument. No body may cause a panic or a
// 5xx, and every reply must match the OpenAPI document. The seed corpus is
// in testdata/fuzz/FuzzSprintWrite.
func FuzzSprintWrite(f *testing.F) {
	f.Fuzz(func(t *testing.T, route uint8, body []byte) {
		fuzzWrite(t, seedSprint, sprintWrites[int(route)%len(sprintWrites)], body)
	})
}
