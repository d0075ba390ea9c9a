package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/backlog"
	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/sprint"
	"github.com/footprint-hq/footprint/storage"
)

// Sprint checks a sprint.Store. newStore must return a new, empty store
// each time it is called; every subtest gets its own.
func Sprint(t *testing.T, newStore func(t *testing.T) sprint.Store) {
	runGroups(t, newStore, []group[sprint.Store]{
		{"sprints", sprintSprints},
		{"activities", sprintActivities},
		{"enrolments", sprintEnrolments},
		{"check-ins", sprintCheckIns},
		{"schedule", sprintSchedule},
		{"atomic", sprintAtomic},
		{"more", sprintMore},
	})
}

type sprintFixture struct{ newID func() string }

func newSprintFixture() *sprintFixture { return &sprintFixture{newID: newID} }

func (f *sprintFixture) sprint(year, quarter int, state sprint.State) *sprint.Sprint {
	conf := 6
	at := base.Add(time.Hour)
	goalID := f.newID()
	return &sprint.Sprint{
		ID: f.newID(), Year: year, Quarter: quarter, Title: fmt.Sprintf("%d Q%d", year, quarter),
		Period:       okr.Period{Start: time.Date(year, time.Month(3*quarter-2), 1, 0, 0, 0, 0, time.UTC), End: time.Date(year, time.Month(3*quarter+1), 0, 0, 0, 0, 0, time.UTC)},
		Facilitators: []string{"fay"}, Capacity: 3, MeetingID: f.newID(), State: state,
		Topics: []sprint.Topic{{
			ID: f.newID(), ItemID: f.newID(), Title: "Kubernetes", Tags: []string{"k8s"},
			Goals: []sprint.LearningGoal{{
				ID: goalID, Statement: "Ten people deploy on their own",
				Measure: okr.KeyResult{ID: goalID, Title: "People deploying", Kind: okr.Increase, Start: 0, Target: 10, Weight: 1,
					Current: 4, CheckIns: 1, Confidence: &conf, LastCheckInAt: &at},
				Assessment: &sprint.Assessment{Outcome: sprint.PartiallyAchieved, Suggested: sprint.PartiallyAchieved, Score: 0.4, By: "fay", At: at},
			}},
		}},
		Carried: []sprint.CarriedAction{{Action: sprint.Action{ID: f.newID(), Text: "Book rooms early", Owner: "fay",
			Status: sprint.ActionOpen, Origin: f.newID(), Carries: 1, CreatedAt: base}, Resolution: sprint.ResolvedDone, ResolvedBy: "fay", ResolvedAt: &at}},
		Retrospective: sprint.Retrospective{
			Notes:   []sprint.Note{{ID: f.newID(), Kind: sprint.WentWell, Text: "Great trainer", Author: "ana", At: base, Votes: []string{"ben"}}},
			Actions: []sprint.Action{{ID: f.newID(), Text: "Record sessions", Owner: "ben", Status: sprint.ActionOpen, Origin: "x", CreatedAt: base}},
		},
		History:   []sprint.Transition{{From: sprint.Planning, To: sprint.Committed, By: "fay", At: base}},
		CreatedAt: base, UpdatedAt: base, Version: 1,
	}
}

// activity returns a new activity of sp's first topic, with no
// enrolments (a store keeps them apart: see enrol).
func (f *sprintFixture) activity(sp *sprint.Sprint, seats int) *sprint.Activity {
	start := base.Add(72 * time.Hour)
	return &sprint.Activity{
		ID: f.newID(), SprintID: sp.ID, TopicID: sp.Topics[0].ID, Kind: sprint.Classroom, Title: "Kubernetes basics",
		Host: "Lee", External: true, Start: &start, Minutes: 90, Link: "https://example.org/k8s", Seats: seats,
		Tags: []string{"k8s"}, CreatedAt: base, UpdatedAt: base, Version: 1,
	}
}

// enrol enrols person in activity id through UpdateEnrolment, as the
// Service does, unless the seats are taken (errCallback), and returns what
// the store returned.
func enrol(s sprint.Store, c context.Context, id, person string) (*sprint.Activity, *sprint.Enrolment, error) {
	return s.UpdateEnrolment(c, id, person, func(a *sprint.Activity, e *sprint.Enrolment) error {
		if a.Seats > 0 && a.Taken >= a.Seats {
			return errCallback
		}
		e.Status, e.EnrolledAt = sprint.EnrolmentEnrolled, base
		a.UpdatedAt = base.Add(time.Minute)
		return nil
	})
}

