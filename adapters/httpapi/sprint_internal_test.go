package httpapi

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/sprint"
	"github.com/footprint-hq/footprint/storage"
)

func TestSprintErrorTable(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("sprint: sprint X: %w", err) }
	tests := []struct {
		err      error
		ifMatch  bool
		status   int
		code     string
		from, to string
	}{
		{wrap(sprint.ErrNotFacilitator), false, 403, "sprint.not_facilitator", "", ""},
		{wrap(sprint.ErrNotParticipant), false, 403, "sprint.not_participant", "", ""},
		{wrap(sprint.ErrNotActionOwner), false, 403, "sprint.not_action_owner", "", ""},
		{wrap(sprint.ErrScopeFrozen), false, 409, "sprint.scope_frozen", "", ""},
		{wrap(sprint.ErrOverCapacity), false, 409, "sprint.over_capacity", "", ""},
		{wrap(sprint.ErrQuarterTaken), false, 409, "sprint.quarter_taken", "", ""},
		{fmt.Errorf("%w (state closed)", sprint.ErrNotEditable), false, 409, "sprint.not_editable", "", ""},
		{wrap(sprint.ErrNoSeats), false, 409, "sprint.no_seats", "", ""},
		{wrap(sprint.ErrAlreadyEnrolled), false, 409, "sprint.already_enrolled", "", ""},
		{wrap(sprint.ErrNotEnrolled), false, 409, "sprint.not_enrolled", "", ""},
		{wrap(sprint.ErrAlreadyVoted), false, 409, "sprint.already_voted", "", ""},
		{wrap(&sprint.TransitionError{From: sprint.Review, To: sprint.Closed, Reason: "the retrospective is not recorded"}),
			false, 409, "sprint.transition_not_allowed", "review", "closed"},
		// A transition refused because of a stale version is a 412, not a
		// refused transition.
		{wrap(fmt.Errorf("version 3: %w", storage.ErrConflict)), true, 412, "", "", ""},
	}
	for _, tt := range tests {
		r := httptest.NewRequest(http.MethodPost, "/sprints/x/transitions", nil)
		if tt.ifMatch {
			r.Header.Set("If-Match", `"3"`)
		}
		p, ok := problemFor(tt.err, r)
		require.True(t, ok, "%v", tt.err)
		assert.Equal(t, tt.status, p.kind.status, "%v", tt.err)
		assert.Equal(t, tt.code, p.code, "%v", tt.err)
		assert.Equal(t, [2]string{tt.from, tt.to}, p.states, "%v", tt.err)
		if tt.from != "" {
			assert.Equal(t, "cannot move from review to closed: the retrospective is not recorded", p.detail)
		}
	}
}
