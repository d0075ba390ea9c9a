package httpapi

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/storage"
)

// checkDomainErrors checks that each sentinel of a domain, wrapped as a
// service wraps it, is answered with the status of its storage category
// and, unless it is a 404, with its own code, unique and prefixed with
// the domain's name.
func checkDomainErrors(t *testing.T, domain string, list []domainError) {
	t.Helper()
	statuses := []struct {
		category error
		status   int
	}{
		{storage.ErrNotFound, http.StatusNotFound},
		{storage.ErrForbidden, http.StatusForbidden},
		{storage.ErrInvalid, http.StatusBadRequest},
		{storage.ErrAlreadyExists, http.StatusConflict},
		{storage.ErrInvalidState, http.StatusConflict},
	}
	codes := map[string]bool{}
	for _, d := range list {
		assert.True(t, strings.HasPrefix(d.code, domain+"."), d.code)
		assert.False(t, codes[d.code], "code %s given twice", d.code)
		codes[d.code] = true

		p, ok := problemFor(fmt.Errorf("%s: doing something: %w", domain, d.err), httptest.NewRequest(http.MethodPost, "/", nil))
		require.True(t, ok, d.code)
		want := 0
		for _, s := range statuses {
			if want == 0 && errors.Is(d.err, s.category) {
				want = s.status
			}
		}
		require.NotZero(t, want, "%s wraps no category", d.code)
		assert.Equal(t, want, p.kind.status, d.code)
		if want == http.StatusNotFound {
			assert.Empty(t, p.code, "a 404 reads the same for every cause")
		} else {
			assert.Equal(t, d.code, p.code)
			assert.Equal(t, d.err.Error(), p.detail)
		}
	}
}

func TestMentorshipErrors(t *testing.T) {
	checkDomainErrors(t, "mentorship", mentorshipErrors)
}
