package okr

import (
	"context"
	"fmt"
	"strings"

	"github.com/footprint-hq/footprint/storage"
)

// SuggestionInput proposes an objective to another person.
type SuggestionInput struct {
	// To is the person the objective is for.
	To string `json:"to" validate:"required,max=200"`
	// GoalID optionally names a goal of To, visible to the suggester,
	// that the objective would serve.
	GoalID string `json:"goalId"`
	// Message says why.
	Message   string        `json:"message" validate:"max=2000"`
	Objective ObjectiveSpec `json:"objective"`
}

// AcceptInput accepts a suggestion into one of the actor's goals. GoalID
// may be left empty when the suggestion names a goal.
type AcceptInput struct {
	GoalID string `json:"goalId"`
}

// DeclineInput declines a suggestion, with an optional reason.
type DeclineInput struct {
	Reason string `json:"reason" validate:"max=1000"`
}

// Suggest proposes an objective to another person. Anyone may suggest;
// nothing enters the recipient's plan until they accept. It returns a
// *storage.ValidationError for invalid input (including a suggestion to
// oneself) and an error wrapping storage.ErrNotFound when GoalID names a
// goal of To that actor may not see. Observers hear
// EventSuggestionReceived.
func (s *Service) Suggest(ctx context.Context, actor string, in SuggestionInput) (*Suggestion, error) {
	if actor == "" {
		return nil, errNoActor
	}
	in.To = strings.TrimSpace(in.To)
	o, extra := s.objectiveFrom(in.Objective, "objective.")
	in.Objective.Title, in.Objective.Tags = o.Title, o.Tags
	if in.To == actor {
		extra = append(extra, storage.FieldError{Field: "to", Message: "must be another person: set your own objectives directly"})
	}
	if len(in.Objective.KeyResults) == 0 {
		extra = append(extra, storage.FieldError{Field: "objective.keyResults", Message: "must have at least 1 element"})
	}
	if err := storage.Validate(in, extra...); err != nil {
		return nil, wrap(err, "suggest")
	}
	if in.GoalID != "" {
		g, err := s.visibleGoal(ctx, actor, in.GoalID)
		if err != nil {
			return nil, err
		}
		if g.Owner != in.To {
			return nil, wrap(storage.Invalid("goalId", "must be a goal of the recipient"), "suggest")
		}
	}
	sg := &Suggestion{
		ID:      s.newID(),
		From:    actor,
		To:      in.To,
		GoalID:  in.GoalID,
		Message: strings.TrimSpace(in.Message),
		Objective: ObjectiveProposal{
			Title: o.Title, Description: o.Description, Kind: o.Kind, Period: o.Period, Tags: o.Tags,
			KeyResults: make([]KeyResultProposal, len(o.KeyResults)),
		},
		Status:    SuggestionPending,
		CreatedAt: s.now().UTC(),
		Version:   1,
	}
	for i, kr := range o.KeyResults {
		sg.Objective.KeyResults[i] = KeyResultProposal{Title: kr.Title, Kind: kr.Kind, Unit: kr.Unit, Start: kr.Start, Target: kr.Target, Weight: kr.Weight}
	}
	sg, err := change(ctx, s, func(ctx context.Context, record func(...Event)) (*Suggestion, error) {
		if err := s.store.CreateSuggestion(ctx, sg); err != nil {
			return nil, err
		}
		record(Event{Type: EventSuggestionReceived, At: sg.CreatedAt, Actor: actor, Owner: sg.To, GoalID: sg.GoalID, SuggestionID: sg.ID})
		return sg, nil
	})
	if err != nil {
		return nil, wrap(err, "suggest")
	}
	return sg, nil
}

// Suggestion returns a suggestion to its suggester or recipient; to anyone
// else it returns an error wrapping storage.ErrNotFound.
func (s *Service) Suggestion(ctx context.Context, viewer, id string) (*Suggestion, error) {
	if viewer == "" {
		return nil, errNoActor
	}
	sg, err := s.store.Suggestion(ctx, id)
	if err != nil {
		return nil, wrap(err, "suggestion %s", id)
	}
	if viewer != sg.From && viewer != sg.To {
		return nil, fmt.Errorf("okr: suggestion %s: %w", id, storage.ErrNotFound)
	}
	return sg, nil
}

// Suggestions lists suggestions made to viewer (received true) or by
// viewer (received false), optionally only those with the given status.
func (s *Service) Suggestions(ctx context.Context, viewer string, received bool, status SuggestionStatus, page storage.PageRequest) (storage.Page[Suggestion], error) {
	if viewer == "" {
		return storage.Page[Suggestion]{}, errNoActor
	}
	if err := page.Check(); err != nil {
		return storage.Page[Suggestion]{}, wrap(err, "list suggestions")
	}
	switch status {
	case "", SuggestionPending, SuggestionAccepted, SuggestionDeclined, SuggestionWithdrawn:
	default:
		return storage.Page[Suggestion]{}, wrap(storage.Invalid("status", "must be one of: pending, accepted, declined, withdrawn"), "list suggestions")
	}
	f := SuggestionFilter{From: viewer, Status: status}
	if received {
		f = SuggestionFilter{To: viewer, Status: status}
	}
	p, err := s.store.Suggestions(ctx, f, page)
	if err != nil {
		return storage.Page[Suggestion]{}, wrap(err, "list suggestions")
	}
	return p, nil
}

