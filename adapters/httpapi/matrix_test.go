package httpapi_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/footprint-hq/footprint/adapters/httpapi"
)

// matrixRow is one request of the authorization matrix and the status
// each person gets.
type matrixRow struct {
	// route is the pattern the request reaches, as registered.
	route string
	// path, body and ifMatch may hold fixture placeholders (see
	// world.expand).
	path, body, ifMatch string
	// want is the status for, in order, the owner, her mentor, another
	// person, a facilitator and an unauthenticated request.
	want [5]int
}

// actors are the people of a matrix row's columns.
var actors = [5]string{owner, mentor, other, facilitator, anonymous}

// baseMatrix covers the routes every configuration has.
var baseMatrix = []matrixRow{
	{route: "GET /me", path: "/me", want: all(200)},
	{route: "GET /openapi.json", path: "/openapi.json", want: [5]int{200, 200, 200, 200, 200}},
	{route: "GET /events", path: "/events", want: all(200)},
}

// streamed are the routes whose answers do not end while the client
// listens, so that the matrix cannot send them; TestEventStream… cover
// them as each person.
var streamed = []string{"GET /events/stream"}

func TestBaseAuthorizationMatrix(t *testing.T) {
	runMatrix(t, func(*world) {}, baseMatrix)
}

// runMatrix sends each row's request as each person, each on a freshly
// seeded world, and checks the status.
func runMatrix(t *testing.T, seed func(*world), rows []matrixRow) {
	for _, row := range rows {
		method, _, _ := strings.Cut(row.route, " ")
		for i, actor := range actors {
			name := row.route + " " + row.path + " as " + actor
			if actor == anonymous {
				name += "nobody"
			}
			t.Run(name, func(t *testing.T) {
				w := newWorld(t)
				seed(w)
				c := call{method: method, path: w.expand(row.path), as: actor, body: w.expand(row.body)}
				if row.ifMatch != "" {
					c.header = map[string]string{"If-Match": w.expand(row.ifMatch)}
				}
				r := w.do(c)
				assert.Equal(t, row.want[i], r.status, "%s", r.body)
			})
		}
	}
}

// TestMatrixCoversEveryRoute checks that the matrix has a row for every
// route the handler registers, and no row for a route it does not.
func TestMatrixCoversEveryRoute(t *testing.T) {
	w := newWorld(t)
	covered := slices.Clone(streamed)
	for _, rows := range [][]matrixRow{baseMatrix, okrMatrix, mentorshipMatrix, backlogMatrix, sprintMatrix, webhookMatrix, inboxMatrix, feedsMatrix} {
		for _, row := range rows {
			covered = append(covered, row.route)
		}
	}
	routes := httpapi.Routes(w.api)
	slices.Sort(covered)
	covered = slices.Compact(covered)
	slices.Sort(routes)
	assert.Equal(t, routes, covered)
	assert.Contains(t, routes, http.MethodGet+" /openapi.json")
}