// setStatus sets the status of person's stored enrolment in activity id.
func setStatus(s sprint.Store, c context.Context, id, person string, status sprint.EnrolmentStatus) (*sprint.Activity, *sprint.Enrolment, error) {
	return s.UpdateEnrolment(c, id, person, func(_ *sprint.Activity, e *sprint.Enrolment) error {
		if e.Status == "" {
			return errCallback
		}
		e.Status = status
		return nil
	})
}

// sprintAggregate is sprint.Sprint to the standard cases.
var sprintAggregate = aggregate[sprint.Store, sprint.Sprint]{
	fresh: func(*testing.T, sprint.Store) *sprint.Sprint {
		return newSprintFixture().sprint(2026, 2, sprint.Active)
	},
	key:     func(sp *sprint.Sprint) string { return sp.ID },
	version: func(sp *sprint.Sprint) int64 { return sp.Version },
	create:  sprint.Store.CreateSprint, get: sprint.Store.Sprint, update: sprint.Store.UpdateSprint,
	edit: func(sp *sprint.Sprint) { sp.State = sprint.Review },
	mutate: func(sp *sprint.Sprint) {
		sp.State, sp.Topics[0].Goals[0].Measure.Current, sp.Retrospective.Notes[0].Votes[0] = sprint.Closed, 99, "changed"
	},
	grow: func(sp *sprint.Sprint, i int) {
		sp.Retrospective.Notes = append(sp.Retrospective.Notes, sprint.Note{ID: fmt.Sprintf("n%02d", i), Kind: sprint.WentWell, Text: "x", Author: "a", At: base, Votes: []string{}})
	},
	size: func(sp *sprint.Sprint) int { return len(sp.Retrospective.Notes) },
}

// activityAggregate is sprint.Activity to the standard cases; each
// activity belongs to a sprint of its own.
var activityAggregate = aggregate[sprint.Store, sprint.Activity]{
	fresh: func(t *testing.T, s sprint.Store) *sprint.Activity {
		f := newSprintFixture()
		sp := f.sprint(2026, 2, sprint.Active)
		require.NoError(t, s.CreateSprint(ctx(t), sp))
		return f.activity(sp, 5)
	},
	key:     func(a *sprint.Activity) string { return a.ID },
	version: func(a *sprint.Activity) int64 { return a.Version },
	create:  sprint.Store.CreateActivity, get: sprint.Store.Activity, update: sprint.Store.UpdateActivity,
	edit: func(a *sprint.Activity) { a.Title = "first" },
	mutate: func(a *sprint.Activity) {
		*a.Start, a.Seats, a.Tags[0] = base, 1, "changed"
	},
	grow: func(a *sprint.Activity, i int) { a.Tags = append(a.Tags, fmt.Sprintf("t%02d", i)) },
	size: func(a *sprint.Activity) int { return len(a.Tags) },
}

// scheduleAggregate is sprint.Schedule to the standard cases: the one
// schedule a store holds from the start, under no key.
var scheduleAggregate = aggregate[sprint.Store, sprint.Schedule]{
	fresh: func(t *testing.T, s sprint.Store) *sprint.Schedule {
		sc, err := s.Schedule(ctx(t))
		require.NoError(t, err)
		return sc
	},
	key:     func(*sprint.Schedule) string { return "" },
	version: func(sc *sprint.Schedule) int64 { return sc.Version },
	get:     func(s sprint.Store, c context.Context, _ string) (*sprint.Schedule, error) { return s.Schedule(c) },
	update: func(s sprint.Store, c context.Context, _ string, v int64, fn func(*sprint.Schedule) error) (*sprint.Schedule, error) {
		return s.UpdateSchedule(c, v, fn)
	},
	edit:   func(sc *sprint.Schedule) { scheduleQuarter(sc, "2026-Q2", "a") },
	mutate: func(sc *sprint.Schedule) { scheduleQuarter(sc, "x", "y") },
	grow:   func(sc *sprint.Schedule, i int) { scheduleQuarter(sc, fmt.Sprintf("q%02d", i), "x") },
	size:   func(sc *sprint.Schedule) int { return len(sc.Quarters) },
}

