package storetest

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/sprint"
	"github.com/footprint-hq/footprint/storage"
)

// Sprint checks a sprint.Store. newStore must return a new, empty store
// each time it is called; every subtest gets its own.
func Sprint(t *testing.T, newStore func(t *testing.T) sprint.Store) {
	t.Run("sprints", func(t *testing.T) { sprintSprints(t, newStore) })
	t.Run("activities", func(t *testing.T) { sprintActivities(t, newStore) })
	t.Run("check-ins", func(t *testing.T) { sprintCheckIns(t, newStore) })
}

type sprintFixture struct{ newID func() string }

func newSprintFixture() *sprintFixture { return &sprintFixture{newID: storage.NewIDSource()} }

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

func (f *sprintFixture) activity(sp *sprint.Sprint, seats int) *sprint.Activity {
	start := base.Add(72 * time.Hour)
	rating := 4
	return &sprint.Activity{
		ID: f.newID(), SprintID: sp.ID, TopicID: sp.Topics[0].ID, Kind: sprint.Classroom, Title: "Kubernetes basics",
		Host: "Lee", External: true, Start: &start, Minutes: 90, Link: "https://example.org/k8s", Seats: seats,
		Tags:       []string{"k8s"},
		Enrolments: []sprint.Enrolment{{Person: "ana", Status: sprint.EnrolmentAttended, EnrolledAt: base, Rating: &rating, Comment: "useful", RatedAt: &start}},
		CreatedAt:  base, UpdatedAt: base, Version: 1,
	}
}

func sprintSprints(t *testing.T, newStore func(t *testing.T) sprint.Store) {
	t.Run("create, get, update", func(t *testing.T) {
		s, f, c := newStore(t), newSprintFixture(), ctx(t)
		sp := f.sprint(2026, 2, sprint.Active)
		require.NoError(t, s.CreateSprint(c, sp))
		assert.ErrorIs(t, s.CreateSprint(c, sp), storage.ErrAlreadyExists)
		got, err := s.Sprint(c, sp.ID)
		require.NoError(t, err)
		assert.Equal(t, sp, got)
		got.Topics[0].Goals[0].Measure.Current = 99
		*got.Topics[0].Goals[0].Measure.Confidence = 1
		got.Retrospective.Notes[0].Votes[0] = "mutated"
		again, err := s.Sprint(c, sp.ID)
		require.NoError(t, err)
		assert.Equal(t, sp, again, "values are copies")

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
		_, err = s.UpdateSprint(c, sp.ID, 1, func(*sprint.Sprint) error { return nil })
		assert.ErrorIs(t, err, storage.ErrConflict)
		_, err = s.UpdateSprint(c, sp.ID, 0, func(sp *sprint.Sprint) error { sp.State = sprint.Closed; return errCallback })
		assert.ErrorIs(t, err, errCallback)
		again, err = s.Sprint(c, sp.ID)
		require.NoError(t, err)
		assert.Equal(t, stored, again, "a failed callback changes nothing")
		_, err = s.Sprint(c, f.newID())
		assert.ErrorIs(t, err, storage.ErrNotFound)
		_, err = s.UpdateSprint(c, f.newID(), 0, func(*sprint.Sprint) error { return nil })
		assert.ErrorIs(t, err, storage.ErrNotFound)
	})
	t.Run("list by year and state", func(t *testing.T) {
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
		list := func(fl sprint.SprintFilter) func(storage.PageRequest) ([]string, string, error) {
			return func(p storage.PageRequest) ([]string, string, error) {
				page, err := s.Sprints(c, fl, p)
				ids := make([]string, len(page.Items))
				for i, sp := range page.Items {
					ids[i] = sp.ID
				}
				return ids, page.Next, err
			}
		}
		checkPaging(t, 2, all, list(sprint.SprintFilter{}))
		checkPaging(t, 3, y2026, list(sprint.SprintFilter{Year: 2026}))
		checkPaging(t, 1, closed, list(sprint.SprintFilter{State: sprint.Closed}))
		checkPaging(t, 5, closed[1:], list(sprint.SprintFilter{Year: 2026, State: sprint.Closed}))
	})
}

