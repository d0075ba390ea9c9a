package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// Event is one entry of a store's event log: something a committed change
// did, recorded in the same transaction as the change itself, so that an
// event is stored if and only if its change is.
//
// The log is append-only. Consumers (observers, webhooks, the change feed,
// reminders) read it from a stored checkpoint, so a crash between the
// commit and a consumer loses nothing: the consumer starts again from its
// checkpoint and sees the event, at least once.
type Event struct {
	// Seq is the event's position in the store's log, assigned by the store
	// when it appends the event: 1, 2, 3, … in commit order, with no gaps.
	// Once a reader has seen Seq n, no event with a lower Seq appears
	// later.
	Seq int64 `json:"seq"`
	// ID is unique and stable (a ULID, assigned by the service): a consumer
	// that sees the same event twice sees the same ID.
	ID string `json:"id"`
	// Type names the kind of change, "package.object.verb", for example
	// "okr.checkin.recorded". Type names are stable.
	Type string `json:"type"`
	// Schema is the version of the payload's shape for Type, from 1. A
	// change that would break a reader of the payload gets a new version.
	Schema int `json:"schema"`
	// At is when the change happened, in UTC.
	At time.Time `json:"at"`
	// Actor made the change; empty for changes the service made of its own
	// accord (a request that expired).
	Actor string `json:"actor"`
	// Subjects are the people the event concerns (an owner, a mentee and
	// mentor), sorted, without repeats.
	Subjects []string `json:"subjects"`
	// Audience says who may see the event.
	Audience Audience `json:"audience"`
	// Payload is the event's detail, a JSON object whose shape Type and
	// Schema name.
	Payload json.RawMessage `json:"payload"`
}

// Audience says who may see an event. A person may see it when the
// audience is Everyone or names them in People, and, where Scope names an
// object, that person may still see the object when they read the event:
// Scope only ever narrows who sees an event, never widens it. An event about
// a goal that was shared with the company and is private now is hidden from
// everyone but the people it names.
type Audience struct {
	// Everyone is true when anyone signed in may see the event.
	Everyone bool `json:"everyone"`
	// People may see the event even when Everyone is false, sorted,
	// without repeats.
	People []string `json:"people"`
	// Scope names the object whose visibility decides, at the time of
	// reading, whether a person other than those in People may still see
	// the event, as "package.kind:ID" ("okr.goal:01J…"); empty when the
	// event has no such object.
	Scope string `json:"scope,omitempty"`
}

// Names reports whether person is one of People.
func (a Audience) Names(person string) bool {
	_, found := slices.BinarySearch(a.People, person)
	return found
}

// Normalize sorts the event's Subjects and Audience.People and removes
// repeats and empty names, as the log stores them.
func (e *Event) Normalize() {
	e.Subjects = people(e.Subjects)
	e.Audience.People = people(e.Audience.People)
}

