package okr

import (
	"github.com/footprint-hq/footprint/storage"
)

// Errors returned by the Service. Each is a *storage.RuleError: it has a
// stable code (storage.Code) and wraps a category of the storage package,
// so callers may test either. They are declared as error, not as
// *storage.RuleError, so they mix with other errors in assignments.
var (
	// ErrNotOwner: only the owner may do this; others may suggest instead.
	ErrNotOwner error = storage.NewRule("okr.not_owner", "only the owner may change their plan", storage.ErrForbidden)
	// ErrNotRecipient: only the person a suggestion is for may accept or
	// decline it.
	ErrNotRecipient error = storage.NewRule("okr.not_recipient", "only the recipient may decide on a suggestion", storage.ErrForbidden)
	// ErrNotSuggester: only the person who made a suggestion may withdraw it.
	ErrNotSuggester error = storage.NewRule("okr.not_suggester", "only the suggester may withdraw a suggestion", storage.ErrForbidden)
	// ErrGoalNotActive: the goal is achieved or abandoned.
	ErrGoalNotActive error = storage.NewRule("okr.goal_not_active", "goal is not active", storage.ErrInvalidState)
	// ErrObjectiveClosed: a closed objective no longer changes.
	ErrObjectiveClosed error = storage.NewRule("okr.objective_closed", "objective is closed", storage.ErrInvalidState)
	// ErrObjectiveNotActive: check-ins and closing need an active objective.
	ErrObjectiveNotActive error = storage.NewRule("okr.objective_not_active", "objective is not active", storage.ErrInvalidState)
	// ErrNotDraft: only a draft objective can be activated.
	ErrNotDraft error = storage.NewRule("okr.not_draft", "objective is not a draft", storage.ErrInvalidState)
	// ErrNoKeyResults: an objective needs a key result to be active.
	ErrNoKeyResults error = storage.NewRule("okr.no_key_results", "objective has no key results", storage.ErrInvalidState)
	// ErrHasCheckIns: a key result with check-ins cannot be removed.
	ErrHasCheckIns error = storage.NewRule("okr.has_check_ins", "key result has check-ins", storage.ErrInvalidState)
	// ErrSuggestionDecided: the suggestion is no longer pending.
	ErrSuggestionDecided error = storage.NewRule("okr.suggestion_decided", "suggestion is no longer pending", storage.ErrInvalidState)
)
