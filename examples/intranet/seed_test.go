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

	"github.com/footprint-hq/footprint/backlog"
	"github.com/footprint-hq/footprint/mentorship"
	"github.com/footprint-hq/footprint/sprint"
	"github.com/footprint-hq/footprint/storage"
	"github.com/footprint-hq/footprint/storage/memory"
	"github.com/footprint-hq/footprint/storage/sqlstore/sqltest"
)

func TestMain(m *testing.M) { os.Exit(sqltest.Run(m)) }

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// TestSeed seeds the demo organisation as it would look on every fifth
// day of a year, and checks that it holds what the demo promises: months
// of check-ins, default and chosen mentors with meetings and next steps, a
// ranked backlog, a closed sprint with its retrospective and a running one
// with activities of every kind inside its quarter.
func TestSeed(t *testing.T) {
	for day := time.Date(2026, time.January, 1, 10, 0, 0, 0, time.UTC); day.Year() == 2026; day = day.AddDate(0, 0, 5) {
		t.Run(day.Format(time.DateOnly), func(t *testing.T) { checkSeed(t, day) })
	}
	t.Run("now", func(t *testing.T) { checkSeed(t, time.Now()) })
}

func checkSeed(t *testing.T, now time.Time) {
	st := memory.New()
	ctx := context.Background()
	require.NoError(t, seed(ctx, st, now))
	done, err := seeded(ctx, st)
	require.NoError(t, err)
	require.True(t, done)
	svc := newServices(st, func() time.Time { return now })
	all := storage.PageRequest{Limit: storage.MaxLimit}

	teams := map[string]bool{}
	for _, p := range people {
		if p.Lead != "" && p.Lead != "pia" {
			teams[p.Team] = true
			lead, _ := person(p.Lead)
			assert.Equal(t, p.Team, lead.Team, "%s is led within their team", p.ID)
		}
		board, err := svc.okr.Board(ctx, p.ID, p.ID)
		require.NoError(t, err)
		require.NotEmpty(t, board.Goals, "%s has a goal", p.ID)
		require.NotEmpty(t, board.Goals[0].Objectives, "%s has an objective", p.ID)
		assert.GreaterOrEqual(t, len(board.Goals[0].Objectives[0].KeyResults[0].History), 5, "%s has months of check-ins", p.ID)
	}
	assert.Len(t, people, 12)
	assert.Len(t, teams, 2)

	mentor, err := svc.mentorship.CurrentMentor(ctx, "ana", "ana")
	require.NoError(t, err)
	assert.Equal(t, "ben", mentor.Mentor)
	assert.False(t, mentor.Default, "ana chose ben")
	dara, err := svc.mentorship.CurrentMentor(ctx, "dara", "dara")
	require.NoError(t, err)
	assert.True(t, dara.Default, "dara is mentored by her team lead")
	require.NotEmpty(t, dara.RelationID)
	meetings, err := svc.mentorship.Meetings(ctx, "ana", mentor.RelationID, all)
	require.NoError(t, err)
	require.Len(t, meetings.Items, 3)
	assert.NotEmpty(t, meetings.Items[2].NextSteps)
	overdue, err := svc.mentorship.Overdue(ctx, "pia", now)
	require.NoError(t, err)
	assert.NotEmpty(t, overdue, "one of pia's mentees is overdue for a meeting")
	pending, err := svc.mentorship.Relations(ctx, "raj", mentorship.RelationQuery{As: mentorship.RoleMentor, Statuses: []mentorship.RelationStatus{mentorship.StatusProposed}}, all)
	require.NoError(t, err)
	assert.Len(t, pending.Items, 1, "nia's request waits for raj")

	items, err := svc.backlog.Items(ctx, "ana", backlog.ItemFilter{}, all)
	require.NoError(t, err)
	assert.Len(t, items.Items, 10)
	closedMeetings, err := svc.backlog.Meetings(ctx, "ana", backlog.MeetingFilter{Status: backlog.MeetingClosed}, all)
	require.NoError(t, err)
	assert.Len(t, closedMeetings.Items, 2)

	closed, err := svc.sprint.Sprints(ctx, "ana", sprint.SprintFilter{State: sprint.Closed}, all)
	require.NoError(t, err)
	require.Len(t, closed.Items, 1)
	assert.NotNil(t, closed.Items[0].Retrospective.RecordedAt)
	active, err := svc.sprint.Sprints(ctx, "ana", sprint.SprintFilter{State: sprint.Active}, all)
	require.NoError(t, err)
	require.Len(t, active.Items, 1)
	sp := active.Items[0]
	assert.True(t, sp.Period.Contains(now), "the running sprint is this quarter's")
	acts, err := svc.sprint.Activities(ctx, "pia", sp.ID, "", all)
	require.NoError(t, err)
	kinds := map[sprint.ActivityKind]bool{}
	for _, a := range acts.Items {
		kinds[a.Kind] = true
		if a.Start != nil {
			assert.True(t, sp.Period.Contains(*a.Start), "%q on %s lies in the sprint %s–%s", a.Title, a.Start, sp.Period.Start, sp.Period.End)
		}
		for _, e := range a.Enrolments {
			if e.Status == sprint.EnrolmentAttended {
				assert.True(t, a.Start.Before(now), "attendance only for what took place")
			}
		}
	}
	assert.Len(t, kinds, 4, "activities of every kind")
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