func people(in []string) []string {
	out := make([]string, 0, len(in))
	for _, p := range in {
		if p != "" {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Check reports what makes e unfit for the log: an empty ID or Type, a
// Schema below 1, a zero At, or a Payload that is not a JSON object.
func (e *Event) Check() error {
	switch {
	case e.ID == "":
		return fmt.Errorf("event: no id: %w", ErrInvalid)
	case e.Type == "":
		return fmt.Errorf("event %s: no type: %w", e.ID, ErrInvalid)
	case e.Schema < 1:
		return fmt.Errorf("event %s: schema %d: %w", e.ID, e.Schema, ErrInvalid)
	case e.At.IsZero():
		return fmt.Errorf("event %s: no time: %w", e.ID, ErrInvalid)
	case len(e.Payload) == 0 || e.Payload[0] != '{' || !json.Valid(e.Payload):
		return fmt.Errorf("event %s: payload is not a JSON object: %w", e.ID, ErrInvalid)
	}
	return nil
}

// EventFilter selects events of the log.
type EventFilter struct {
	// After is the Seq the read starts after; 0 reads from the start.
	After int64
	// Limit caps the events returned; 0 or less means 100. Reads return at
	// most 1000.
	Limit int
	// Types keeps events of these types only, when not empty.
	Types []string
	// Reader, when set, keeps events whose audience is Everyone or names
	// Reader. The event's Scope is not checked: that is for the consumer,
	// which knows what the scope's object is.
	Reader string
	// EveryoneOnly keeps events whose audience is Everyone.
	EveryoneOnly bool
}

// MaxEventsRead is the most events one read of the log returns.
const MaxEventsRead = 1000

// Size returns the number of events a read with f returns at most.
func (f EventFilter) Size() int {
	switch {
	case f.Limit <= 0:
		return 100
	case f.Limit > MaxEventsRead:
		return MaxEventsRead
	}
	return f.Limit
}

// Keeps reports whether f keeps e, for stores that filter in Go.
func (f EventFilter) Keeps(e *Event) bool {
	if e.Seq <= f.After {
		return false
	}
	if len(f.Types) > 0 && !slices.Contains(f.Types, e.Type) {
		return false
	}
	if f.EveryoneOnly && !e.Audience.Everyone {
		return false
	}
	if f.Reader != "" && !e.Audience.Everyone && !e.Audience.Names(f.Reader) {
		return false
	}
	return true
}

// Cursor is a consumer's stored position in the event log.
type Cursor struct {
	// Consumer names the consumer, such as "webhooks".
	Consumer string
	// Seq is the last event the consumer has handled.
	Seq int64
	// Holder is the instance that holds the consumer's lease, until
	// LeaseUntil; empty when none does.
	Holder     string
	LeaseUntil time.Time
}

// ErrLeaseHeld reports that another instance holds a consumer's lease.
var ErrLeaseHeld = NewRule("storage.lease_held", "another instance holds the consumer's lease", ErrConflict)

// EventLog is the event log every store keeps. The domain services append
// to it; consumers read it.
type EventLog interface {
	// AppendEvents appends events to the log, in order, and assigns each
	// its Seq, which it sets in the events given. Called with a context
	// bound to a transaction (Atomic), the events commit or roll back with
	// it; called outside one, they commit at once. It returns an error
	// wrapping ErrInvalid for an event that fails Check. IDs are the
	// caller's to keep unique (NewEvent's are): the log is read by Seq and
	// does not check them, which would cost every write an index.
	AppendEvents(ctx context.Context, events ...*Event) error
	// Events returns the events f keeps, in Seq order.
	Events(ctx context.Context, f EventFilter) ([]Event, error)
	// LastSeq returns the Seq of the newest event, 0 when the log is
	// empty.
	LastSeq(ctx context.Context) (int64, error)

	// Lease gives holder the lease of consumer until now+ttl and returns
	// the consumer's cursor (Seq 0 for a consumer never seen). The lease
	// is given when nobody holds it, when it has expired by now, or when
	// holder holds it already (renewing it). Otherwise Lease returns an
	// error wrapping ErrLeaseHeld and changes nothing.
	Lease(ctx context.Context, consumer, holder string, now time.Time, ttl time.Duration) (Cursor, error)
	// Advance moves consumer's cursor to seq, if holder holds its lease;
	// a seq at or below the cursor leaves it where it is. It returns an
	// error wrapping ErrLeaseHeld if another holder has taken the lease.
	Advance(ctx context.Context, consumer, holder string, seq int64) error
	// Release gives up holder's lease of consumer, if it holds it.
	Release(ctx context.Context, consumer, holder string) error
}

// EventStore is a Transactor that keeps an event log: what a domain
// service commits its changes and their events through.
type EventStore interface {
	Transactor
	EventLog
}

var newEventID = NewIDSource()

// NewEvent returns an event of type typ, schema 1, with a new ID, at (in
// UTC) and actor, whose payload is v in JSON. The caller adds the
// event's Subjects and Audience.
func NewEvent(typ string, at time.Time, actor string, v any) (*Event, error) {
	payload, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("event %s: payload: %w", typ, err)
	}
	return &Event{ID: newEventID(), Type: typ, Schema: 1, At: at.UTC(), Actor: actor, Payload: payload}, nil
}

// Decode unmarshals the event's payload into v.
func (e *Event) Decode(v any) error {
	if err := json.Unmarshal(e.Payload, v); err != nil {
		return fmt.Errorf("event %s (%s): payload: %w", e.ID, e.Type, err)
	}
	return nil
}

// Visible reports whether person may see the event by its audience, with
// scope deciding, for a person the audience does not name, whether they
// may still see the object the event is about (see Audience). scope is
// not called for events without a Scope; it may be nil when the caller
// knows of none, and then only named people see a scoped event.
func (e *Event) Visible(ctx context.Context, person string, scope func(ctx context.Context, person, scope string) (bool, error)) (bool, error) {
	if person != "" && e.Audience.Names(person) {
		return true, nil
	}
	if !e.Audience.Everyone {
		return false, nil
	}
	if e.Audience.Scope == "" {
		return true, nil
	}
	if scope == nil {
		return false, nil
	}
	return scope(ctx, person, e.Audience.Scope)
}
