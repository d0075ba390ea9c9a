package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
)

// fuzzRoute is a write route whose body the fuzzers vary.
type fuzzRoute struct {
	method, path string
	as           string
	// ifMatch is sent when set (a fixture placeholder), so that bodies
	// reach the decoder and the service rather than stopping at 428.
	ifMatch string
}

// okrWrites are the okr routes that take a body.
var okrWrites = []fuzzRoute{
	{"POST", "/goals", owner, ""},
	{"PATCH", "/goals/{gMentor}", owner, "{gMentor.etag}"},
	{"POST", "/goals/{gMentor}/objectives", owner, ""},
	{"PATCH", "/objectives/{oMentor}", owner, "{oMentor.etag}"},
	{"POST", "/objectives/{oMentor}/close", owner, ""},
	{"POST", "/objectives/{oClosed}/carry", owner, ""},
	{"POST", "/objectives/{oMentor}/key-results", owner, ""},
	{"PATCH", "/objectives/{oMentor}/key-results/{krA}", owner, "{oMentor.etag}"},
	{"POST", "/objectives/{oMentor}/key-results/{krA}/check-ins", owner, ""},
	{"POST", "/objectives/{oMentor}/comments", mentor, ""},
	{"POST", "/suggestions", mentor, ""},
	{"POST", "/suggestions/{sMia}/accept", owner, ""},
	{"POST", "/suggestions/{sMia}/decline", owner, ""},
}

// FuzzOKRWrite sends arbitrary bodies to the okr write routes: the route
// is chosen by the first argument. No body may cause a panic or a 5xx,
// and every reply must match the OpenAPI document. The seed corpus is in
// testdata/fuzz/FuzzOKRWrite.
func FuzzOKRWrite(f *testing.F) {
	f.Fuzz(func(t *testing.T, route uint8, body []byte) {
		fuzzWrite(t, seedOKR, okrWrites[int(route)%len(okrWrites)], body)
	})
}

// fuzzWrite sends body to one route of a freshly seeded world.
func fuzzWrite(t *testing.T, seed func(*world), r fuzzRoute, body []byte) {
	w := newWorld(t)
	seed(w)
	c := call{method: r.method, path: w.expand(r.path), as: r.as, body: w.expand(string(body))}
	if r.ifMatch != "" {
		c.header = map[string]string{"If-Match": w.expand(r.ifMatch)}
	}
	reply := w.send(c)
	assert.Less(t, reply.status, http.StatusInternalServerError, "%s %s with %q: %s", c.method, c.path, body, reply.body)
}
