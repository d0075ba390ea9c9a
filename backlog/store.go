package backlog

import (
	"context"

	"github.com/footprint-hq/footprint/storage"
)

// Store keeps backlog items and prioritisation meetings. It follows the
// rules in the storage package documentation: Update methods are atomic
// read-modify-writes with a version check (0 skips it), values returned
// are copies, lists are ordered by ID ascending, and calls made with the
// context of an Atomic callback join its transaction. storage/memory
// implements it; storage/storetest.Backlog checks an implementation.
//
// Create methods return storage.ErrAlreadyExists when the ID is taken. Get
// and Update methods return storage.ErrNotFound for an unknown ID. List
// methods return storage.ErrInvalidCursor for a cursor they did not make.
type Store interface {
	storage.EventStore

	CreateItem(ctx context.Context, it *Item) error
	Item(ctx context.Context, id string) (*Item, error)
	// UpdateItem reads the item, calls fn on a copy and stores the result
	// with its version incremented, as one atomic step. A non-zero version
	// that differs from the stored one returns storage.ErrConflict without
	// calling fn; an error from fn changes nothing and is returned as is.
	UpdateItem(ctx context.Context, id string, version int64, fn func(*Item) error) (*Item, error)
	// Items lists the items that match every non-empty field of the
	// filter.
	Items(ctx context.Context, f ItemFilter, page storage.PageRequest) (storage.Page[Item], error)

	// CreatePrioritisationMeeting stores a new meeting. A quarter has at
	// most one meeting that is not cancelled: it returns
	// storage.ErrAlreadyExists, storing nothing, when the ID is taken or
	// when m is not cancelled and another meeting of m.Quarter is not
	// cancelled. The store enforces this itself, so that it holds for
	// concurrent transactions (a SQL store: a unique index on the quarter
	// over the rows whose status is not cancelled).
	CreatePrioritisationMeeting(ctx context.Context, m *Meeting) error
	PrioritisationMeeting(ctx context.Context, id string) (*Meeting, error)
	// UpdatePrioritisationMeeting changes a meeting atomically, as
	// UpdateItem does. A change that would leave two meetings of a
	// quarter not cancelled (changing the quarter, or the status from
	// cancelled) returns storage.ErrAlreadyExists and changes nothing.
	UpdatePrioritisationMeeting(ctx context.Context, id string, version int64, fn func(*Meeting) error) (*Meeting, error)
	// PrioritisationMeetings lists the meetings that match every
	// non-empty field of the filter.
	PrioritisationMeetings(ctx context.Context, f MeetingFilter, page storage.PageRequest) (storage.Page[Meeting], error)
}

// ItemFilter selects items; empty fields match everything.
type ItemFilter struct {
	Status      ItemStatus `json:"status,omitempty"`
	SuggestedBy string     `json:"suggestedBy,omitempty"`
	// MeetingID selects the items a meeting selected that are still
	// selected or done.
	MeetingID string `json:"meetingId,omitempty"`
}

// MeetingFilter selects meetings; empty fields match everything.
type MeetingFilter struct {
	Status  MeetingStatus `json:"status,omitempty"`
	Quarter Quarter       `json:"quarter,omitzero"`
}
