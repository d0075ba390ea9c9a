package sprint

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/footprint-hq/footprint/storage"
)

// NoteInput is a retrospective note.
type NoteInput struct {
	Kind NoteKind `json:"kind" validate:"required,oneof=went_well to_improve"`
	Text string   `json:"text" validate:"required,max=2000"`
}

// ActionInput is an improvement action with its owner.
type ActionInput struct {
	Text  string `json:"text" validate:"required,max=1000"`
	Owner string `json:"owner" validate:"required,max=200"`
}

// ActionStatusInput sets an action's status.
type ActionStatusInput struct {
	Status ActionStatus `json:"status" validate:"required,oneof=open done dropped"`
}

// ResolveInput resolves an action carried from the previous sprint.
type ResolveInput struct {
	Resolution Resolution `json:"resolution" validate:"required,oneof=done dropped carried"`
}

// RecordInput records the retrospective with a summary.
type RecordInput struct {
	Summary string `json:"summary" validate:"required,max=8000"`
}

// participates reports whether actor takes part in sp: a facilitator, or
// enrolled in one of its activities.
func (s *Service) participates(ctx context.Context, actor string, sp *Sprint) (bool, error) {
	if ok, err := s.facilitates(ctx, actor, sp); err != nil || ok {
		return ok, err
	}
	mine, err := s.store.Enrolments(ctx, EnrolmentFilter{SprintID: sp.ID, Person: actor}, storage.PageRequest{Limit: storage.NoLimit})
	if err != nil {
		return false, prefixed(err, "participants of %s", sp.ID)
	}
	return slices.ContainsFunc(mine.Items, func(e ActivityEnrolment) bool { return e.HoldsSeat() }), nil
}

// AddNote adds a "went well" or "to improve" note to the retrospective of
// an active sprint or one in review. It returns ErrNotParticipant to
// people who neither facilitate the sprint nor enrolled in one of its
// activities, and ErrNotEditable in other states.
func (s *Service) AddNote(ctx context.Context, actor, sprintID string, in NoteInput) (*Sprint, error) {
	sp, err := s.sprintFor(ctx, actor, sprintID)
	if err != nil {
		return nil, err
	}
	if ok, err := s.participates(ctx, actor, sp); err != nil {
		return nil, err
	} else if !ok {
		return nil, ErrNotParticipant
	}
	in.Text = strings.TrimSpace(in.Text)
	if err := storage.Validate(in); err != nil {
		return nil, prefixed(err, "add note")
	}
	return s.changeSprint(ctx, sprintID, 0, func(_ context.Context, sp *Sprint) error {
		if err := requireState(sp, Active, Review); err != nil {
			return err
		}
		sp.Retrospective.Notes = append(sp.Retrospective.Notes, Note{
			ID: s.newID(), Kind: in.Kind, Text: in.Text, Author: actor, At: s.now().UTC(), Votes: []string{},
		})
		return nil
	})
}

// Vote adds actor's vote to a retrospective note, once per person. It
// returns ErrNotParticipant, ErrAlreadyVoted, ErrNotEditable outside an
// active sprint or review, and an error wrapping storage.ErrNotFound for
// an unknown note.
func (s *Service) Vote(ctx context.Context, actor, sprintID, noteID string) (*Sprint, error) {
	sp, err := s.sprintFor(ctx, actor, sprintID)
	if err != nil {
		return nil, err
	}
	if ok, err := s.participates(ctx, actor, sp); err != nil {
		return nil, err
	} else if !ok {
		return nil, ErrNotParticipant
	}
	return s.changeSprint(ctx, sprintID, 0, func(_ context.Context, sp *Sprint) error {
		if err := requireState(sp, Active, Review); err != nil {
			return err
		}
		for i := range sp.Retrospective.Notes {
			n := &sp.Retrospective.Notes[i]
			if n.ID != noteID {
				continue
			}
			if slices.Contains(n.Votes, actor) {
				return ErrAlreadyVoted
			}
			n.Votes = append(n.Votes, actor)
			return nil
		}
		return fmt.Errorf("note %s: %w", noteID, storage.ErrNotFound)
	})
}

// AddAction agrees on an improvement action in the retrospective of a
// sprint in review. It returns ErrNotFacilitator to anyone but a
// facilitator and ErrNotEditable outside review.
func (s *Service) AddAction(ctx context.Context, actor, sprintID string, in ActionInput) (*Sprint, error) {
	if _, err := s.facilitated(ctx, actor, sprintID); err != nil {
		return nil, err
	}
	in.Text, in.Owner = strings.TrimSpace(in.Text), strings.TrimSpace(in.Owner)
	if err := storage.Validate(in); err != nil {
		return nil, prefixed(err, "add action")
	}
	return s.changeSprint(ctx, sprintID, 0, func(_ context.Context, sp *Sprint) error {
		if err := requireState(sp, Review); err != nil {
			return err
		}
		sp.Retrospective.Actions = append(sp.Retrospective.Actions, Action{
			ID: s.newID(), Text: in.Text, Owner: in.Owner, Status: ActionOpen, Origin: sp.ID, CreatedAt: s.now().UTC(),
		})
		return nil
	})
}

