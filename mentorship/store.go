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
// it: it changes a mentee's active relation, or adds a request, only with
// their Mentee record locked, and takes a seat only with the mentor's
// Profile locked. It takes the locks it needs by Updates that write
// (it never needs a lock whose callback it refused, which a rollback to a
// savepoint may release), in a transaction that commits only when the
// operation succeeds: a refused operation rolls it back and writes
// nothing. To stay free of deadlocks it always locks in this order:
// the Mentee record, then profiles in ascending order of person, then
// relations. Creating a Mentee record happens outside any transaction, so
// that losing a race to create it aborts nothing. Nothing else is
// expected of a store: no triggers, no cascades, no locks on reads.
//
// Create methods return storage.ErrAlreadyExists when the ID (the person,
// for profiles and mentee records) is taken. Get and Update methods return
// storage.ErrNotFound for an unknown ID. List methods return
// storage.ErrInvalidCursor for a cursor they did not make.
type Store interface {
	storage.EventStore

	// CreateProfile stores a new profile, keyed by p.Person; it returns
	// storage.ErrAlreadyExists when the person has one.
	CreateProfile(ctx context.Context, p *Profile) error
	// Profile returns person's profile, or storage.ErrNotFound.
	Profile(ctx context.Context, person string) (*Profile, error)
	// UpdateProfile changes person's profile atomically (see the storage
	// package's rules for Update methods), locking it until the
	// transaction ends.
	UpdateProfile(ctx context.Context, person string, version int64, fn func(*Profile) error) (*Profile, error)
	// Profiles lists every profile, ordered by person.
	Profiles(ctx context.Context, page storage.PageRequest) (storage.Page[Profile], error)

	// CreateMentee stores a new mentee record, keyed by m.Person; it
	// returns storage.ErrAlreadyExists when the person has one. The
	// Service calls it outside transactions only.
	CreateMentee(ctx context.Context, m *Mentee) error
	// Mentee returns person's mentee record, or storage.ErrNotFound.
	Mentee(ctx context.Context, person string) (*Mentee, error)
	// UpdateMentee changes person's mentee record atomically, locking it
	// until the transaction ends.
	UpdateMentee(ctx context.Context, person string, version int64, fn func(*Mentee) error) (*Mentee, error)

	// CreateRelation stores a new relation; it returns
	// storage.ErrAlreadyExists when the ID is taken.
	CreateRelation(ctx context.Context, r *Relation) error
	// Relation returns the relation with that ID, or storage.ErrNotFound.
	Relation(ctx context.Context, id string) (*Relation, error)
	// UpdateRelation changes a relation atomically, locking it until the
	// transaction ends.
	UpdateRelation(ctx context.Context, id string, version int64, fn func(*Relation) error) (*Relation, error)
	// Relations lists the relations that match every non-empty field of
	// the filter (see RelationFilter.Match), ordered by ID.
	Relations(ctx context.Context, f RelationFilter, page storage.PageRequest) (storage.Page[Relation], error)

	// CreateMeeting stores a new meeting; it returns
	// storage.ErrAlreadyExists when the ID is taken.
	CreateMeeting(ctx context.Context, m *Meeting) error
	// Meeting returns the meeting with that ID, or storage.ErrNotFound.
	Meeting(ctx context.Context, id string) (*Meeting, error)
	// UpdateMeeting changes a meeting atomically, locking it until the
	// transaction ends.
	UpdateMeeting(ctx context.Context, id string, version int64, fn func(*Meeting) error) (*Meeting, error)
	// Meetings lists the meetings that match every non-empty field of the
	// filter (see MeetingFilter.Match), ordered by ID.
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
