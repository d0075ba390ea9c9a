package sqlstore_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/sprint"
	"github.com/footprint-hq/footprint/storage"
	"github.com/footprint-hq/footprint/storage/sqlstore"
	"github.com/footprint-hq/footprint/storage/sqlstore/sqltest"
)

// enrolment12 is an enrolment in the stored shape the activities' JSON
// column held until migration 00013.
type enrolment12 struct {
	Person     string     `json:"person"`
	Status     string     `json:"status"`
	EnrolledAt time.Time  `json:"enrolledAt"`
	Rating     *int       `json:"rating,omitempty"`
	Comment    string     `json:"comment,omitempty"`
	RatedAt    *time.Time `json:"ratedAt,omitempty"`
}

// Migration 00013 moves every enrolment out of its activity's JSON list
// into the enrolments table, with the count of seats taken, and back down
// again: nothing is lost either way, times keep their instant to the
// nanosecond, and the store works on what it moved.
func TestEnrolmentsMigrationMovesEveryEnrolment(t *testing.T) {
	golden, err := os.ReadFile(filepath.Join("testdata", "enrolments_00012.json"))
	require.NoError(t, err)
	at := func(day, hour int) time.Time { return time.Date(2026, 3, day, hour, 30, 15, 123456789, time.UTC) }
	five, three := 5, 3
	plus2 := time.FixedZone("", 2*3600)
	lists := []struct {
		doc  *string // nil for NULL
		want []enrolment12
	}{
		{ptrTo(strings.TrimSuffix(string(golden), "\n")), []enrolment12{
			{Person: "p1", Status: "attended", EnrolledAt: at(6, 9), Rating: &five, Comment: "very useful", RatedAt: ptrTo(at(7, 9))},
			{Person: "p2", Status: "enrolled", EnrolledAt: at(6, 10)},
		}},
		// Go writes times without trailing zeros, and with the offset of
		// their zone; a comment may hold anything.
		{ptrTo(`[{"person":"cal","status":"completed","enrolledAt":"2026-03-02T10:30:00.000001+02:00","rating":3,"ratedAt":"2026-03-03T09:30:00.25Z"},` +
			`{"person":"ana","status":"cancelled","enrolledAt":"2026-03-02T09:30:00Z"},` +
			`{"person":"ben","status":"enrolled","enrolledAt":"2026-03-02T09:30:00.5Z","comment":"\"great\", ünïcode \\ ☃"}]`), []enrolment12{
			{Person: "ana", Status: "cancelled", EnrolledAt: time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)},
			{Person: "ben", Status: "enrolled", EnrolledAt: time.Date(2026, 3, 2, 9, 30, 0, 500_000_000, time.UTC), Comment: `"great", ünïcode \ ☃`},
			{Person: "cal", Status: "completed", EnrolledAt: time.Date(2026, 3, 2, 10, 30, 0, 1000, plus2), Rating: &three,
				RatedAt: ptrTo(time.Date(2026, 3, 3, 9, 30, 0, 250_000_000, time.UTC))},
		}},
		{ptrTo(`[]`), nil},
		{nil, nil},
	}
	taken := []int{2, 2, 0, 0}

	for _, d := range sqlstore.Dialects {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			s := sqltest.Open(t, d, sqlstore.WithoutMigrations())
			require.NoError(t, sqlstore.MigrateTo(ctx, s.DB(), d, 12))
			sp := &sprint.Sprint{ID: "s1", Year: 2026, Quarter: 1, Title: "Q1", State: sprint.Active,
				Period: okr.Period{Start: at(1, 0), End: at(31, 0)}, CreatedAt: at(1, 0), UpdatedAt: at(1, 0), Version: 1}
			require.NoError(t, s.CreateSprint(ctx, sp))
			ids := []string{"a1", "a2", "a3", "a4"}
			for i, l := range lists {
				_, err := s.DB().ExecContext(ctx, sqlstore.Rebind(d, `INSERT INTO sprint_activities
					(id, sprint_id, topic_id, kind, title, description, host, external, start, minutes, link, seats, tags, enrolments, created_at, updated_at, version)
					VALUES (?, 's1', 't1', 'keynote', 'Talk', '', 'Lee', 0, NULL, 0, '', 10, '[]', ?, ?, ?, 7)`),
					ids[i], l.doc, at(2, 9).Format("2006-01-02T15:04:05.000000000Z07:00"), at(2, 10).Format("2006-01-02T15:04:05.000000000Z07:00"))
				require.NoError(t, err)
			}

			require.NoError(t, sqlstore.Migrate(ctx, s.DB(), d))
			check := func(t *testing.T, extra ...enrolment12) {
				t.Helper()
				for i, id := range ids {
					a, err := s.Activity(ctx, id)
					require.NoError(t, err)
					assert.Equal(t, &sprint.Activity{ID: id, SprintID: "s1", TopicID: "t1", Kind: sprint.Keynote, Title: "Talk", Host: "Lee",
						Seats: 10, Tags: []string{}, Taken: taken[i] + len(extra)*boolInt(i == 1),
						CreatedAt: at(2, 9), UpdatedAt: at(2, 10), Version: 7 + int64(len(extra)*boolInt(i == 1))}, a, id)
					got, err := s.Enrolments(ctx, sprint.EnrolmentFilter{ActivityID: id}, storage.PageRequest{})
					require.NoError(t, err)
					want := lists[i].want
					if i == 1 {
						want = append(want[:len(want):len(want)], extra...)
					}
					require.Len(t, got.Items, len(want), id)
					for j, e := range got.Items {
						assert.Equal(t, "s1", e.SprintID)
						assertEnrolment(t, want[j], e.Enrolment)
					}
				}
			}
			t.Run("up", func(t *testing.T) { check(t) })

			dan := enrolment12{Person: "dan", Status: "enrolled", EnrolledAt: at(9, 9)}
			_, _, err := s.UpdateEnrolment(ctx, "a2", "dan", func(_ *sprint.Activity, e *sprint.Enrolment) error {
				e.Status, e.EnrolledAt = sprint.EnrolmentEnrolled, dan.EnrolledAt
				return nil
			})
			require.NoError(t, err, "the store enrols in a moved activity")
			check(t, dan)

			require.NoError(t, sqlstore.MigrateDownTo(ctx, s.DB(), d, 12))
			t.Run("down", func(t *testing.T) {
				for i, id := range ids {
					var doc string
					require.NoError(t, s.DB().QueryRowContext(ctx, sqlstore.Rebind(d, "SELECT enrolments FROM sprint_activities WHERE id = ?"), id).Scan(&doc))
					var got []enrolment12
					require.NoError(t, json.Unmarshal([]byte(doc), &got), doc)
					want := lists[i].want
					if i == 1 {
						want = append(want[:len(want):len(want)], dan)
					}
					require.Len(t, got, len(want), doc)
					for j := range got {
						assertEnrolment(t, want[j], sprint.Enrolment{Person: got[j].Person, Status: sprint.EnrolmentStatus(got[j].Status),
							EnrolledAt: got[j].EnrolledAt, Rating: got[j].Rating, Comment: got[j].Comment, RatedAt: got[j].RatedAt})
					}
				}
				_, err := s.DB().ExecContext(ctx, "SELECT taken FROM sprint_activities")
				assert.Error(t, err, "down drops the count")
				_, err = s.DB().ExecContext(ctx, "SELECT person FROM sprint_enrolments")
				assert.Error(t, err, "down drops the table")
			})

			require.NoError(t, sqlstore.Migrate(ctx, s.DB(), d))
			t.Run("up again", func(t *testing.T) { check(t, dan) })
		})
	}
}

// assertEnrolment checks that got is want, its times the same instants to
// the nanosecond.
func assertEnrolment(t *testing.T, want enrolment12, got sprint.Enrolment) {
	t.Helper()
	assert.Equal(t, want.Person, got.Person)
	assert.Equal(t, want.Status, string(got.Status), want.Person)
	assert.True(t, want.EnrolledAt.Equal(got.EnrolledAt), "%s enrolled at %v, want %v", want.Person, got.EnrolledAt, want.EnrolledAt)
	assert.Equal(t, want.Rating, got.Rating, want.Person)
	assert.Equal(t, want.Comment, got.Comment, want.Person)
	if assert.Equal(t, want.RatedAt == nil, got.RatedAt == nil, want.Person) && want.RatedAt != nil {
		assert.True(t, want.RatedAt.Equal(*got.RatedAt), "%s rated at %v, want %v", want.Person, *got.RatedAt, *want.RatedAt)
	}
}

func ptrTo[T any](v T) *T { return &v }

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
