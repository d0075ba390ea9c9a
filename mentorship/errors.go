package mentorship

import (
	"github.com/footprint-hq/footprint/storage"
)

// Errors returned by the Service. Each is a *storage.RuleError: it has a
// stable code (storage.Code) and wraps a category of the storage package,
// so callers may test either. They are declared as error, not as
// *storage.RuleError, so they mix with other errors in assignments.
var (
	// ErrNotMentee: only the mentee of a relation may do this.
	ErrNotMentee error = storage.NewRule("mentorship.not_mentee", "only the mentee may do this", storage.ErrForbidden)
	// ErrNotMentor: only the requested mentor may accept or decline.
	ErrNotMentor error = storage.NewRule("mentorship.not_mentor", "only the requested mentor may answer a request", storage.ErrForbidden)
	// ErrInsightsDenied: the host's access rule refused the insights.
	ErrInsightsDenied error = storage.NewRule("mentorship.insights_denied", "insights are not open to this person", storage.ErrForbidden)
	// ErrNoProfile: the person has not volunteered as a mentor.
	ErrNoProfile error = storage.NewRule("mentorship.no_profile", "person has no mentor profile", storage.ErrNotFound)
	// ErrNoTeamLead: the Directory knows no team lead for the person.
	ErrNoTeamLead error = storage.NewRule("mentorship.no_team_lead", "person has no team lead", storage.ErrNotFound)
	// ErrStepNotFound: the meeting has no next step with that ID.
	ErrStepNotFound error = storage.NewRule("mentorship.step_not_found", "next step not found", storage.ErrNotFound)
	// ErrProfileExists: the person has volunteered already; update the
	// profile instead.
	ErrProfileExists error = storage.NewRule("mentorship.profile_exists", "mentor profile exists", storage.ErrAlreadyExists)
	// ErrDuplicateRequest: the mentee has an open request to this mentor.
	ErrDuplicateRequest error = storage.NewRule("mentorship.duplicate_request", "an open request to this mentor exists", storage.ErrAlreadyExists)
	// ErrNotAccepting: the mentor's capacity is 0.
	ErrNotAccepting error = storage.NewRule("mentorship.not_accepting", "mentor is not accepting mentees", storage.ErrInvalidState)
	// ErrMentorFull: every seat of the mentor's capacity is taken.
	ErrMentorFull error = storage.NewRule("mentorship.mentor_full", "mentor has no seat left", storage.ErrInvalidState)
	// ErrAlreadyMentor: the person is the mentee's current mentor already.
	ErrAlreadyMentor error = storage.NewRule("mentorship.already_mentor", "already the current mentor", storage.ErrInvalidState)
	// ErrRequestClosed: the request was answered, withdrawn or superseded.
	ErrRequestClosed error = storage.NewRule("mentorship.request_closed", "request is no longer open", storage.ErrInvalidState)
	// ErrRequestExpired: the request was not answered in time.
	ErrRequestExpired error = storage.NewRule("mentorship.request_expired", "request has expired", storage.ErrInvalidState)
	// ErrNotRequest: the relation is not a request (it is a default
	// relation).
	ErrNotRequest error = storage.NewRule("mentorship.not_request", "relation is not a request", storage.ErrInvalidState)
	// ErrRelationNotActive: the relation is not active.
	ErrRelationNotActive error = storage.NewRule("mentorship.relation_not_active", "relation is not active", storage.ErrInvalidState)
	// ErrDefaultRelation: a default relation ends only when the mentee
	// chooses another mentor or their team lead changes.
	ErrDefaultRelation error = storage.NewRule("mentorship.default_relation", "the default relation with the team lead cannot be ended", storage.ErrInvalidState)
	// ErrHasChosenMentor: the mentee has a chosen mentor, so their team
	// lead is not their mentor now.
	ErrHasChosenMentor error = storage.NewRule("mentorship.has_chosen_mentor", "person has a chosen mentor", storage.ErrInvalidState)
	// ErrTeamLeadIsDefault: the person asked for is the mentee's team
	// lead, who mentors them by default without a request and without
	// taking a seat; a mentee with a chosen mentor goes back to their lead
	// by ending the chosen relation (Service.End).
	ErrTeamLeadIsDefault error = storage.NewRule("mentorship.team_lead_is_default", "the team lead mentors by default: end the chosen relation to go back to them", storage.ErrInvalidState)
)