// SetActionStatus marks an action of the sprint's own retrospective open,
// done or dropped, before the sprint closes. It returns ErrNotActionOwner
// to anyone but a facilitator or the action's owner, and ErrNotEditable
// once closed.
func (s *Service) SetActionStatus(ctx context.Context, actor, sprintID, actionID string, in ActionStatusInput) (*Sprint, error) {
	sp, err := s.sprintFor(ctx, actor, sprintID)
	if err != nil {
		return nil, err
	}
	if err := storage.Validate(in); err != nil {
		return nil, prefixed(err, "set action status")
	}
	fac, err := s.facilitates(ctx, actor, sp)
	if err != nil {
		return nil, err
	}
	return s.changeSprint(ctx, sprintID, 0, func(_ context.Context, sp *Sprint) error {
		if err := requireState(sp, Review); err != nil {
			return err
		}
		for i := range sp.Retrospective.Actions {
			a := &sp.Retrospective.Actions[i]
			if a.ID != actionID {
				continue
			}
			if !fac && a.Owner != actor {
				return ErrNotActionOwner
			}
			a.Status = in.Status
			return nil
		}
		return fmt.Errorf("action %s: %w", actionID, storage.ErrNotFound)
	})
}

// ResolveCarried resolves an action carried from the previous sprint as
// done, dropped or carried again; unresolved actions are carried again
// when the sprint closes. It returns ErrNotActionOwner to anyone but a
// facilitator or the action's owner, and ErrNotEditable once the sprint is
// closed or cancelled.
func (s *Service) ResolveCarried(ctx context.Context, actor, sprintID, actionID string, in ResolveInput) (*Sprint, error) {
	sp, err := s.sprintFor(ctx, actor, sprintID)
	if err != nil {
		return nil, err
	}
	if err := storage.Validate(in); err != nil {
		return nil, prefixed(err, "resolve action")
	}
	fac, err := s.facilitates(ctx, actor, sp)
	if err != nil {
		return nil, err
	}
	return s.changeSprint(ctx, sprintID, 0, func(_ context.Context, sp *Sprint) error {
		if err := requireState(sp, Planning, Committed, Active, Review); err != nil {
			return err
		}
		for i := range sp.Carried {
			c := &sp.Carried[i]
			if c.ID != actionID {
				continue
			}
			if !fac && c.Owner != actor {
				return ErrNotActionOwner
			}
			now := s.now().UTC()
			c.Resolution, c.ResolvedBy, c.ResolvedAt = in.Resolution, actor, &now
			return nil
		}
		return fmt.Errorf("carried action %s: %w", actionID, storage.ErrNotFound)
	})
}

// RecordRetrospective records the retrospective of a sprint in review
// with a summary; closing the sprint requires it. Recording again
// replaces the summary. It returns ErrNotFacilitator to anyone but a
// facilitator, ErrNotEditable outside review and storage.ErrConflict for a
// stale non-zero version.
func (s *Service) RecordRetrospective(ctx context.Context, actor, sprintID string, version int64, in RecordInput) (*Sprint, error) {
	if _, err := s.facilitated(ctx, actor, sprintID); err != nil {
		return nil, err
	}
	in.Summary = strings.TrimSpace(in.Summary)
	if err := storage.Validate(in); err != nil {
		return nil, prefixed(err, "record retrospective")
	}
	return s.changeSprint(ctx, sprintID, version, func(_ context.Context, sp *Sprint) error {
		if err := requireState(sp, Review); err != nil {
			return err
		}
		now := s.now().UTC()
		r := &sp.Retrospective
		r.Summary, r.RecordedBy, r.RecordedAt = in.Summary, actor, &now
		return nil
	})
}

// outgoing returns the actions a closed sprint carries into the next one:
// its retrospective's open actions and the carried actions it did not
// resolve as done or dropped, each with its carry count increased.
func outgoing(sp *Sprint) []Action {
	var out []Action
	for _, c := range sp.Carried {
		if c.Resolution == Unresolved || c.Resolution == CarriedAgain {
			a := c.Action
			a.Carries++
			out = append(out, a)
		}
	}
	for _, a := range sp.Retrospective.Actions {
		if a.Status == ActionOpen {
			a.Carries++
			out = append(out, a)
		}
	}
	return out
}
