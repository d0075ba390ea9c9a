package backlog

import (
	"errors"
	"fmt"

	"github.com/footprint-hq/footprint/storage"
)

// Errors returned by the Service. Each is a *storage.RuleError: it has a
// stable code (storage.Code) and wraps a category of the storage package,
// so callers may test either. They are declared as error, not as
// *storage.RuleError, so they mix with other errors in assignments.
var (
	// ErrNotFacilitator: only a facilitator may do this.
	ErrNotFacilitator error = storage.NewRule("backlog.not_facilitator", "only a facilitator may do this", storage.ErrForbidden)
	// ErrNotMeetingFacilitator: only the facilitators named on a
	// prioritisation meeting change, close or cancel it.
	ErrNotMeetingFacilitator error = storage.NewRule("backlog.not_meeting_facilitator", "only the meeting's facilitators may do this", storage.ErrForbidden)
	// ErrNotAuthor: only the person who suggested an item may edit it.
	ErrNotAuthor error = storage.NewRule("backlog.not_author", "only the author may edit an item", storage.ErrForbidden)
	// ErrNotParticipant: only a meeting's participants submit estimates.
	ErrNotParticipant error = storage.NewRule("backlog.not_participant", "only a participant may submit estimates", storage.ErrForbidden)
	// ErrItemLocked: the item was selected before, or is no longer open,
	// so its author may no longer edit it.
	ErrItemLocked error = storage.NewRule("backlog.item_locked", "item can no longer be edited", storage.ErrInvalidState)
	// ErrItemNotOpen: the item is not open, so it takes no support.
	ErrItemNotOpen error = storage.NewRule("backlog.item_not_open", "item is not open", storage.ErrInvalidState)
	// ErrMeetingNotOpen: the meeting is closed or cancelled and no longer
	// changes.
	ErrMeetingNotOpen error = storage.NewRule("backlog.meeting_not_open", "meeting is not open", storage.ErrInvalidState)
	// ErrMeetingNotClosed: only a closed meeting has a decision to replay.
	ErrMeetingNotClosed error = storage.NewRule("backlog.meeting_not_closed", "meeting is not closed", storage.ErrInvalidState)
	// ErrQuarterTaken: the quarter already has a prioritisation meeting
	// that is open or closed; a quarter has at most one that is not
	// cancelled.
	ErrQuarterTaken error = storage.NewRule("backlog.quarter_taken", "the quarter already has a prioritisation meeting", storage.ErrAlreadyExists)
)

// ErrInvalidTransition reports a status change the item state machine does
// not allow. The transition methods return it inside a *TransitionError
// naming the states.
var ErrInvalidTransition error = storage.NewRule("backlog.invalid_transition", "item status change not allowed", storage.ErrInvalidState)

// TransitionError reports a status change the state machine does not
// allow. It matches ErrInvalidTransition and storage.ErrInvalidState with
// errors.Is.
type TransitionError struct {
	ItemID   string
	From, To ItemStatus
}

// Error names the item and both states.
func (e *TransitionError) Error() string {
	return fmt.Sprintf("backlog: item %s cannot go from %s to %s", e.ItemID, e.From, e.To)
}

// Unwrap places the error under ErrInvalidTransition.
func (e *TransitionError) Unwrap() error { return ErrInvalidTransition }

// ErrorCode returns the code of ErrInvalidTransition, which the error
// matches: "backlog.invalid_transition".
func (e *TransitionError) ErrorCode() string { return storage.Code(ErrInvalidTransition) }

// States returns the status the item is in and the status asked for.
func (e *TransitionError) States() (from, to string) { return string(e.From), string(e.To) }

// ErrUnknownPolicy reports a policy name no builder knows.
var ErrUnknownPolicy error = storage.NewRule("backlog.unknown_policy", "unknown policy", storage.ErrInvalid)

// ErrPolicyFailed reports a policy that failed or broke its contract: it
// returned an error, a wrong number of scores, or a score that is not a
// finite number. It belongs to no storage category: it is a fault of the
// program, not of the input.
var ErrPolicyFailed = errors.New("backlog: policy failed")
