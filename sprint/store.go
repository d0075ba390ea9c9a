package sprint

import (
	"context"
	"fmt"

	"github.com/footprint-hq/footprint/storage"
)

// Store keeps sprints, their activities and learning-goal check-ins. It
// follows the rules in the storage package documentation: Update methods
// are atomic read-modify-writes with a version check, values returned are
// copies, lists are ordered by ID ascending, and calls made with the
// context of an Atomic callback join its transaction. storage/memory and
// storage/sqlstore implement it; storage/storetest.Sprint checks an
// implementation.
//
// Create methods return storage.ErrAlreadyExists when the ID is taken. Get
// and Update methods return storage.ErrNotFound for an unknown ID. List
// methods return storage.ErrInvalidCursor for a cursor they did not make.
type Store interface {
	storage.EventStore

	CreateSprint(ctx context.Context, s *Sprint) error
	Sprint(ctx context.Context, id string) (*Sprint, error)
	UpdateSprint(ctx context.Context, id string, version int64, fn func(*Sprint) error) (*Sprint, error)
	// Sprints lists the sprints that match every non-empty field of the
	// filter.
	Sprints(ctx context.Context, f SprintFilter, page storage.PageRequest) (storage.Page[Sprint], error)

	// CreateActivity stores a new activity. It has no enrolments yet and
	// none taken: one with Enrolments or a Taken other than 0 returns
	// storage.ErrInvalid and stores nothing.
	CreateActivity(ctx context.Context, a *Activity) error
	// Activity returns an activity with its Taken, and without its
	// enrolments (Enrolments is nil): list them with Enrolments.
	Activity(ctx context.Context, id string) (*Activity, error)
	// UpdateActivity changes an activity's own fields atomically; in SQL
	// it locks the activity's row until the transaction ends. fn sees the
	// activity as Activity returns it and must leave Taken and Enrolments
	// alone, which only UpdateEnrolment changes: changing either returns
	// storage.ErrInvalid and changes nothing.
	UpdateActivity(ctx context.Context, id string, version int64, fn func(*Activity) error) (*Activity, error)
	// Activities lists the activities that match every non-empty field
	// of the filter, as Activity returns them.
	Activities(ctx context.Context, f ActivityFilter, page storage.PageRequest) (storage.Page[Activity], error)

	// UpdateEnrolment changes person's enrolment in activity activityID
	// atomically, together with the activity, at a cost that does not
	// grow with the activity's other enrolments. It locks the activity as
	// UpdateActivity does with version 0 — so changes to the enrolments
	// of one activity queue behind each other — reads person's enrolment
	// and calls fn with both; a person without an enrolment gets one with
	// their Person and an empty Status. When fn returns nil the store
	// writes the enrolment (creating it if it is new), sets the
	// activity's Taken to count it (Enrolment.HoldsSeat), writes the
	// activity's other changes (UpdatedAt, say) with its version
	// incremented, and returns both as stored. fn must give the
	// enrolment a Status and keep its Person, and must leave the
	// activity's ID, Taken and Enrolments alone: otherwise, and for an
	// empty person, UpdateEnrolment returns storage.ErrInvalid and
	// changes nothing. An unknown activity returns storage.ErrNotFound
	// without calling fn. When fn returns an error nothing is written and
	// UpdateEnrolment returns that error unchanged.
	UpdateEnrolment(ctx context.Context, activityID, person string, fn func(a *Activity, e *Enrolment) error) (*Activity, *Enrolment, error)
	// Enrolments lists the enrolments that match every non-empty field of
	// the filter, ordered by activity ID and, within an activity, by
	// person (both ascending, byte by byte).
	Enrolments(ctx context.Context, f EnrolmentFilter, page storage.PageRequest) (storage.Page[ActivityEnrolment], error)

	// CreateLearningCheckIn appends a learning-goal check-in. One with the same
	// goal and sequence number as a stored one returns
	// storage.ErrAlreadyExists.
	CreateLearningCheckIn(ctx context.Context, c *CheckIn) error
	// LearningCheckIns lists the check-ins that match every non-empty field of
	// the filter.
	LearningCheckIns(ctx context.Context, f CheckInFilter, page storage.PageRequest) (storage.Page[CheckIn], error)

	// Schedule returns the store's schedule; a new store's is empty, with
	// version 1.
	Schedule(ctx context.Context) (*Schedule, error)
	// UpdateSchedule changes the schedule atomically, like the other
	// Update methods; in SQL it locks the schedule's row.
	UpdateSchedule(ctx context.Context, version int64, fn func(*Schedule) error) (*Schedule, error)

	BacklogStore
}