// AcceptSuggestion accepts a pending suggestion made to actor: in one
// atomic step the suggestion is marked accepted and becomes an active
// objective under one of actor's active goals (in.GoalID, or else the goal
// the suggestion names). It returns ErrNotRecipient to anyone but the
// recipient, ErrSuggestionDecided when it is no longer pending,
// ErrNotOwner or ErrGoalNotActive for an unsuitable goal, and
// storage.ErrConflict for a stale non-zero version. Observers hear
// EventSuggestionAccepted.
func (s *Service) AcceptSuggestion(ctx context.Context, actor, id string, version int64, in AcceptInput) (*Objective, error) {
	sg, err := s.Suggestion(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if sg.To != actor {
		return nil, ErrNotRecipient
	}
	goalID := in.GoalID
	if goalID == "" {
		goalID = sg.GoalID
	}
	if goalID == "" {
		return nil, wrap(storage.Invalid("goalId", "is required: the suggestion names no goal"), "accept suggestion")
	}
	g, err := s.ownGoal(ctx, actor, goalID)
	if err != nil {
		return nil, err
	}
	o, err := change(ctx, s, func(ctx context.Context, record func(...Event)) (*Objective, error) {
		return s.acceptSuggestion(ctx, record, actor, id, version, g.ID)
	})
	if err != nil {
		return nil, wrap(err, "accept suggestion %s", id)
	}
	return o, nil
}

// acceptSuggestion marks a pending suggestion accepted and creates its
// objective under goalID, an active goal of actor (rechecked on the stored
// goal), inside a change.
func (s *Service) acceptSuggestion(ctx context.Context, record func(...Event), actor, id string, version int64, goalID string) (*Objective, error) {
	g, err := s.store.Goal(ctx, goalID)
	if err != nil {
		return nil, err
	}
	if g.Status != GoalActive {
		return nil, ErrGoalNotActive
	}
	now := s.now().UTC()
	var o *Objective
	_, err = s.store.UpdateSuggestion(ctx, id, version, func(sg *Suggestion) error {
		if sg.Status != SuggestionPending {
			return ErrSuggestionDecided
		}
		p := sg.Objective
		o = &Objective{
			ID: s.newID(), GoalID: g.ID, Owner: actor, Title: p.Title, Description: p.Description,
			Kind: p.Kind, Status: ObjectiveActive, Period: p.Period, Tags: p.Tags,
			KeyResults:   make([]KeyResult, len(p.KeyResults)),
			SuggestionID: sg.ID, SuggestedBy: sg.From,
			CreatedAt: now, UpdatedAt: now, Version: 1,
		}
		for i, kr := range p.KeyResults {
			o.KeyResults[i] = KeyResult{ID: s.newID(), Title: kr.Title, Kind: kr.Kind, Unit: kr.Unit,
				Start: kr.Start, Target: kr.Target, Weight: kr.Weight, Current: kr.Start}
		}
		sg.Status, sg.ObjectiveID, sg.DecidedAt = SuggestionAccepted, o.ID, &now
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateObjective(ctx, o); err != nil {
		return nil, err
	}
	record(Event{Type: EventSuggestionAccepted, At: now, Actor: actor, Owner: actor, GoalID: g.ID, ObjectiveID: o.ID, SuggestionID: id})
	return o, nil
}

// DeclineSuggestion declines a pending suggestion made to actor. It returns
// ErrNotRecipient to anyone but the recipient, ErrSuggestionDecided when
// it is no longer pending, and storage.ErrConflict for a stale non-zero
// version. Observers hear EventSuggestionDeclined.
func (s *Service) DeclineSuggestion(ctx context.Context, actor, id string, version int64, in DeclineInput) (*Suggestion, error) {
	in.Reason = strings.TrimSpace(in.Reason)
	if err := storage.Validate(in); err != nil {
		return nil, wrap(err, "decline suggestion")
	}
	return s.decide(ctx, actor, id, version, SuggestionDeclined, in.Reason)
}

// WithdrawSuggestion withdraws a pending suggestion actor made. It returns
// ErrNotSuggester to anyone else, ErrSuggestionDecided when it is no longer
// pending, and storage.ErrConflict for a stale non-zero version. Observers
// hear EventSuggestionWithdrawn.
func (s *Service) WithdrawSuggestion(ctx context.Context, actor, id string, version int64) (*Suggestion, error) {
	return s.decide(ctx, actor, id, version, SuggestionWithdrawn, "")
}

func (s *Service) decide(ctx context.Context, actor, id string, version int64, status SuggestionStatus, reason string) (*Suggestion, error) {
	sg, err := s.Suggestion(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	event := EventSuggestionDeclined
	switch {
	case status == SuggestionDeclined && sg.To != actor:
		return nil, ErrNotRecipient
	case status == SuggestionWithdrawn && sg.From != actor:
		return nil, ErrNotSuggester
	case status == SuggestionWithdrawn:
		event = EventSuggestionWithdrawn
	}
	sg, err = change(ctx, s, func(ctx context.Context, record func(...Event)) (*Suggestion, error) {
		now := s.now().UTC()
		sg, err := s.store.UpdateSuggestion(ctx, id, version, func(sg *Suggestion) error {
			if sg.Status != SuggestionPending {
				return ErrSuggestionDecided
			}
			sg.Status, sg.Reason, sg.DecidedAt = status, reason, &now
			return nil
		})
		if err != nil {
			return nil, err
		}
		record(Event{Type: event, At: now, Actor: actor, Owner: sg.To, GoalID: sg.GoalID, SuggestionID: sg.ID})
		return sg, nil
	})
	if err != nil {
		return nil, wrap(err, "suggestion %s", id)
	}
	return sg, nil
}
