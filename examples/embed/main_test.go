package main

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/storage/memory"
)

func TestPortalMountsFootprint(t *testing.T) {
	srv := httptest.NewServer(newPortal(memory.New(), slog.New(slog.NewTextHandler(io.Discard, nil))))
	defer srv.Close()
	do := func(method, path, token, body string) (*http.Response, string) {
		req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		require.NoError(t, err)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return res, string(b)
	}

	res, _ := do("GET", "/learning/me", "", "")
	assert.Equal(t, http.StatusUnauthorized, res.StatusCode, "the portal's own sign-in comes first")
	assert.Equal(t, `Bearer realm="portal"`, res.Header.Get("WWW-Authenticate"))

	res, body := do("GET", "/learning/me", "token-ana", "")
	require.Equal(t, http.StatusOK, res.StatusCode, body)
	assert.Contains(t, body, `"E1001"`, "Footprint sees the employee the portal signed in")

	res, body = do("POST", "/learning/goals", "token-ana", `{"title":"Become a performance expert"}`)
	require.Equal(t, http.StatusCreated, res.StatusCode, body)
	loc := res.Header.Get("Location")
	require.NotEmpty(t, loc)
	target, err := res.Request.URL.Parse(loc)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(target.Path, "/learning/goals/"), "Location resolves under the portal's prefix: %s", target.Path)
	res, body = do("GET", target.Path, "token-ana", "")
	assert.Equal(t, http.StatusOK, res.StatusCode, body)

	res, body = do("GET", "/learning/people/E1001/mentor", "token-ana", "")
	require.Equal(t, http.StatusOK, res.StatusCode, body)
	assert.Contains(t, body, `"E1002"`, "the portal's org chart names the default mentor")

	res, _ = do("GET", "/learning/openapi.json", "token-ben", "")
	assert.Equal(t, http.StatusOK, res.StatusCode)
	res, body = do("GET", "/", "token-pia", "")
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, body, "Welcome to the portal, E1003")
}