// scheduleQuarter assigns quarter q to sprint id in sc.
func scheduleQuarter(sc *sprint.Schedule, q, id string) {
	if sc.Quarters == nil {
		sc.Quarters = map[string]string{}
	}
	sc.Quarters[q] = id
}

func sprintSprints(t *testing.T, newStore func(t *testing.T) sprint.Store) {
	sprintAggregate.run(t, newStore)
	t.Run("values are copies", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newSprintFixture(), ctx(t)
		sp := f.sprint(2026, 2, sprint.Active)
		require.NoError(t, s.CreateSprint(c, sp))
		got, err := s.Sprint(c, sp.ID)
		require.NoError(t, err)
		got.Topics[0].Goals[0].Measure.Current = 99
		*got.Topics[0].Goals[0].Measure.Confidence = 1
		got.Retrospective.Notes[0].Votes[0] = "mutated"
		again, err := s.Sprint(c, sp.ID)
		require.NoError(t, err)
		assert.Equal(t, sp, again)
	})
	t.Run("update", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newSprintFixture(), ctx(t)
		sp := f.sprint(2026, 2, sprint.Active)
		require.NoError(t, s.CreateSprint(c, sp))
		updated, err := s.UpdateSprint(c, sp.ID, 1, func(sp *sprint.Sprint) error {
			sp.State = sprint.Review
			sp.Retrospective.Notes[0].Votes = append(sp.Retrospective.Notes[0].Votes, "cal")
			return nil
		})
		require.NoError(t, err)
		assert.Equal(t, int64(2), updated.Version)
		stored, err := s.Sprint(c, sp.ID)
		require.NoError(t, err)
		assert.Equal(t, updated, stored)
		assert.Equal(t, []string{"ben", "cal"}, stored.Retrospective.Notes[0].Votes)
	})
	t.Run("list by year and state", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newSprintFixture(), ctx(t)
		var all, y2026, closed []string
		for i, q := range []struct {
			year, quarter int
			state         sprint.State
		}{{2025, 4, sprint.Closed}, {2026, 1, sprint.Closed}, {2026, 2, sprint.Active}, {2026, 3, sprint.Planning}, {2026, 3, sprint.Cancelled}} {
			sp := f.sprint(q.year, q.quarter, q.state)
			require.NoError(t, s.CreateSprint(c, sp), i)
			all = append(all, sp.ID)
			if q.year == 2026 {
				y2026 = append(y2026, sp.ID)
			}
			if q.state == sprint.Closed {
				closed = append(closed, sp.ID)
			}
		}
		list := pages(c, s.Sprints)
		checkPaging(t, 2, all, list(sprint.SprintFilter{}))
		checkPaging(t, 3, y2026, list(sprint.SprintFilter{Year: 2026}))
		checkPaging(t, 1, closed, list(sprint.SprintFilter{State: sprint.Closed}))
		checkPaging(t, 5, closed[1:], list(sprint.SprintFilter{Year: 2026, State: sprint.Closed}))
	})
}

