package httpapi_test

import "testing"

// backlogWrites are the backlog routes that take a body.
var backlogWrites = []fuzzRoute{
	{"POST", "/backlog/items", owner, ""},
	{"PATCH", "/backlog/items/{iAna}", owner, "{iAna.etag}"},
	{"POST", "/backlog/items/{iAna}/support", other, ""},
	{"POST", "/backlog/items/{iAna}/reject", facilitator, ""},
	{"POST", "/backlog/items/{iAna}/duplicate", facilitator, ""},
	{"POST", "/prioritisation-meetings", facilitator, ""},
	{"PATCH", "/prioritisation-meetings/{pOpen}", facilitator, "{pOpen.etag}"},
	{"POST", "/prioritisation-meetings/{pOpen}/estimates", mentor, ""},
}

// FuzzBacklogWrite sends arbitrary bodies to the backlog write routes.
// The seed corpus is in testdata/fuzz/FuzzBacklogWrite.
func FuzzBacklogWrite(f *testing.F) {
	f.Fuzz(func(t *testing.T, route uint8, body []byte) {
		fuzzWrite(t, seedBacklog, backlogWrites[int(route)%len(backlogWrites)], body)
	})
}
