package backlog

import (
	"strings"
	"time"

	"github.com/footprint-hq/footprint/storage"
)

// transitions lists the allowed status changes.
var transitions = map[ItemStatus][]ItemStatus{
	StatusOpen:     {StatusSelected, StatusRejected, StatusDuplicate, StatusArchived},
	StatusSelected: {StatusDone, StatusOpen},
}

// CanTransition reports whether the state machine allows an item to go
// from one status to another.
func CanTransition(from, to ItemStatus) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// move changes the status after checking the state machine.
func (it *Item) move(to ItemStatus, at time.Time) error {
	if !CanTransition(it.Status, to) {
		return &TransitionError{ItemID: it.ID, From: it.Status, To: to}
	}
	it.Status = to
	it.StatusChangedAt = at
	it.UpdatedAt = at
	return nil
}

// Select marks an open item as selected at time at by the prioritisation
// meeting meetingID — empty when a sprint takes the item directly — and
// records the first selection. It returns a *TransitionError unless the
// item is open.
func (it *Item) Select(meetingID string, at time.Time) error {
	if err := it.move(StatusSelected, at); err != nil {
		return err
	}
	it.MeetingID = meetingID
	if it.FirstSelectedAt == nil {
		first := at
		it.FirstSelectedAt = &first
	}
	return nil
}

// Complete marks a selected item as done: its sprint covered it. It keeps
// MeetingID. It returns a *TransitionError unless the item is selected.
func (it *Item) Complete(at time.Time) error { return it.move(StatusDone, at) }

// Return puts a selected item back into the backlog, unfinished at the end
// of its sprint: its status becomes open, CarryOvers grows by one and
// MeetingID is cleared, so the next meeting ranks it again. It returns a
// *TransitionError unless the item is selected.
func (it *Item) Return(at time.Time) error {
	if err := it.move(StatusOpen, at); err != nil {
		return err
	}
	it.CarryOvers++
	it.MeetingID = ""
	return nil
}

// Release puts a selected item back into the backlog without counting a
// carry-over, for a topic dropped before its sprint ran (removed in
// planning, or the sprint cancelled): its status becomes open and
// MeetingID is cleared. FirstSelectedAt stays, so its author still may not
// edit it. It returns a *TransitionError unless the item is selected.
func (it *Item) Release(at time.Time) error {
	if err := it.move(StatusOpen, at); err != nil {
		return err
	}
	it.MeetingID = ""
	return nil
}

// Reject declines an open item for a reason, which is required. It returns
// a *storage.ValidationError for an empty reason and a *TransitionError
// unless the item is open.
func (it *Item) Reject(reason string, at time.Time) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return storage.Invalid("reason", "is required")
	}
	if err := it.move(StatusRejected, at); err != nil {
		return err
	}
	it.Reason = reason
	return nil
}

// MarkDuplicate marks an open item as repeating the item of. It returns a
// *storage.ValidationError when of is empty or the item itself, and a
// *TransitionError unless the item is open. Whether of exists is for the
// caller to check.
func (it *Item) MarkDuplicate(of string, at time.Time) error {
	switch {
	case of == "":
		return storage.Invalid("of", "is required")
	case of == it.ID:
		return storage.Invalid("of", "must name another item")
	}
	if err := it.move(StatusDuplicate, at); err != nil {
		return err
	}
	it.DuplicateOf = of
	return nil
}

// Archive puts an open item away without a decision. It returns a
// *TransitionError unless the item is open.
func (it *Item) Archive(at time.Time) error { return it.move(StatusArchived, at) }