func sprintActivities(t *testing.T, newStore func(t *testing.T) sprint.Store) {
	activityAggregate.run(t, newStore)
	t.Run("create, get, update, list", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newSprintFixture(), ctx(t)
		sp, other := f.sprint(2026, 2, sprint.Active), f.sprint(2026, 3, sprint.Planning)
		require.NoError(t, s.CreateSprint(c, sp))
		require.NoError(t, s.CreateSprint(c, other))
		var want []string
		for i := range 5 {
			a := f.activity(sp, 10)
			if i == 2 {
				a.Start, a.Minutes, a.Kind = nil, 0, sprint.SelfStudy
			}
			require.NoError(t, s.CreateActivity(c, a))
			require.NoError(t, s.CreateActivity(c, f.activity(other, 0)))
			want = append(want, a.ID)
			got, err := s.Activity(c, a.ID)
			require.NoError(t, err)
			assert.Equal(t, a, got)
		}
		assert.ErrorIs(t, s.CreateActivity(c, &sprint.Activity{ID: want[0], SprintID: sp.ID, Version: 1}), storage.ErrAlreadyExists)
		checkPaging(t, 2, want, pages(c, s.Activities)(sprint.ActivityFilter{SprintID: sp.ID}))
		topic, err := s.Activities(c, sprint.ActivityFilter{SprintID: sp.ID, TopicID: sp.Topics[0].ID}, storage.PageRequest{Limit: storage.NoLimit})
		require.NoError(t, err)
		assert.Len(t, topic.Items, 5)

		_, _, err = enrol(s, c, want[0], "ana")
		require.NoError(t, err)
		updated, err := s.UpdateActivity(c, want[0], 2, func(a *sprint.Activity) error {
			assert.Equal(t, 1, a.Taken, "the callback sees the seats taken")
			assert.Nil(t, a.Enrolments, "and no enrolments")
			a.Title, a.Seats = "Kubernetes in practice", 1
			return nil
		})
		require.NoError(t, err)
		assert.Equal(t, int64(3), updated.Version)
		assert.Equal(t, 1, updated.Taken)
		stored, err := s.Activity(c, want[0])
		require.NoError(t, err)
		assert.Equal(t, updated, stored)
		assert.Equal(t, "Kubernetes in practice", stored.Title)
	})
	t.Run("enrolments and seats taken change only through UpdateEnrolment", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newSprintFixture(), ctx(t)
		sp := f.sprint(2026, 2, sprint.Active)
		require.NoError(t, s.CreateSprint(c, sp))
		bad := f.activity(sp, 5)
		bad.Enrolments = []sprint.Enrolment{{Person: "ana", Status: sprint.EnrolmentEnrolled, EnrolledAt: base}}
		assert.ErrorIs(t, s.CreateActivity(c, bad), storage.ErrInvalid)
		taken := f.activity(sp, 5)
		taken.Taken = 1
		assert.ErrorIs(t, s.CreateActivity(c, taken), storage.ErrInvalid)
		for _, id := range []string{bad.ID, taken.ID} {
			_, err := s.Activity(c, id)
			assert.ErrorIs(t, err, storage.ErrNotFound, "a refused activity is not stored")
		}

		a := f.activity(sp, 5)
		require.NoError(t, s.CreateActivity(c, a))
		_, _, err := enrol(s, c, a.ID, "ana")
		require.NoError(t, err)
		before, err := s.Activity(c, a.ID)
		require.NoError(t, err)
		for name, fn := range map[string]func(*sprint.Activity){
			"taken": func(a *sprint.Activity) { a.Taken++ },
			"enrolments": func(a *sprint.Activity) {
				a.Enrolments = append(a.Enrolments, sprint.Enrolment{Person: "ben", Status: sprint.EnrolmentEnrolled})
			},
		} {
			_, err := s.UpdateActivity(c, a.ID, 0, func(a *sprint.Activity) error { a.Title = "changed"; fn(a); return nil })
			assert.ErrorIs(t, err, storage.ErrInvalid, name)
		}
		after, err := s.Activity(c, a.ID)
		require.NoError(t, err)
		assert.Equal(t, before, after, "a refused update changes nothing")
		all, err := s.Enrolments(c, sprint.EnrolmentFilter{ActivityID: a.ID}, storage.PageRequest{})
		require.NoError(t, err)
		assert.Equal(t, []string{"ana"}, keys(all.Items))
	})
}

func sprintCheckIns(t *testing.T, newStore func(t *testing.T) sprint.Store) {
	s, f, c := newStore(t), newSprintFixture(), ctx(t)
	sp := f.sprint(2026, 2, sprint.Active)
	require.NoError(t, s.CreateSprint(c, sp))
	goal := sp.Topics[0].Goals[0].ID
	var want []string
	for seq := 1; seq <= 5; seq++ {
		ci := &sprint.CheckIn{ID: f.newID(), SprintID: sp.ID, GoalID: goal, Seq: seq, Value: float64(seq), Confidence: 5, Author: "fay", At: base}
		require.NoError(t, s.CreateLearningCheckIn(c, ci))
		want = append(want, ci.ID)
		require.NoError(t, s.CreateLearningCheckIn(c, &sprint.CheckIn{ID: f.newID(), SprintID: sp.ID, GoalID: "other", Seq: seq, At: base}))
	}
	dup := &sprint.CheckIn{ID: f.newID(), SprintID: sp.ID, GoalID: goal, Seq: 3, At: base}
	assert.ErrorIs(t, s.CreateLearningCheckIn(c, dup), storage.ErrAlreadyExists)
	checkPaging(t, 2, want, pages(c, s.LearningCheckIns)(sprint.CheckInFilter{SprintID: sp.ID, GoalID: goal}))
	all, err := s.LearningCheckIns(c, sprint.CheckInFilter{SprintID: sp.ID}, storage.PageRequest{Limit: storage.NoLimit})
	require.NoError(t, err)
	assert.Len(t, all.Items, 10)
	assert.True(t, slices.IsSortedFunc(all.Items, func(a, b sprint.CheckIn) int { return strings.Compare(a.ID, b.ID) }))
}

