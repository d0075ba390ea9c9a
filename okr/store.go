package okr

import (
	"context"

	"github.com/footprint-hq/footprint/storage"
)

// Store keeps goals, objectives, check-ins, comments and suggestions. It
// follows the rules in the storage package documentation: Update methods
// are atomic read-modify-writes with a version check, values returned are
// copies, lists are ordered by ID ascending, and calls made with the
// context of an Atomic callback join its transaction. storage/memory and
// storage/sqlstore implement it; storage/storetest.OKR checks an
// implementation.
//
// Create methods return storage.ErrAlreadyExists when the ID is taken. Get
// and Update methods return storage.ErrNotFound for an unknown ID. List
// methods return storage.ErrInvalidCursor for a cursor they did not make.
type Store interface {
	storage.EventStore

	CreateGoal(ctx context.Context, g *Goal) error
	Goal(ctx context.Context, id string) (*Goal, error)
	UpdateGoal(ctx context.Context, id string, version int64, fn func(*Goal) error) (*Goal, error)
	// Goals lists the goals of owner.
	Goals(ctx context.Context, owner string, page storage.PageRequest) (storage.Page[Goal], error)

	CreateObjective(ctx context.Context, o *Objective) error
	Objective(ctx context.Context, id string) (*Objective, error)
	UpdateObjective(ctx context.Context, id string, version int64, fn func(*Objective) error) (*Objective, error)
	// Objectives lists the objectives that match every non-empty field of
	// the filter.
	Objectives(ctx context.Context, f ObjectiveFilter, page storage.PageRequest) (storage.Page[Objective], error)

	// CreateCheckIn appends a check-in. A check-in with the same key
	// result and sequence number as a stored one returns
	// storage.ErrAlreadyExists.
	CreateCheckIn(ctx context.Context, c *CheckIn) error
	// CheckIns lists the check-ins that match every non-empty field of the
	// filter.
	CheckIns(ctx context.Context, f CheckInFilter, page storage.PageRequest) (storage.Page[CheckIn], error)

	CreateComment(ctx context.Context, c *Comment) error
	// Comments lists the comments on an objective.
	Comments(ctx context.Context, objectiveID string, page storage.PageRequest) (storage.Page[Comment], error)

	CreateSuggestion(ctx context.Context, s *Suggestion) error
	Suggestion(ctx context.Context, id string) (*Suggestion, error)
	UpdateSuggestion(ctx context.Context, id string, version int64, fn func(*Suggestion) error) (*Suggestion, error)
	// Suggestions lists the suggestions that match every non-empty field
	// of the filter.
	Suggestions(ctx context.Context, f SuggestionFilter, page storage.PageRequest) (storage.Page[Suggestion], error)
}

// ObjectiveFilter selects objectives; empty fields match everything.
type ObjectiveFilter struct {
	Owner  string
	GoalID string
}

// CheckInFilter selects check-ins; empty fields match everything.
type CheckInFilter struct {
	Owner       string
	ObjectiveID string
	KeyResultID string
}

// SuggestionFilter selects suggestions; empty fields match everything.
type SuggestionFilter struct {
	From   string
	To     string
	Status SuggestionStatus
}
