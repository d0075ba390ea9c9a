package memory

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/footprint-hq/footprint/sprint"
	"github.com/footprint-hq/footprint/storage"
)

var _ sprint.Store = (*Store)(nil)

type sprintTables struct {
	sprints    *table[sprint.Sprint]
	activities *table[sprint.Activity]
	checkIns   *table[sprint.CheckIn]
	schedule   *table[sprint.Schedule]
	// enrolments are kept apart from their activities, keyed by
	// enrolmentKey.
	enrolments *table[sprint.ActivityEnrolment]
	// checkInSeqs holds "goalID/seq" of every stored check-in.
	checkInSeqs map[string]bool
}

func newSprintTables() sprintTables {
	t := sprintTables{
		sprints: newTable(func(s *sprint.Sprint) string { return s.ID }, cloneSprint,
			func(s *sprint.Sprint) *int64 { return &s.Version }),
		activities: newTable(func(a *sprint.Activity) string { return a.ID }, cloneActivity,
			func(a *sprint.Activity) *int64 { return &a.Version }),
		checkIns: newTable(func(c *sprint.CheckIn) string { return c.ID }, same[sprint.CheckIn], nil),
		schedule: newTable(func(*sprint.Schedule) string { return scheduleID }, cloneSchedule,
			func(sc *sprint.Schedule) *int64 { return &sc.Version }),
		enrolments: newTable(func(e *sprint.ActivityEnrolment) string { return enrolmentKey(e.ActivityID, e.Person) },
			cloneActivityEnrolment, nil),
		checkInSeqs: map[string]bool{},
	}
	t.schedule.insert(sprint.Schedule{Quarters: map[string]string{}, Version: 1}, func(func()) {})
	return t
}

// scheduleID is the key of the one schedule.
const scheduleID = "schedule"

func cloneSchedule(sc sprint.Schedule) sprint.Schedule {
	sc.Quarters = maps.Clone(sc.Quarters)
	return sc
}

func cloneSprint(s sprint.Sprint) sprint.Sprint {
	s.Facilitators = slices.Clone(s.Facilitators)
	s.Topics = slices.Clone(s.Topics)
	for i := range s.Topics {
		t := &s.Topics[i]
		t.Tags = slices.Clone(t.Tags)
		t.Goals = slices.Clone(t.Goals)
		for j := range t.Goals {
			g := &t.Goals[j]
			g.Measure = cloneKeyResult(g.Measure)
			g.Assessment = clonePtr(g.Assessment)
		}
	}
	s.Carried = slices.Clone(s.Carried)
	for i := range s.Carried {
		s.Carried[i].ResolvedAt = clonePtr(s.Carried[i].ResolvedAt)
	}
	r := &s.Retrospective
	r.Notes = slices.Clone(r.Notes)
	for i := range r.Notes {
		r.Notes[i].Votes = slices.Clone(r.Notes[i].Votes)
	}
	r.Actions = slices.Clone(r.Actions)
	r.RecordedAt = clonePtr(r.RecordedAt)
	s.History = slices.Clone(s.History)
	return s
}

// cloneActivity copies an activity, which as stored has no Enrolments.
func cloneActivity(a sprint.Activity) sprint.Activity {
	a.Start = clonePtr(a.Start)
	a.Tags = slices.Clone(a.Tags)
	a.Enrolments = nil
	return a
}

func cloneActivityEnrolment(e sprint.ActivityEnrolment) sprint.ActivityEnrolment {
	e.Rating = clonePtr(e.Rating)
	e.RatedAt = clonePtr(e.RatedAt)
	return e
}

// enrolmentKey is the key of person's enrolment in an activity: the
// activity's ID, a NUL byte, the person. Keys sort by activity, then by
// person, since NUL sorts before every byte an ID holds.
func enrolmentKey(activity, person string) string { return activity + "\x00" + person }

// CreateSprint stores a new sprint.
func (s *Store) CreateSprint(ctx context.Context, sp *sprint.Sprint) error {
	return insert(s, ctx, s.sprint.sprints, sp)
}

// Sprint returns a sprint.
func (s *Store) Sprint(ctx context.Context, id string) (*sprint.Sprint, error) {
	return get(s, ctx, s.sprint.sprints, id)
}

// UpdateSprint changes a sprint atomically.
func (s *Store) UpdateSprint(ctx context.Context, id string, version int64, fn func(*sprint.Sprint) error) (*sprint.Sprint, error) {
	return update(s, ctx, s.sprint.sprints, id, version, fn)
}

// Sprints lists the sprints matching f.
func (s *Store) Sprints(ctx context.Context, f sprint.SprintFilter, page storage.PageRequest) (storage.Page[sprint.Sprint], error) {
	return list(s, ctx, s.sprint.sprints, page, func(sp *sprint.Sprint) bool {
		return (f.Year == 0 || f.Year == sp.Year) && match(string(f.State), string(sp.State))
	})
}

