package storetest

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/sprint"
	"github.com/footprint-hq/footprint/storage"
)

// sprintEnrolments checks UpdateEnrolment and Enrolments: the enrolments a
// store keeps apart from their activities, and the count of seats taken
// it keeps on the activity.
func sprintEnrolments(t *testing.T, newStore func(t *testing.T) sprint.Store) {
	// setup returns a store holding an active sprint and an activity of it
	// with seats.
	setup := func(t *testing.T, seats int) (sprint.Store, *sprintFixture, context.Context, *sprint.Activity) {
		s, f, c := newStore(t), newSprintFixture(), ctx(t)
		sp := f.sprint(2026, 2, sprint.Active)
		require.NoError(t, s.CreateSprint(c, sp))
		a := f.activity(sp, seats)
		require.NoError(t, s.CreateActivity(c, a))
		return s, f, c, a
	}
	enrolmentsOf := func(t *testing.T, s sprint.Store, c context.Context, id string) []sprint.ActivityEnrolment {
		t.Helper()
		all, err := s.Enrolments(c, sprint.EnrolmentFilter{ActivityID: id}, storage.PageRequest{Limit: storage.NoLimit})
		require.NoError(t, err)
		return all.Items
	}
	activity := func(t *testing.T, s sprint.Store, c context.Context, id string) *sprint.Activity {
		t.Helper()
		a, err := s.Activity(c, id)
		require.NoError(t, err)
		return a
	}

	t.Run("enrol, cancel, enrol again, attend and rate", func(t *testing.T) {
		t.Parallel()
		s, _, c, a := setup(t, 2)
		got, e, err := s.UpdateEnrolment(c, a.ID, "ana", func(x *sprint.Activity, e *sprint.Enrolment) error {
			assert.Equal(t, a, x, "the callback sees the activity as stored")
			assert.Equal(t, sprint.Enrolment{Person: "ana"}, *e, "a person not enrolled has no status")
			e.Status, e.EnrolledAt = sprint.EnrolmentEnrolled, base
			x.UpdatedAt = base.Add(time.Hour)
			return nil
		})
		require.NoError(t, err)
		assert.Equal(t, sprint.Enrolment{Person: "ana", Status: sprint.EnrolmentEnrolled, EnrolledAt: base}, *e)
		assert.Equal(t, 1, got.Taken, "the seat is counted")
		assert.Equal(t, int64(2), got.Version)
		assert.Equal(t, base.Add(time.Hour), got.UpdatedAt, "the callback's change to the activity is kept")
		assert.Equal(t, got, activity(t, s, c, a.ID))
		assert.Equal(t, []sprint.ActivityEnrolment{{SprintID: a.SprintID, ActivityID: a.ID, Enrolment: *e}}, enrolmentsOf(t, s, c, a.ID))

		got, e, err = setStatus(s, c, a.ID, "ana", sprint.EnrolmentCancelled)
		require.NoError(t, err)
		assert.Equal(t, sprint.EnrolmentCancelled, e.Status)
		assert.Equal(t, 0, got.Taken, "a cancelled enrolment frees its seat")
		assert.Equal(t, int64(3), got.Version)

		got, e, err = s.UpdateEnrolment(c, a.ID, "ana", func(x *sprint.Activity, e *sprint.Enrolment) error {
			assert.Equal(t, sprint.Enrolment{Person: "ana", Status: sprint.EnrolmentCancelled, EnrolledAt: base}, *e,
				"the callback sees the stored enrolment")
			e.Status, e.EnrolledAt = sprint.EnrolmentEnrolled, base.Add(2*time.Hour)
			return nil
		})
		require.NoError(t, err)
		assert.Equal(t, base.Add(2*time.Hour), e.EnrolledAt)
		assert.Equal(t, 1, got.Taken, "enrolling again takes a seat again")

		_, _, err = enrol(s, c, a.ID, "ben")
		require.NoError(t, err)
		got, _, err = setStatus(s, c, a.ID, "ana", sprint.EnrolmentAttended)
		require.NoError(t, err)
		assert.Equal(t, 2, got.Taken, "attending keeps the seat")
		rated := base.Add(3 * time.Hour)
		got, e, err = s.UpdateEnrolment(c, a.ID, "ben", func(_ *sprint.Activity, e *sprint.Enrolment) error {
			rating := 5
			e.Rating, e.Comment, e.RatedAt = &rating, "very useful", &rated
			return nil
		})
		require.NoError(t, err)
		assert.Equal(t, 2, got.Taken)
		assert.Equal(t, int64(7), got.Version, "every change of an enrolment counts on its activity")
		assert.Equal(t, got, activity(t, s, c, a.ID))
		rating := 5
		assert.Equal(t, []sprint.ActivityEnrolment{
			{SprintID: a.SprintID, ActivityID: a.ID, Enrolment: sprint.Enrolment{Person: "ana", Status: sprint.EnrolmentAttended, EnrolledAt: base.Add(2 * time.Hour)}},
			{SprintID: a.SprintID, ActivityID: a.ID, Enrolment: sprint.Enrolment{Person: "ben", Status: sprint.EnrolmentEnrolled, EnrolledAt: base,
				Rating: &rating, Comment: "very useful", RatedAt: &rated}},
		}, enrolmentsOf(t, s, c, a.ID))
		assert.Equal(t, rating, *e.Rating)
	})

	t.Run("a callback error or a refused callback changes nothing", func(t *testing.T) {
		t.Parallel()
		s, _, c, a := setup(t, 5)
		_, _, err := enrol(s, c, a.ID, "ana")
		require.NoError(t, err)
		before, beforeList := activity(t, s, c, a.ID), enrolmentsOf(t, s, c, a.ID)
		for _, tc := range []struct {
			name string
			fn   func(*sprint.Activity, *sprint.Enrolment)
			want error
		}{
			{"callback error", func(*sprint.Activity, *sprint.Enrolment) {}, errCallback},
			{"taken changed", func(a *sprint.Activity, _ *sprint.Enrolment) { a.Taken += 3 }, storage.ErrInvalid},
			{"enrolments listed", func(a *sprint.Activity, e *sprint.Enrolment) { a.Enrolments = []sprint.Enrolment{*e} }, storage.ErrInvalid},
			{"person changed", func(_ *sprint.Activity, e *sprint.Enrolment) { e.Person = "zoe" }, storage.ErrInvalid},
			{"no status", func(_ *sprint.Activity, e *sprint.Enrolment) { e.Status = "" }, storage.ErrInvalid},
			{"activity ID changed", func(a *sprint.Activity, _ *sprint.Enrolment) { a.ID = "other" }, storage.ErrInvalid},
		} {
			for _, person := range []string{"ana", "ben"} { // enrolled, and not
				_, _, err := s.UpdateEnrolment(c, a.ID, person, func(a *sprint.Activity, e *sprint.Enrolment) error {
					if e.Status == "" {
						e.Status, e.EnrolledAt = sprint.EnrolmentEnrolled, base
					} else {
						e.Status = sprint.EnrolmentAttended
					}
					rating := 1
					e.Rating, a.Title, a.UpdatedAt = &rating, "changed", base.Add(time.Hour)
					tc.fn(a, e)
					if tc.want == errCallback {
						return errCallback
					}
					return nil
				})
				assert.ErrorIs(t, err, tc.want, "%s, %s", tc.name, person)
			}
		}
		called := false
		_, _, err = s.UpdateEnrolment(c, a.ID, "", func(*sprint.Activity, *sprint.Enrolment) error { called = true; return nil })
		assert.ErrorIs(t, err, storage.ErrInvalid, "an enrolment needs a person")
		assert.False(t, called)
		assert.Equal(t, before, activity(t, s, c, a.ID), "the activity is unchanged")
		assert.Equal(t, beforeList, enrolmentsOf(t, s, c, a.ID), "the enrolments are unchanged")
	})

	t.Run("unknown activity", func(t *testing.T) {
		t.Parallel()
		s, f, c, a := setup(t, 5)
		called := false
		_, _, err := s.UpdateEnrolment(c, f.newID(), "ana", func(*sprint.Activity, *sprint.Enrolment) error { called = true; return nil })
		assert.ErrorIs(t, err, storage.ErrNotFound)
		assert.False(t, called, "callback must not run for a missing activity")
		all, err := s.Enrolments(c, sprint.EnrolmentFilter{Person: "ana"}, storage.PageRequest{})
		require.NoError(t, err)
		assert.Empty(t, all.Items)
		assert.Equal(t, a, activity(t, s, c, a.ID))
	})

	t.Run("exactly one person gets the last seat", func(t *testing.T) {
		t.Parallel()
		s, _, c, a := setup(t, 2)
		_, _, err := enrol(s, c, a.ID, "ana") // ana holds one of two seats
		require.NoError(t, err)
		const racers = 12
		won := wins(t, race(racers, func(i int) error {
			_, _, err := enrol(s, c, a.ID, fmt.Sprintf("p%02d", i))
			return err
		}), errCallback)
		assert.Equal(t, 1, won, "exactly one racer gets the last seat")
		stored := activity(t, s, c, a.ID)
		assert.Equal(t, 2, stored.Taken)
		assert.Equal(t, int64(3), stored.Version)
		assert.Len(t, enrolmentsOf(t, s, c, a.ID), 2, "the losers stored nothing")
	})

	t.Run("concurrent enrolments and cancellations lose nothing", func(t *testing.T) {
		t.Parallel()
		s, _, c, a := setup(t, 0)
		const n = concurrentUpdates // half cancel, half enrol
		for i := range n / 2 {
			_, _, err := enrol(s, c, a.ID, fmt.Sprintf("p%02d", i))
			require.NoError(t, err)
		}
		for _, err := range race(n, func(i int) error {
			if i < n/2 {
				_, _, err := setStatus(s, c, a.ID, fmt.Sprintf("p%02d", i), sprint.EnrolmentCancelled)
				return err
			}
			_, _, err := enrol(s, c, a.ID, fmt.Sprintf("q%02d", i))
			return err
		}) {
			require.NoError(t, err)
		}
		stored := activity(t, s, c, a.ID)
		assert.Equal(t, n/2, stored.Taken, "every seat freed and taken is counted")
		assert.Equal(t, int64(1+n/2+n), stored.Version)
		all := enrolmentsOf(t, s, c, a.ID)
		require.Len(t, all, n, "every enrolment is kept")
		held := 0
		for _, e := range all {
			if e.HoldsSeat() {
				held++
			}
		}
		assert.Equal(t, stored.Taken, held, "Taken counts the enrolments that hold a seat")
	})

	t.Run("lists by sprint, activity and person, in key order", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newSprintFixture(), ctx(t)
		sp, other := f.sprint(2026, 2, sprint.Active), f.sprint(2026, 3, sprint.Committed)
		require.NoError(t, s.CreateSprint(c, sp))
		require.NoError(t, s.CreateSprint(c, other))
		var acts []*sprint.Activity
		for _, in := range []*sprint.Sprint{sp, other, sp} {
			a := f.activity(in, 0)
			require.NoError(t, s.CreateActivity(c, a))
			acts = append(acts, a)
		}
		type key struct{ activity, person string }
		var stored []key
		for i, people := range [][]string{{"cal", "ana", "ben"}, {"ana", "dan"}, {"ben", "ana", "eve", "cal"}} {
			for _, p := range people {
				_, _, err := enrol(s, c, acts[i].ID, p)
				require.NoError(t, err)
				stored = append(stored, key{acts[i].ID, p})
			}
		}
		_, _, err := setStatus(s, c, acts[0].ID, "ben", sprint.EnrolmentCancelled)
		require.NoError(t, err)
		slices.SortFunc(stored, func(a, b key) int {
			return cmp.Or(strings.Compare(a.activity, b.activity), strings.Compare(a.person, b.person))
		})
		want := func(match func(k key) bool) []string {
			var out []string
			for _, k := range stored {
				if match(k) {
					out = append(out, k.activity+"/"+k.person)
				}
			}
			return out
		}
		list := func(f sprint.EnrolmentFilter) func(storage.PageRequest) ([]string, string, error) {
			return func(p storage.PageRequest) ([]string, string, error) {
				page, err := s.Enrolments(c, f, p)
				out := make([]string, len(page.Items))
				for i, e := range page.Items {
					out[i] = e.ActivityID + "/" + e.Person
					assert.Equal(t, map[string]string{acts[0].ID: sp.ID, acts[1].ID: other.ID, acts[2].ID: sp.ID}[e.ActivityID], e.SprintID)
				}
				return out, page.Next, err
			}
		}
		inSprint := func(k key) bool { return k.activity != acts[1].ID }
		checkPaging(t, 2, want(func(key) bool { return true }), list(sprint.EnrolmentFilter{}))
		checkPaging(t, 2, want(inSprint), list(sprint.EnrolmentFilter{SprintID: sp.ID}))
		checkPaging(t, 3, want(func(k key) bool { return k.activity == acts[2].ID }), list(sprint.EnrolmentFilter{ActivityID: acts[2].ID}))
		checkPaging(t, 1, want(func(k key) bool { return k.person == "ana" }), list(sprint.EnrolmentFilter{Person: "ana"}))
		checkPaging(t, 1, want(func(k key) bool { return k.person == "ana" && inSprint(k) }), list(sprint.EnrolmentFilter{SprintID: sp.ID, Person: "ana"}))
		checkPaging(t, 5, want(func(k key) bool { return k.person == "ben" && k.activity == acts[0].ID }),
			list(sprint.EnrolmentFilter{SprintID: sp.ID, ActivityID: acts[0].ID, Person: "ben"}))
		none, err := s.Enrolments(c, sprint.EnrolmentFilter{SprintID: other.ID, ActivityID: acts[0].ID}, storage.PageRequest{})
		require.NoError(t, err)
		assert.Empty(t, none.Items, "every field of the filter must match")
	})

	t.Run("enrolments are copies", func(t *testing.T) {
		t.Parallel()
		s, _, c, a := setup(t, 0)
		rated := base.Add(time.Hour)
		_, e, err := s.UpdateEnrolment(c, a.ID, "ana", func(_ *sprint.Activity, e *sprint.Enrolment) error {
			rating := 4
			e.Status, e.EnrolledAt, e.Rating, e.RatedAt = sprint.EnrolmentAttended, base, &rating, &rated
			return nil
		})
		require.NoError(t, err)
		want := enrolmentsOf(t, s, c, a.ID)
		*e.Rating, *e.RatedAt = 1, base
		got := enrolmentsOf(t, s, c, a.ID)
		assert.Equal(t, want, got, "changing what UpdateEnrolment returned changes nothing stored")
		*got[0].Rating = 2
		assert.Equal(t, want, enrolmentsOf(t, s, c, a.ID), "nor what Enrolments returned")
		assert.Equal(t, 4, *want[0].Rating)
	})

	type enrolling struct{ a *sprint.Activity }
	transaction[sprint.Store, enrolling]{
		setup: func(t *testing.T) (sprint.Store, context.Context, enrolling) {
			s, _, c, a := setup(t, 5)
			return s, c, enrolling{a}
		},
		atomic: sprint.Store.Atomic,
		work: func(s sprint.Store, c context.Context, w enrolling) error {
			for _, p := range []string{"ana", "ben"} {
				if _, _, err := enrol(s, c, w.a.ID, p); err != nil {
					return err
				}
			}
			_, err := s.UpdateActivity(c, w.a.ID, 0, func(a *sprint.Activity) error { a.Title = "changed"; return nil })
			return err
		},
		inside: func(t *testing.T, s sprint.Store, c context.Context, w enrolling) {
			assert.Len(t, enrolmentsOf(t, s, c, w.a.ID), 2, "the transaction sees its enrolments")
			assert.Equal(t, 2, activity(t, s, c, w.a.ID).Taken)
		},
		applied: func(t *testing.T, s sprint.Store, c context.Context, w enrolling) {
			got := activity(t, s, c, w.a.ID)
			assert.Equal(t, 2, got.Taken)
			assert.Equal(t, "changed", got.Title)
			assert.Equal(t, w.a.Version+3, got.Version)
			assert.Len(t, enrolmentsOf(t, s, c, w.a.ID), 2)
		},
		unchanged: func(t *testing.T, s sprint.Store, c context.Context, w enrolling) {
			assert.Equal(t, w.a, activity(t, s, c, w.a.ID), "the activity is rolled back")
			assert.Empty(t, enrolmentsOf(t, s, c, w.a.ID), "the enrolments are rolled back")
		},
	}.run(t)
}
