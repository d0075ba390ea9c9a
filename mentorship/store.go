package mentorship

import (
	"context"

	"github.com/footprint-hq/footprint/storage"
)

// Store keeps mentor profiles, mentee records, relations and meetings. It
// follows the rules in the storage package documentation: Update methods
// are atomic read-modify-writes with a version check, values returned are
// copies, lists are ordered by ID ascending (profiles and mentee records
// by person), and calls made with the context of an Atomic callback join
// its transaction. storage/memory and storage/sqlstore implement it;
// storage/storetest.Mentorship checks an implementation.
//
// Update methods must lock the row they change until the transaction ends
// (SELECT … FOR UPDATE in SQL), so that an Update inside Atomic reads the
// latest committed value even under READ COMMITTED. The Service relies on
// it: it changes a mentee's active relation only with their Mentee record
// locked, and takes a seat only with the mentor's Profile locked. To stay
// free of deadlocks it always locks in this order: the Mentee record, then
// profiles in ascending order of person, then relations.
//
// Create methods return storage.ErrAlreadyExists when the ID (the person,
// for profiles and mentee records) is taken. Get and Update methods return
// storage.ErrNotFound for an unknown ID. List methods return
// storage.ErrInvalidCursor for a cursor they did not make.
type Store interface {
	storage.Transactor

	CreateProfile(ctx context.Context, p *Profile) error
	Profile(ctx context.Context, person string) (*Profile, error)
	UpdateProfile(ctx context.Context, person string, version int64, fn func(*Profile) error) (*Profile, error)
	// Profiles lists every profile, ordered by person.
	Profiles(ctx context.Context, page storage.PageRequest) (storage.Page[Profile], error)

	CreateMentee(ctx context.Context, m *Mentee) error
	Mentee(ctx context.Context, person string) (*Mentee, error)
	UpdateMentee(ctx context.Context, person string, version int64, fn func(*Mentee) error) (*Mentee, error)

	CreateRelation(ctx context.Context, r *Relation) error
	Relation(ctx context.Context, id string) (*Relation, error)
	UpdateRelation(ctx context.Context, id string, version int64, fn func(*Relation) error) (*Relation, error)
	// Relations lists the relations that match every non-empty field of
	// the filter.
	Relations(ctx context.Context, f RelationFilter, page storage.PageRequest) (storage.Page[Relation], error)

	CreateMeeting(ctx context.Context, m *Meeting) error
	Meeting(ctx context.Context, id string) (*Meeting, error)
	UpdateMeeting(ctx context.Context, id string, version int64, fn func(*Meeting) error) (*Meeting, error)
	// Meetings lists the meetings that match every non-empty field of the
	// filter.
	Meetings(ctx context.Context, f MeetingFilter, page storage.PageRequest) (storage.Page[Meeting], error)
}

// RelationFilter selects relations; empty fields match everything, and
// Statuses matches a relation whose status is any of those listed.
type RelationFilter struct {
	Mentee   string
	Mentor   string
	Kind     RelationKind
	Statuses []RelationStatus
}

// Match reports whether r passes the filter. Stores that filter in memory
// use it.
func (f RelationFilter) Match(r *Relation) bool {
	if f.Mentee != "" && f.Mentee != r.Mentee || f.Mentor != "" && f.Mentor != r.Mentor || f.Kind != "" && f.Kind != r.Kind {
		return false
	}
	if len(f.Statuses) == 0 {
		return true
	}
	for _, s := range f.Statuses {
		if s == r.Status {
			return true
		}
	}
	return false
}

// MeetingFilter selects meetings; empty fields match everything.
type MeetingFilter struct {
	RelationID string
}

// Match reports whether m passes the filter.
func (f MeetingFilter) Match(m *Meeting) bool {
	return f.RelationID == "" || f.RelationID == m.RelationID
}
