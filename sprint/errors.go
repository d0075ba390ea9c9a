package sprint

import (
	"fmt"

	"github.com/footprint-hq/footprint/storage"
)

// Errors returned by the Service. Each is a *storage.RuleError: it has a
// stable code (storage.Code) and wraps a category of the storage package,
// so callers may test either. They are declared as error, not as
// *storage.RuleError, so they mix with other errors in assignments.
var (
	// ErrNotFacilitator: only a facilitator may do this.
	ErrNotFacilitator error = storage.NewRule("sprint.not_facilitator", "only a facilitator may do this", storage.ErrForbidden)
	// ErrNotParticipant: only the sprint's facilitators and the people
	// enrolled in one of its activities take part in its retrospective.
	ErrNotParticipant error = storage.NewRule("sprint.not_participant", "only participants take part in the retrospective", storage.ErrForbidden)
	// ErrNotActionOwner: only a facilitator or the action's owner may
	// change an action.
	ErrNotActionOwner error = storage.NewRule("sprint.not_action_owner", "only a facilitator or the owner may change an action", storage.ErrForbidden)
	// ErrTransition is the category of *TransitionError.
	ErrTransition error = storage.NewRule("sprint.transition_not_allowed", "transition not allowed", storage.ErrInvalidState)
	// ErrScopeFrozen: topics and learning goals change only while planning.
	ErrScopeFrozen error = storage.NewRule("sprint.scope_frozen", "scope is frozen once committed", storage.ErrInvalidState)
	// ErrOverCapacity: the sprint already has as many topics as its
	// capacity allows.
	ErrOverCapacity error = storage.NewRule("sprint.over_capacity", "topics would exceed the sprint's capacity", storage.ErrInvalidState)
	// ErrQuarterTaken: a sprint that is not cancelled exists for the
	// quarter.
	ErrQuarterTaken error = storage.NewRule("sprint.quarter_taken", "the quarter already has a sprint", storage.ErrAlreadyExists)
	// ErrNotEditable: the sprint's state does not allow this change.
	ErrNotEditable error = storage.NewRule("sprint.not_editable", "not allowed in the sprint's current state", storage.ErrInvalidState)
	// ErrNoSeats: the activity is full.
	ErrNoSeats error = storage.NewRule("sprint.no_seats", "no seats left", storage.ErrInvalidState)
	// ErrAlreadyEnrolled: the person is already enrolled.
	ErrAlreadyEnrolled error = storage.NewRule("sprint.already_enrolled", "already enrolled", storage.ErrAlreadyExists)
	// ErrNotEnrolled: the person is not enrolled.
	ErrNotEnrolled error = storage.NewRule("sprint.not_enrolled", "not enrolled", storage.ErrInvalidState)
	// ErrNotYours: only the person may see what the current sprint offers
	// them.
	ErrNotYours error = storage.NewRule("sprint.not_yours", "only the person may see their own learning", storage.ErrForbidden)
	// ErrAlreadyVoted: the person already voted for the note.
	ErrAlreadyVoted error = storage.NewRule("sprint.already_voted", "already voted for this note", storage.ErrAlreadyExists)
)

// TransitionError reports a change of state the lifecycle does not allow,
// or one whose requirements are not met. It names both states.
type TransitionError struct {
	From, To State
	// Reason says what is missing when the transition itself is allowed.
	Reason string
}

// Error names the states and the reason.
func (e *TransitionError) Error() string {
	msg := fmt.Sprintf("sprint: cannot move from %s to %s", e.From, e.To)
	if e.Reason != "" {
		msg += ": " + e.Reason
	}
	return msg
}

// Unwrap places TransitionError in the ErrTransition category.
func (e *TransitionError) Unwrap() error { return ErrTransition }

// ErrorCode returns the code of ErrTransition, which the error matches:
// "sprint.transition_not_allowed".
func (e *TransitionError) ErrorCode() string { return storage.Code(ErrTransition) }

// States returns the state the sprint is in and the state asked for.
func (e *TransitionError) States() (from, to string) { return string(e.From), string(e.To) }
