package httpapi_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// badRow is a request that is bad on purpose and what it must be answered.
type badRow struct {
	name string
	// call is sent as the owner unless it names another person; its path,
	// body and headers may hold fixture placeholders.
	call   call
	status int
	typ    string
	// pointer, when set, must be among the problem's field pointers.
	pointer string
	// docValid says whether the OpenAPI document describes the request as
	// valid: most bad requests are invalid there too; a stale If-Match,
	// for one, is not.
	docValid bool
}

// runBadInput sends each row on a freshly seeded world and checks the
// status, the problem type, that the document judges the request as the
// row says, and that the store holds afterwards exactly what it held
// before.
func runBadInput(t *testing.T, seed func(*world), snapshot func(*world) any, rows []badRow) {
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			w := newWorld(t)
			seed(w)
			c := row.call
			if c.as == "" {
				c.as = owner
			}
			c.path, c.body = w.expand(c.path), w.expand(c.body)
			header := map[string]string{}
			for k, v := range c.header {
				header[k] = w.expand(v)
			}
			c.header = header
			before := mustMarshal(t, snapshot(w))

			r := w.send(c)

			assert.Equal(t, row.status, r.status, "%s", r.body)
			p := r.problem(t)
			assert.Equal(t, row.typ, p.Type)
			if row.pointer != "" {
				var pointers []string
				for _, f := range p.Errors {
					pointers = append(pointers, f.Pointer)
				}
				assert.Contains(t, pointers, row.pointer)
			}
			if row.docValid {
				assert.NoError(t, r.docErr, "the document should admit this request")
			} else {
				assert.Error(t, r.docErr, "the document should reject this request too")
			}
			assert.JSONEq(t, before, mustMarshal(t, snapshot(w)), "bad input must change nothing")
		})
	}
}

func mustMarshal(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}
