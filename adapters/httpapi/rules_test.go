package httpapi_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/adapters/httpapi"
	"github.com/footprint-hq/footprint/backlog"
	"github.com/footprint-hq/footprint/mentorship"
)

// TestRuleProblems checks over HTTP that a domain rule is answered with
// its own code and message, with no list in the adapter naming it: asking
// one's own team lead for mentoring, once another mentor was chosen, is
// mentorship.ErrTeamLeadIsDefault.
func TestRuleProblems(t *testing.T) {
	w := newWorld(t)
	seedMentorship(w)
	_, err := w.mentorship.Volunteer(context.Background(), teamLead, mentorship.ProfileInput{Capacity: ptr(2)})
	require.NoError(t, err)

	r := w.do(call{method: "POST", path: "/mentor-requests", as: owner, body: `{"mentor":"` + teamLead + `"}`})
	require.Equal(t, http.StatusConflict, r.status, "%s", r.body)
	p := r.problem(t)
	assert.Equal(t, httpapi.ProblemInvalidState, p.Type)
	assert.Equal(t, "mentorship.team_lead_is_default", p.Code)
	assert.Equal(t, "the team lead mentors by default: end the chosen relation to go back to them", p.Detail)
}

// TestItemTransitionProblem checks that a refused change of an item's
// status names both statuses, as a refused sprint transition does.
func TestItemTransitionProblem(t *testing.T) {
	w := newWorld(t)
	seedBacklog(w)
	r := w.do(call{method: "POST", path: w.expand("/backlog/items/{iMia}/archive"), as: facilitator})
	require.Equal(t, http.StatusConflict, r.status, "%s", r.body)
	p := r.problem(t)
	assert.Equal(t, httpapi.ProblemInvalidState, p.Type)
	assert.Equal(t, "backlog.invalid_transition", p.Code)
	assert.Equal(t, string(backlog.StatusSelected), p.From, "%s", r.body)
	assert.Equal(t, string(backlog.StatusArchived), p.To)
}