func sprintActivities(t *testing.T, newStore func(t *testing.T) sprint.Store) {
	t.Run("create, get, update, list", func(t *testing.T) {
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
		checkPaging(t, 2, want, func(p storage.PageRequest) ([]string, string, error) {
			page, err := s.Activities(c, sprint.ActivityFilter{SprintID: sp.ID}, p)
			ids := make([]string, len(page.Items))
			for i, a := range page.Items {
				ids[i] = a.ID
			}
			return ids, page.Next, err
		})
		topic, err := s.Activities(c, sprint.ActivityFilter{SprintID: sp.ID, TopicID: sp.Topics[0].ID}, storage.PageRequest{Limit: storage.NoLimit})
		require.NoError(t, err)
		assert.Len(t, topic.Items, 5)

		updated, err := s.UpdateActivity(c, want[0], 1, func(a *sprint.Activity) error {
			a.Enrolments = append(a.Enrolments, sprint.Enrolment{Person: "ben", Status: sprint.EnrolmentEnrolled, EnrolledAt: base})
			return nil
		})
		require.NoError(t, err)
		stored, err := s.Activity(c, want[0])
		require.NoError(t, err)
		assert.Equal(t, updated, stored)
		assert.Equal(t, 2, stored.Enrolled())
		_, err = s.UpdateActivity(c, want[0], 1, func(*sprint.Activity) error { return nil })
		assert.ErrorIs(t, err, storage.ErrConflict)
		_, err = s.UpdateActivity(c, want[0], 0, func(a *sprint.Activity) error { a.Seats = 1; return errCallback })
		assert.ErrorIs(t, err, errCallback)
		_, err = s.Activity(c, f.newID())
		assert.ErrorIs(t, err, storage.ErrNotFound)
	})
	t.Run("exactly one person gets the last seat", func(t *testing.T) {
		s, f, c := newStore(t), newSprintFixture(), ctx(t)
		sp := f.sprint(2026, 2, sprint.Active)
		require.NoError(t, s.CreateSprint(c, sp))
		a := f.activity(sp, 2) // ana holds one of two seats
		require.NoError(t, s.CreateActivity(c, a))
		const racers = 12
		var wg sync.WaitGroup
		results := make(chan error, racers)
		for i := range racers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := s.UpdateActivity(c, a.ID, 0, func(a *sprint.Activity) error {
					if a.Enrolled() >= a.Seats {
						return errCallback
					}
					a.Enrolments = append(a.Enrolments, sprint.Enrolment{Person: fmt.Sprintf("p%02d", i), Status: sprint.EnrolmentEnrolled, EnrolledAt: base})
					return nil
				})
				results <- err
			}()
		}
		wg.Wait()
		close(results)
		won := 0
		for err := range results {
			if err == nil {
				won++
				continue
			}
			require.ErrorIs(t, err, errCallback)
		}
		assert.Equal(t, 1, won, "exactly one racer gets the last seat")
		stored, err := s.Activity(c, a.ID)
		require.NoError(t, err)
		assert.Equal(t, 2, stored.Enrolled())
		assert.Equal(t, int64(2), stored.Version)
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
	checkPaging(t, 2, want, func(p storage.PageRequest) ([]string, string, error) {
		page, err := s.LearningCheckIns(c, sprint.CheckInFilter{SprintID: sp.ID, GoalID: goal}, p)
		ids := make([]string, len(page.Items))
		for i, ci := range page.Items {
			ids[i] = ci.ID
		}
		return ids, page.Next, err
	})
	all, err := s.LearningCheckIns(c, sprint.CheckInFilter{SprintID: sp.ID}, storage.PageRequest{Limit: storage.NoLimit})
	require.NoError(t, err)
	assert.Len(t, all.Items, 10)
	assert.True(t, slices.IsSortedFunc(all.Items, func(a, b sprint.CheckIn) int { return strings.Compare(a.ID, b.ID) }))
}
