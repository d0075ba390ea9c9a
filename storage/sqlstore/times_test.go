package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/backlog"
	"github.com/footprint-hq/footprint/mentorship"
	"github.com/footprint-hq/footprint/sprint"
	"github.com/footprint-hq/footprint/storage"
	"github.com/footprint-hq/footprint/storage/sqlstore"
	"github.com/footprint-hq/footprint/storage/sqlstore/sqltest"
)

// TestTimesRoundTripEveryDomain stores, in each domain added after okr,
// times with nanoseconds in another zone, both in columns and inside JSON
// parts of an aggregate. Every one comes back as the same instant, to the
// nanosecond; column times come back in UTC, as TestTimesRoundTrip checks
// for okr, and nested ones with the offset they were written with (the
// services write UTC).
func TestTimesRoundTripEveryDomain(t *testing.T) {
	cet := time.FixedZone("CET", 3600)
	at := time.Date(2026, time.March, 2, 9, 30, 1, 123456789, cet)
	later := at.Add(36*time.Hour + time.Nanosecond)
	for _, d := range sqlstore.Dialects {
		t.Run(d.String(), func(t *testing.T) {
			s := sqltest.Open(t, d)
			ctx := context.Background()
			column := func(name string, got time.Time, want time.Time) {
				t.Helper()
				assert.Equal(t, want.UTC(), got, name)
				assert.Equal(t, time.UTC, got.Location(), name)
			}
			nested := func(name string, got time.Time, want time.Time) {
				t.Helper()
				assert.True(t, want.Equal(got), "%s: %v, want %v", name, got, want)
				assert.Equal(t, want.Nanosecond(), got.Nanosecond(), name)
			}

			it := &backlog.Item{ID: "i1", SuggestedBy: "ana", Status: backlog.StatusSelected, FirstSelectedAt: &later,
				Supporters: []backlog.Support{{Person: "ben", At: later}}, CreatedAt: at, UpdatedAt: later, StatusChangedAt: later, Version: 1}
			require.NoError(t, s.CreateItem(ctx, it))
			gotItem, err := s.Item(ctx, "i1")
			require.NoError(t, err)
			column("item created", gotItem.CreatedAt, at)
			column("item status changed", gotItem.StatusChangedAt, later)
			require.NotNil(t, gotItem.FirstSelectedAt)
			column("item first selected", *gotItem.FirstSelectedAt, later)
			nested("support", gotItem.Supporters[0].At, later)

			sp := &sprint.Sprint{ID: "s1", Year: 2026, Quarter: 1, State: sprint.Active,
				History: []sprint.Transition{{From: sprint.Planning, To: sprint.Committed, At: later}}, CreatedAt: at, UpdatedAt: at, Version: 1}
			sp.Period.Start, sp.Period.End = at, later
			require.NoError(t, s.CreateSprint(ctx, sp))
			gotSprint, err := s.Sprint(ctx, "s1")
			require.NoError(t, err)
			column("sprint period end", gotSprint.Period.End, later)
			nested("sprint history", gotSprint.History[0].At, later)
			a := &sprint.Activity{ID: "a1", SprintID: "s1", Start: &later, CreatedAt: at, UpdatedAt: at, Version: 1}
			require.NoError(t, s.CreateActivity(ctx, a))
			gotActivity, err := s.Activity(ctx, "a1")
			require.NoError(t, err)
			require.NotNil(t, gotActivity.Start)
			column("activity start", *gotActivity.Start, later)
			_, _, err = s.UpdateEnrolment(ctx, "a1", "ana", func(_ *sprint.Activity, e *sprint.Enrolment) error {
				e.Status, e.EnrolledAt, e.RatedAt = sprint.EnrolmentEnrolled, at, &later
				return nil
			})
			require.NoError(t, err)
			enrolments, err := s.Enrolments(ctx, sprint.EnrolmentFilter{ActivityID: "a1"}, storage.PageRequest{})
			require.NoError(t, err)
			require.Len(t, enrolments.Items, 1)
			column("enrolled", enrolments.Items[0].EnrolledAt, at)
			require.NotNil(t, enrolments.Items[0].RatedAt)
			column("rated", *enrolments.Items[0].RatedAt, later)

			r := &mentorship.Relation{ID: "r1", Kind: mentorship.KindChosen, Mentee: "ana", Mentor: "mia",
				Status: mentorship.StatusProposed, RequestedAt: at, ExpiresAt: &later, Version: 1}
			require.NoError(t, s.CreateRelation(ctx, r))
			gotRelation, err := s.Relation(ctx, "r1")
			require.NoError(t, err)
			column("relation requested", gotRelation.RequestedAt, at)
			require.NotNil(t, gotRelation.ExpiresAt)
			column("relation expires", *gotRelation.ExpiresAt, later)
			assert.Nil(t, gotRelation.EndedAt, "nil stays nil")
			m := &mentorship.Meeting{ID: "m1", RelationID: "r1", At: at,
				NextSteps: []mentorship.NextStep{{ID: "n1", Due: &later}}, CreatedAt: at, UpdatedAt: at, Version: 1}
			require.NoError(t, s.CreateMeeting(ctx, m))
			gotMeeting, err := s.Meeting(ctx, "m1")
			require.NoError(t, err)
			column("meeting", gotMeeting.At, at)
			require.NotNil(t, gotMeeting.NextSteps[0].Due)
			nested("next step due", *gotMeeting.NextSteps[0].Due, later)
		})
	}
}