// SprintFilter selects sprints; zero fields match everything.
type SprintFilter struct {
	Year  int
	State State
}

// ActivityFilter selects activities; empty fields match everything.
type ActivityFilter struct {
	SprintID string
	TopicID  string
}

// EnrolmentFilter selects enrolments; empty fields match everything.
type EnrolmentFilter struct {
	SprintID   string
	ActivityID string
	Person     string
}

// ActivityEnrolment is an enrolment as a Store lists it: with the
// activity it is in, and that activity's sprint.
type ActivityEnrolment struct {
	SprintID   string `json:"sprintId"`
	ActivityID string `json:"activityId"`
	Enrolment
}

// CheckInFilter selects learning-goal check-ins; empty fields match
// everything.
type CheckInFilter struct {
	SprintID string
	GoalID   string
}

// KeepEnrolments wraps the callback of a store's UpdateActivity: it
// refuses, with storage.ErrInvalid, a callback that changes the activity's
// Taken or gives it Enrolments, which only UpdateEnrolment changes. Stores
// implementing Store call it, as storage/memory and storage/sqlstore do.
func KeepEnrolments(fn func(*Activity) error) func(*Activity) error {
	return func(a *Activity) error {
		taken := a.Taken
		if err := fn(a); err != nil {
			return err
		}
		if a.Taken != taken || len(a.Enrolments) > 0 {
			return errEnrolmentsKept(a.ID)
		}
		return nil
	}
}

// ChangeEnrolment is what a store's UpdateEnrolment does once it holds the
// activity a locked and has read the person's stored enrolment, cur (with
// only Person set when there is none): it calls fn on a copy of cur,
// refuses with storage.ErrInvalid a callback that changes a's Taken, gives
// it Enrolments, changes the person or leaves no status, and counts on
// a.Taken the seat the change takes or frees. It returns the enrolment to
// store; fn's own error comes back unchanged.
func ChangeEnrolment(a *Activity, cur Enrolment, fn func(*Activity, *Enrolment) error) (Enrolment, error) {
	next := cur
	if cur.Rating != nil {
		r := *cur.Rating
		next.Rating = &r
	}
	if cur.RatedAt != nil {
		t := *cur.RatedAt
		next.RatedAt = &t
	}
	taken := a.Taken
	if err := fn(a, &next); err != nil {
		return Enrolment{}, err
	}
	switch {
	case a.Taken != taken || len(a.Enrolments) > 0:
		return Enrolment{}, errEnrolmentsKept(a.ID)
	case next.Person != cur.Person:
		return Enrolment{}, fmt.Errorf("enrolment of %s in activity %s: the callback must keep the person: %w", cur.Person, a.ID, storage.ErrInvalid)
	case next.Status == "":
		return Enrolment{}, fmt.Errorf("enrolment of %s in activity %s: the callback must give it a status: %w", cur.Person, a.ID, storage.ErrInvalid)
	}
	a.Taken += seat(next) - seat(cur)
	return next, nil
}

// seat is 1 for an enrolment that holds a seat, 0 otherwise.
func seat(e Enrolment) int {
	if e.HoldsSeat() {
		return 1
	}
	return 0
}

// errEnrolmentsKept reports a callback that changed what only
// UpdateEnrolment changes.
func errEnrolmentsKept(id string) error {
	return fmt.Errorf("activity %s: Taken and Enrolments change only through UpdateEnrolment: %w", id, storage.ErrInvalid)
}
