package mentorship

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/footprint-hq/footprint/storage"
)

// Session is the next mentoring session a pair has planned. The record of
// the meeting is written after it (RecordMeeting), which clears the plan.
type Session struct {
	// At is when the session starts; Minutes how long it lasts.
	At      time.Time `json:"at"`
	Minutes int       `json:"minutes"`
	// Agenda is what the pair means to talk about: by default the open
	// next steps of their meetings.
	Agenda []AgendaItem `json:"agenda"`
	// PlannedBy is the participant who planned it, at PlannedAt.
	PlannedBy string    `json:"plannedBy"`
	PlannedAt time.Time `json:"plannedAt"`
}

// AgendaItem is one point of a session's agenda; StepID names the open
// next step it came from, if any.
type AgendaItem struct {
	Text   string `json:"text"`
	StepID string `json:"stepId,omitempty"`
}

// SessionInput plans a session. At is required and must lie in the
// future, at most MaxPlanAhead ahead. Minutes defaults to
// DefaultSessionMinutes. When Agenda is nil the agenda is the relation's
// open next steps; an empty list means no agenda.
type SessionInput struct {
	At      time.Time `json:"at" validate:"required"`
	Minutes int       `json:"minutes" validate:"gte=0,lte=480"`
	Agenda  []string  `json:"agenda" validate:"omitnil,max=30,dive,required,max=500"`
}

// Limits and defaults of planned sessions.
const (
	// MaxPlanAhead is how far ahead a session may be planned.
	MaxPlanAhead = 366 * 24 * time.Hour
	// DefaultSessionMinutes is the length of a session planned without
	// one.
	DefaultSessionMinutes = 60
)

// ErrNoSessionPlanned: the relation has no session planned to cancel.
var ErrNoSessionPlanned error = storage.NewRule("mentorship.no_session_planned", "no session is planned", storage.ErrInvalidState)

// Event types of planned sessions.
const (
	// EventSessionPlanned: a participant planned (or moved) the next
	// session, at Due.
	EventSessionPlanned EventType = "mentorship.session.planned"
	// EventSessionCancelled: a participant cancelled the planned session.
	EventSessionCancelled EventType = "mentorship.session.cancelled"
)

// PlanSession plans the next session of an active relation, replacing a
// plan it had; either participant may. With version > 0 it must be the
// relation's version (storage.ErrConflict otherwise). It returns a
// *storage.ValidationError for a time in the past or too far ahead,
// ErrRelationNotActive for a relation that is not active, and an error
// wrapping storage.ErrNotFound to anyone but the participants. Both hear
// EventSessionPlanned.
func (s *Service) PlanSession(ctx context.Context, actor, relationID string, version int64, in SessionInput) (*Relation, error) {
	r, err := s.Relation(ctx, actor, relationID)
	if err != nil {
		return nil, err
	}
	now := s.clock()
	in.At = in.At.UTC().Truncate(time.Microsecond)
	var extra []storage.FieldError
	switch {
	case in.At.IsZero(): // reported by the required rule
	case !in.At.After(now):
		extra = append(extra, storage.FieldError{Field: "at", Message: "must be in the future"})
	case in.At.After(now.Add(MaxPlanAhead)):
		extra = append(extra, storage.FieldError{Field: "at", Message: "must be at most a year ahead"})
	}
	var agenda []AgendaItem
	if in.Agenda != nil {
		agenda = []AgendaItem{}
		for i, text := range in.Agenda {
			text = strings.TrimSpace(text)
			if text == "" {
				extra = append(extra, storage.FieldError{Field: fmt.Sprintf("agenda[%d]", i), Message: "is required"})
			}
			agenda = append(agenda, AgendaItem{Text: text})
		}
	}
	if err := storage.Validate(in, extra...); err != nil {
		return nil, wrap(err, "plan session")
	}
	if r.Status != StatusActive {
		return nil, ErrRelationNotActive
	}
	if agenda == nil {
		steps, err := s.OpenSteps(ctx, actor, relationID)
		if err != nil {
			return nil, err
		}
		agenda = make([]AgendaItem, 0, len(steps))
		for _, st := range steps {
			agenda = append(agenda, AgendaItem{Text: st.Text, StepID: st.ID})
		}
	}
	minutes := in.Minutes
	if minutes == 0 {
		minutes = DefaultSessionMinutes
	}
	plan := Session{At: in.At, Minutes: minutes, Agenda: agenda, PlannedBy: actor, PlannedAt: now}
	r, err = change(ctx, s, func(ctx context.Context, record func(...Event)) (*Relation, error) {
		r, err := s.store.UpdateRelation(ctx, relationID, version, func(r *Relation) error {
			if r.Status != StatusActive {
				return ErrRelationNotActive
			}
			p := plan
			r.Planned = &p
			return nil
		})
		if err != nil {
			return nil, err
		}
		record(Event{Type: EventSessionPlanned, At: now, Actor: actor, Mentee: r.Mentee, Mentor: r.Mentor, RelationID: r.ID, Due: plan.At})
		return r, nil
	})
	if err != nil {
		return nil, wrapOp("plan session of "+relationID, err)
	}
	return r, nil
}

// CancelSession cancels the planned session of a relation; either
// participant may. It returns ErrNoSessionPlanned when none is, and
// otherwise the errors of PlanSession. Both hear EventSessionCancelled.
func (s *Service) CancelSession(ctx context.Context, actor, relationID string, version int64) (*Relation, error) {
	if _, err := s.Relation(ctx, actor, relationID); err != nil {
		return nil, err
	}
	now := s.clock()
	r, err := change(ctx, s, func(ctx context.Context, record func(...Event)) (*Relation, error) {
		var due time.Time
		r, err := s.store.UpdateRelation(ctx, relationID, version, func(r *Relation) error {
			if r.Planned == nil {
				return ErrNoSessionPlanned
			}
			due, r.Planned = r.Planned.At, nil
			return nil
		})
		if err != nil {
			return nil, err
		}
		record(Event{Type: EventSessionCancelled, At: now, Actor: actor, Mentee: r.Mentee, Mentor: r.Mentor, RelationID: r.ID, Due: due})
		return r, nil
	})
	if err != nil {
		return nil, wrapOp("cancel session of "+relationID, err)
	}
	return r, nil
}
