package inbox

import (
	"context"
	"time"

	"github.com/footprint-hq/footprint/storage"
)

// Link names the object an item is about, such as {"okr.objective", "01J…"}.
type Link struct {
	// Kind is the object's kind, "package.kind".
	Kind string `json:"kind"`
	// ID is the object's ID.
	ID string `json:"id"`
}

// Item is one entry of a person's inbox: an event that concerns them or a
// reminder of something due.
type Item struct {
	// ID is unique and grows with the time the item was added (a ULID), so
	// ordering by ID is ordering by arrival.
	ID string `json:"id"`
	// Person owns the inbox the item is in.
	Person string `json:"person"`
	// Key is unique per person: "event:<eventID>" for events,
	// "<kind>:<objectID>:<occurrence>" for reminders. A second item with
	// the same key is never stored, so each occurrence arrives once.
	Key string `json:"key"`
	// Kind is the event type or the reminder kind ("reminder.checkin_due").
	Kind string `json:"kind"`
	// Title is a short English sentence.
	Title string `json:"title"`
	// Link is the object the item is about.
	Link Link `json:"link"`
	// EventSeq is the Seq of the event the item came from; 0 for reminders.
	EventSeq int64 `json:"eventSeq"`
	// At is when the event happened or the reminder fell due, in UTC.
	At time.Time `json:"at"`
	// Read is true once the person has marked the item read.
	Read bool `json:"read"`
	// ReadAt is when the item was marked read.
	ReadAt *time.Time `json:"readAt,omitempty"`
}

// Filter selects items of an inbox.
type Filter struct {
	// Unread keeps unread items only.
	Unread bool
}

// Mark says which items of an inbox to mark read.
type Mark struct {
	// IDs are the items to mark.
	IDs []string
	// All marks every item whose ID is at most UpTo, or every item when
	// UpTo is empty.
	All bool
	// UpTo bounds All, so that items that arrived after the reader looked
	// stay unread.
	UpTo string
	// At is the time of reading.
	At time.Time
}

// Store is what the inbox needs of a store: the event log, to consume
// events, and the items.
type Store interface {
	storage.EventStore
	// AddInboxItems stores the items whose (Person, Key) is new and skips
	// the others, also when two callers add the same key at once. It
	// returns how many it stored.
	AddInboxItems(ctx context.Context, items []Item) (int, error)
	// InboxItems returns a page of person's items, newest (highest ID)
	// first: a page holds the items with IDs below the cursor.
	InboxItems(ctx context.Context, person string, f Filter, page storage.PageRequest) (storage.Page[Item], error)
	// InboxUnread counts person's unread items.
	InboxUnread(ctx context.Context, person string) (int, error)
	// MarkInboxRead marks items of person's inbox read and returns how
	// many were unread before. Unknown IDs are ignored.
	MarkInboxRead(ctx context.Context, person string, m Mark) (int, error)
}
