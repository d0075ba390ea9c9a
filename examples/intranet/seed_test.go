package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/storage"
	"github.com/footprint-hq/footprint/storage/memory"
	"github.com/footprint-hq/footprint/storage/sqlstore/sqltest"
)

func TestMain(m *testing.M) { os.Exit(sqltest.Run(m)) }

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// TestSeed seeds the demo organisation at a few moments of the year, so
// quarter and year boundaries do not break it.
func TestSeed(t *testing.T) {
	for _, now := range []time.Time{
		time.Now(),
		time.Date(2026, time.January, 3, 9, 0, 0, 0, time.UTC),
		time.Date(2026, time.April, 1, 0, 30, 0, 0, time.UTC),
		time.Date(2026, time.December, 31, 23, 0, 0, 0, time.UTC),
	} {
		t.Run(now.Format(time.DateOnly), func(t *testing.T) {
			st := memory.New()
			ctx := context.Background()
			require.NoError(t, seed(ctx, st, now))
			done, err := seeded(ctx, st)
			require.NoError(t, err)
			assert.True(t, done)
			people, err := st.Goals(ctx, "pia", storage.PageRequest{})
			require.NoError(t, err)
			assert.Len(t, people.Items, 1)
		})
	}
}

// TestStartsOnSQLiteAndPostgres opens the demo on a database twice: the
// first start seeds, the second reuses the data.
func TestStartsOnSQLiteAndPostgres(t *testing.T) {
	for name, dsn := range map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "footprint.db") },
		"postgres": func(t *testing.T) string { return sqltest.Postgres(t) },
	} {
		t.Run(name, func(t *testing.T) {
			db := dsn(t)
			ctx := context.Background()
			first, err := open(ctx, db, true, quiet())
			require.NoError(t, err)
			board := get(t, first, "ana", "/api/people/ana/board")
			require.NoError(t, first.Close())
			second, err := open(ctx, db, true, quiet())
			require.NoError(t, err)
			defer second.Close()
			assert.Equal(t, strings.Count(board, `"id"`), strings.Count(get(t, second, "ana", "/api/people/ana/board"), `"id"`),
				"a second start reuses the data")
			skipped, err := open(ctx, filepath.Join(t.TempDir(), "empty.db"), false, quiet())
			require.NoError(t, err)
			defer skipped.Close()
			assert.Contains(t, get(t, skipped, "ana", "/api/people/ana/board"), `"goals":[]`, "-seed=false leaves the database empty")
		})
	}
}

// get fetches a path from the app as a demo person.
func get(t *testing.T, a *app, person, path string) string {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: person})
	rec := httptest.NewRecorder()
	a.Handler().ServeHTTP(rec, req)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	return rec.Body.String()
}

func TestDemoSignIn(t *testing.T) {
	a, err := open(context.Background(), ":memory:", false, quiet())
	require.NoError(t, err)
	defer a.Close()
	rec := httptest.NewRecorder()
	a.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/me", nil))
	assert.Equal(t, http.StatusUnauthorized, rec.Code, "the API needs a signed-in person")
	rec = httptest.NewRecorder()
	a.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/demo/session", strings.NewReader(`{"person":"nobody"}`)))
	assert.Equal(t, http.StatusNotFound, rec.Code)
	rec = httptest.NewRecorder()
	a.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/demo/session", strings.NewReader(`{"person":"ana"}`)))
	require.Equal(t, http.StatusOK, rec.Code)
	cookie := rec.Result().Cookies()[0]
	assert.True(t, cookie.HttpOnly)
	req := httptest.NewRequest(http.MethodGet, "/api/me", nil)
	req.AddCookie(cookie)
	rec = httptest.NewRecorder()
	a.Handler().ServeHTTP(rec, req)
	assert.Equal(t, http.StatusOK, rec.Code)
	rec = httptest.NewRecorder()
	a.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	assert.Contains(t, rec.Body.String(), "Footprint", "the web UI is served")
}