// Schedule returns the schedule.
func (s *Store) Schedule(ctx context.Context) (*sprint.Schedule, error) {
	return get(s, ctx, s.sprint.schedule, scheduleID)
}

// UpdateSchedule changes the schedule atomically.
func (s *Store) UpdateSchedule(ctx context.Context, version int64, fn func(*sprint.Schedule) error) (*sprint.Schedule, error) {
	return update(s, ctx, s.sprint.schedule, scheduleID, version, fn)
}

// CreateActivity stores a new activity, which has no enrolments yet.
func (s *Store) CreateActivity(ctx context.Context, a *sprint.Activity) error {
	if len(a.Enrolments) > 0 || a.Taken != 0 {
		return fmt.Errorf("activity %s: a new activity has no enrolments (add them with UpdateEnrolment): %w", a.ID, storage.ErrInvalid)
	}
	return insert(s, ctx, s.sprint.activities, a)
}

// Activity returns an activity.
func (s *Store) Activity(ctx context.Context, id string) (*sprint.Activity, error) {
	return get(s, ctx, s.sprint.activities, id)
}

// UpdateActivity changes an activity's own fields atomically.
func (s *Store) UpdateActivity(ctx context.Context, id string, version int64, fn func(*sprint.Activity) error) (*sprint.Activity, error) {
	return update(s, ctx, s.sprint.activities, id, version, sprint.KeepEnrolments(fn))
}

// UpdateEnrolment changes person's enrolment in an activity atomically,
// with the activity's count of seats taken.
func (s *Store) UpdateEnrolment(ctx context.Context, activityID, person string, fn func(*sprint.Activity, *sprint.Enrolment) error) (*sprint.Activity, *sprint.Enrolment, error) {
	if person == "" {
		return nil, nil, fmt.Errorf("enrolment in activity %s: a person is required: %w", activityID, storage.ErrInvalid)
	}
	var (
		a    *sprint.Activity
		next sprint.ActivityEnrolment
	)
	err := s.Atomic(ctx, func(ctx context.Context) error {
		var err error
		a, err = update(s, ctx, s.sprint.activities, activityID, 0, func(a *sprint.Activity) (err error) {
			cur := sprint.ActivityEnrolment{SprintID: a.SprintID, ActivityID: a.ID, Enrolment: sprint.Enrolment{Person: person}}
			if stored, ok := s.sprint.enrolments.rows[enrolmentKey(activityID, person)]; ok {
				cur = *stored
			}
			next = cur
			next.Enrolment, err = sprint.ChangeEnrolment(a, cur.Enrolment, fn)
			return err
		})
		if err != nil {
			return err
		}
		return s.write(ctx, func(record func(func())) error {
			s.sprint.enrolments.put(next, record)
			return nil
		})
	})
	if err != nil {
		return nil, nil, err
	}
	e := cloneActivityEnrolment(next).Enrolment
	return a, &e, nil
}

// Enrolments lists the enrolments matching f.
func (s *Store) Enrolments(ctx context.Context, f sprint.EnrolmentFilter, page storage.PageRequest) (storage.Page[sprint.ActivityEnrolment], error) {
	return list(s, ctx, s.sprint.enrolments, page, func(e *sprint.ActivityEnrolment) bool {
		return match(f.SprintID, e.SprintID) && match(f.ActivityID, e.ActivityID) && match(f.Person, e.Person)
	})
}

// Activities lists the activities matching f.
func (s *Store) Activities(ctx context.Context, f sprint.ActivityFilter, page storage.PageRequest) (storage.Page[sprint.Activity], error) {
	return list(s, ctx, s.sprint.activities, page, func(a *sprint.Activity) bool {
		return match(f.SprintID, a.SprintID) && match(f.TopicID, a.TopicID)
	})
}

// CreateLearningCheckIn appends a learning-goal check-in.
func (s *Store) CreateLearningCheckIn(ctx context.Context, c *sprint.CheckIn) error {
	return insertNumbered(s, ctx, s.sprint.checkIns, s.sprint.checkInSeqs, c, c.GoalID, c.Seq, "learning goal")
}

// LearningCheckIns lists the learning-goal check-ins matching f.
func (s *Store) LearningCheckIns(ctx context.Context, f sprint.CheckInFilter, page storage.PageRequest) (storage.Page[sprint.CheckIn], error) {
	return list(s, ctx, s.sprint.checkIns, page, func(c *sprint.CheckIn) bool {
		return match(f.SprintID, c.SprintID) && match(f.GoalID, c.GoalID)
	})
}
