package sprint

import (
	"context"

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

	CreateActivity(ctx context.Context, a *Activity) error
	Activity(ctx context.Context, id string) (*Activity, error)
	UpdateActivity(ctx context.Context, id string, version int64, fn func(*Activity) error) (*Activity, error)
	// Activities lists the activities that match every non-empty field
	// of the filter.
	Activities(ctx context.Context, f ActivityFilter, page storage.PageRequest) (storage.Page[Activity], error)

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

// CheckInFilter selects learning-goal check-ins; empty fields match
// everything.
type CheckInFilter struct {
	SprintID string
	GoalID   string
}
