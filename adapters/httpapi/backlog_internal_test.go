package httpapi

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/backlog"
)

func TestBacklogErrors(t *testing.T) {
	p, ok := problemFor(&backlog.TransitionError{ItemID: "x", From: backlog.StatusDone, To: backlog.StatusArchived},
		httptest.NewRequest(http.MethodPost, "/", nil))
	require.True(t, ok)
	assert.Equal(t, http.StatusConflict, p.kind.status)
	assert.Equal(t, "backlog.invalid_transition", p.code)
}