func sprintSchedule(t *testing.T, newStore func(t *testing.T) sprint.Store) {
	scheduleAggregate.run(t, newStore)
	t.Run("starts empty and updates", func(t *testing.T) {
		t.Parallel()
		s, c := newStore(t), ctx(t)
		sc, err := s.Schedule(c)
		require.NoError(t, err)
		assert.Empty(t, sc.Quarters)
		assert.Equal(t, int64(1), sc.Version)
		got, err := s.UpdateSchedule(c, 1, func(sc *sprint.Schedule) error {
			if sc.Quarters == nil {
				sc.Quarters = map[string]string{}
			}
			sc.Quarters["2026-Q2"] = "a"
			return nil
		})
		require.NoError(t, err)
		assert.Equal(t, int64(2), got.Version)
		stored, err := s.Schedule(c)
		require.NoError(t, err)
		assert.Equal(t, map[string]string{"2026-Q2": "a"}, stored.Quarters)
		stored.Quarters["2026-Q3"] = "mutated"
		again, err := s.Schedule(c)
		require.NoError(t, err)
		assert.Equal(t, map[string]string{"2026-Q2": "a"}, again.Quarters, "values are copies")
		assert.Equal(t, int64(2), again.Version)
	})
}

// itemCreator is the part of backlog.Store the atomic checks use to make
// a backlog item; stores that implement sprint.Store usually have it.
type itemCreator interface {
	CreateItem(ctx context.Context, it *backlog.Item) error
}

func sprintAtomic(t *testing.T, newStore func(t *testing.T) sprint.Store) {
	setup := func(t *testing.T) (sprint.Store, *sprintFixture, context.Context, *sprint.Sprint, *backlog.Item) {
		s, f, c := newStore(t), newSprintFixture(), ctx(t)
		items, ok := s.(itemCreator)
		if !ok {
			t.Skip("the store cannot create backlog items")
		}
		sp := f.sprint(2026, 2, sprint.Review)
		it := &backlog.Item{ID: sp.Topics[0].ItemID, Title: "Kubernetes", Tags: []string{"k8s"}, Links: []string{}, SuggestedBy: "ana",
			Status: backlog.StatusSelected, MeetingID: sp.MeetingID, Supporters: []backlog.Support{},
			CreatedAt: base, UpdatedAt: base, StatusChangedAt: base, Version: 1}
		require.NoError(t, items.CreateItem(c, it))
		require.NoError(t, s.CreateSprint(c, sp))
		return s, f, c, sp, it
	}
	closeSprint := func(s sprint.Store, c context.Context, sp *sprint.Sprint, ci *sprint.CheckIn) error {
		if _, err := s.UpdateSprint(c, sp.ID, 0, func(sp *sprint.Sprint) error { sp.State = sprint.Closed; return nil }); err != nil {
			return err
		}
		if _, err := s.UpdateItem(c, sp.Topics[0].ItemID, 0, func(it *backlog.Item) error { return it.Return(base) }); err != nil {
			return err
		}
		return s.CreateLearningCheckIn(c, ci)
	}
	checkIn := func(f *sprintFixture, sp *sprint.Sprint) *sprint.CheckIn {
		return &sprint.CheckIn{ID: f.newID(), SprintID: sp.ID, GoalID: sp.Topics[0].Goals[0].ID, Seq: 2, Value: 5, Confidence: 7, Author: "fay", At: base}
	}
	unchanged := func(t *testing.T, s sprint.Store, c context.Context, sp *sprint.Sprint, it *backlog.Item) {
		t.Helper()
		gotSprint, err := s.Sprint(c, sp.ID)
		require.NoError(t, err)
		assert.Equal(t, sp, gotSprint, "the sprint is rolled back")
		gotItem, err := s.Item(c, it.ID)
		require.NoError(t, err)
		assert.Equal(t, it, gotItem, "the backlog item is rolled back")
		cis, err := s.LearningCheckIns(c, sprint.CheckInFilter{SprintID: sp.ID}, storage.PageRequest{})
		require.NoError(t, err)
		assert.Empty(t, cis.Items, "the check-in is rolled back")
	}
	type closing struct {
		sp *sprint.Sprint
		it *backlog.Item
		ci *sprint.CheckIn
	}
	transaction[sprint.Store, closing]{
		setup: func(t *testing.T) (sprint.Store, context.Context, closing) {
			s, f, c, sp, it := setup(t)
			return s, c, closing{sp, it, checkIn(f, sp)}
		},
		atomic: sprint.Store.Atomic,
		work:   func(s sprint.Store, c context.Context, w closing) error { return closeSprint(s, c, w.sp, w.ci) },
		applied: func(t *testing.T, s sprint.Store, c context.Context, w closing) {
			gotItem, err := s.Item(c, w.it.ID)
			require.NoError(t, err)
			assert.Equal(t, backlog.StatusOpen, gotItem.Status)
			assert.Equal(t, 1, gotItem.CarryOvers)
			gotSprint, err := s.Sprint(c, w.sp.ID)
			require.NoError(t, err)
			assert.Equal(t, sprint.Closed, gotSprint.State)
			cis, err := s.LearningCheckIns(c, sprint.CheckInFilter{SprintID: w.sp.ID}, storage.PageRequest{})
			require.NoError(t, err)
			assert.Equal(t, []string{w.ci.ID}, keys(cis.Items))
		},
		unchanged: func(t *testing.T, s sprint.Store, c context.Context, w closing) {
			unchanged(t, s, c, w.sp, w.it)
		},
	}.run(t)
	t.Run("a failing step rolls back earlier steps", func(t *testing.T) {
		t.Parallel()
		s, f, c, sp, it := setup(t)
		ci := checkIn(f, sp)
		require.NoError(t, s.CreateLearningCheckIn(c, ci))
		err := s.Atomic(c, func(c context.Context) error { return closeSprint(s, c, sp, ci) })
		assert.ErrorIs(t, err, storage.ErrAlreadyExists)
		gotSprint, err := s.Sprint(c, sp.ID)
		require.NoError(t, err)
		assert.Equal(t, sp, gotSprint)
		gotItem, err := s.Item(c, it.ID)
		require.NoError(t, err)
		assert.Equal(t, it, gotItem)
	})
}

