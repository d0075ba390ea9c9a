package httpapi_test

import "testing"

// mentorshipWrites are the mentorship routes that take a body.
var mentorshipWrites = []fuzzRoute{
	{"POST", "/mentor-profiles", owner, ""},
	{"PATCH", "/mentor-profiles/mia", mentor, "{pMia.etag}"},
	{"POST", "/mentor-requests", owner, ""},
	{"POST", "/relations/{rPending}/accept", other, ""},
	{"POST", "/relations/{rPending}/decline", other, ""},
	{"PATCH", "/relations/{rActive}", owner, "{rActive.etag}"},
	{"POST", "/relations/{rActive}/end", mentor, ""},
	{"POST", "/relations/{rActive}/meetings", owner, ""},
	{"PATCH", "/mentor-meetings/{mtgA}", mentor, "{mtgA.etag}"},
	{"PATCH", "/mentor-meetings/{mtgA}/next-steps/{stepA}", owner, "{mtgA.etag}"},
	{"POST", "/mentorship/insights", facilitator, ""},
}

// FuzzMentorshipWrite sends arbitrary bodies to the mentorship write
// routes, as FuzzOKRWrite does to okr's. The seed corpus is in
// testdata/fuzz/FuzzMentorshipWrite.
func FuzzMentorshipWrite(f *testing.F) {
	f.Fuzz(func(t *testing.T, route uint8, body []byte) {
		fuzzWrite(t, seedMentorship, mentorshipWrites[int(route)%len(mentorshipWrites)], body)
	})
}