func sprintMore(t *testing.T, newStore func(t *testing.T) sprint.Store) {
	t.Run("activities are copies", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newSprintFixture(), ctx(t)
		sp := f.sprint(2026, 2, sprint.Active)
		require.NoError(t, s.CreateSprint(c, sp))
		a := f.activity(sp, 5)
		require.NoError(t, s.CreateActivity(c, a))
		got, err := s.Activity(c, a.ID)
		require.NoError(t, err)
		got.Tags[0] = "mutated"
		*got.Start = base
		again, err := s.Activity(c, a.ID)
		require.NoError(t, err)
		assert.Equal(t, a, again)
	})
	t.Run("lists: empty, not nil; bad cursor refused", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newSprintFixture(), ctx(t)
		page, err := s.Sprints(c, sprint.SprintFilter{Year: 1999}, storage.PageRequest{})
		require.NoError(t, err)
		assert.NotNil(t, page.Items)
		assert.Empty(t, page.Items)
		acts, err := s.Activities(c, sprint.ActivityFilter{SprintID: f.newID()}, storage.PageRequest{})
		require.NoError(t, err)
		assert.NotNil(t, acts.Items)
		_, err = s.Sprints(c, sprint.SprintFilter{}, storage.PageRequest{Cursor: "%%%"})
		assert.ErrorIs(t, err, storage.ErrInvalid)
		_, err = s.Activities(c, sprint.ActivityFilter{}, storage.PageRequest{Cursor: "%%%"})
		assert.ErrorIs(t, err, storage.ErrInvalid)
		_, err = s.LearningCheckIns(c, sprint.CheckInFilter{}, storage.PageRequest{Cursor: "%%%"})
		assert.ErrorIs(t, err, storage.ErrInvalid)
		enrolments, err := s.Enrolments(c, sprint.EnrolmentFilter{ActivityID: f.newID()}, storage.PageRequest{})
		require.NoError(t, err)
		assert.NotNil(t, enrolments.Items)
		assert.Empty(t, enrolments.Items)
		_, err = s.Enrolments(c, sprint.EnrolmentFilter{}, storage.PageRequest{Cursor: "%%%"})
		assert.ErrorIs(t, err, storage.ErrInvalid)
	})
}
