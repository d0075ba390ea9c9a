package okr

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/footprint-hq/footprint/storage"
)

// errNotOwned stops a check-in by someone other than the owner inside its
// transaction; CheckIn replaces it with the error the actor may see.
var errNotOwned = errors.New("okr: not the owner")

// CheckInInput records progress on a key result. For a milestone, Value is
// 1 when done and 0 when not.
type CheckInInput struct {
	Value *float64 `json:"value" validate:"required"`
	// Confidence, from 0 to 10, is how sure the owner is to reach the
	// target.
	Confidence *int   `json:"confidence" validate:"required,gte=0,lte=10"`
	Note       string `json:"note" validate:"max=2000"`
}

// CheckIn records a new value of a key result of actor's active objective
// and makes it the key result's current value; the history is append-only.
// It returns ErrNotOwner for another person's objective,
// ErrObjectiveClosed or ErrObjectiveNotActive when the objective does not
// take check-ins, an error wrapping storage.ErrNotFound for an unknown
// objective or key result, and a *storage.ValidationError for invalid
// input (confidence outside 0–10, a milestone value other than 0 or 1, a
// value that is not a finite number).
//
// Observers hear EventCheckIn, and EventGradeChanged when the check-in
// moves the objective's score to another grade.
func (s *Service) CheckIn(ctx context.Context, actor, objectiveID, keyResultID string, in CheckInInput) (*CheckIn, error) {
	if actor == "" {
		return nil, errNoActor
	}
	in.Note = strings.TrimSpace(in.Note)
	var extra []storage.FieldError
	if in.Value != nil && !inRange(*in.Value) {
		extra = append(extra, storage.FieldError{Field: "value", Message: rangeMessage})
	}
	if err := storage.Validate(in, extra...); err != nil {
		// Who may act comes first, as in every other method.
		if _, perr := s.ownObjective(ctx, actor, objectiveID); perr != nil {
			return nil, perr
		}
		return nil, wrap(err, "check in")
	}
	ci, err := change(ctx, s, func(ctx context.Context, record func(...Event)) (*CheckIn, error) {
		return s.checkIn(ctx, record, actor, objectiveID, keyResultID, in)
	})
	if errors.Is(err, errNotOwned) {
		return nil, s.notOwned(ctx, actor, objectiveID)
	}
	if err != nil {
		return nil, wrap(err, "check in on %s", objectiveID)
	}
	return ci, nil
}

// checkIn applies a valid check-in inside a change and records its events.
// The owner is checked on the locked objective, so a check-in reads the
// objective once; errNotOwned stands for someone else's objective.
func (s *Service) checkIn(ctx context.Context, record func(...Event), actor, objectiveID, keyResultID string, in CheckInInput) (*CheckIn, error) {
	var (
		ci       *CheckIn
		from, to Grade
	)
	o, err := s.store.UpdateObjective(ctx, objectiveID, 0, func(o *Objective) error {
		if o.Owner != actor {
			return errNotOwned
		}
		switch o.Status {
		case ObjectiveClosed:
			return ErrObjectiveClosed
		case ObjectiveDraft:
			return ErrObjectiveNotActive
		}
		kr := findKeyResult(o, keyResultID)
		if kr == nil {
			return fmt.Errorf("key result %s: %w", keyResultID, storage.ErrNotFound)
		}
		now := s.now().UTC()
		from = GradeOf(o.Score())
		if err := kr.Record(*in.Value, *in.Confidence, now); err != nil {
			return err
		}
		o.UpdatedAt = now
		to = GradeOf(o.Score())
		ci = &CheckIn{
			ID:          s.newID(),
			ObjectiveID: o.ID,
			KeyResultID: kr.ID,
			Owner:       o.Owner,
			Seq:         kr.CheckIns,
			Value:       *in.Value,
			Confidence:  *in.Confidence,
			Note:        in.Note,
			Author:      actor,
			At:          now,
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateCheckIn(ctx, ci); err != nil {
		return nil, err
	}
	e := Event{Type: EventCheckIn, At: ci.At, Actor: actor, Owner: o.Owner, GoalID: o.GoalID, ObjectiveID: o.ID, KeyResultID: ci.KeyResultID, CheckInID: ci.ID}
	record(e)
	if from != to {
		e.Type, e.From, e.To = EventGradeChanged, from, to
		record(e)
	}
	return ci, nil
}

// Record applies a check-in to the key result: value becomes its current
// value, the check-in count grows by one and becomes the new check-in's
// sequence number, and confidence becomes the latest, the former latest
// the previous. It returns a *storage.ValidationError, changing nothing,
// for a value that is not a number within ±MaxValue, a milestone value
// other than 0 or 1, or a confidence outside 0–10.
func (kr *KeyResult) Record(value float64, confidence int, at time.Time) error {
	switch {
	case !inRange(value):
		return storage.Invalid("value", rangeMessage)
	case kr.Kind == Milestone && value != 0 && value != 1:
		return storage.Invalid("value", "must be 0 (not done) or 1 (done) for a milestone")
	case confidence < 0 || confidence > 10:
		return storage.Invalid("confidence", "must be between 0 and 10")
	}
	kr.PreviousConfidence = kr.Confidence
	kr.Confidence = &confidence
	kr.Current = value
	kr.CheckIns++
	kr.LastCheckInAt = &at
	return nil
}

// CheckIns lists the check-ins of a key result of an objective that viewer
// may see, oldest first; with an empty keyResultID, those of every key
// result of the objective, ordered by ID.
func (s *Service) CheckIns(ctx context.Context, viewer, objectiveID, keyResultID string, page storage.PageRequest) (storage.Page[CheckIn], error) {
	if err := page.Check(); err != nil {
		return storage.Page[CheckIn]{}, wrap(err, "list check-ins")
	}
	o, _, err := s.visibleObjective(ctx, viewer, objectiveID)
	if err != nil {
		return storage.Page[CheckIn]{}, err
	}
	if keyResultID != "" && findKeyResult(o, keyResultID) == nil {
		return storage.Page[CheckIn]{}, fmt.Errorf("okr: key result %s: %w", keyResultID, storage.ErrNotFound)
	}
	p, err := s.store.CheckIns(ctx, CheckInFilter{ObjectiveID: objectiveID, KeyResultID: keyResultID}, page)
	if err != nil {
		return storage.Page[CheckIn]{}, wrap(err, "list check-ins")
	}
	return p, nil
}

// CommentInput is the text of a comment.
type CommentInput struct {
	Body string `json:"body" validate:"required,max=4000"`
}

// AddComment adds actor's comment to an objective that actor may see: the
// owner, and anyone the goal's visibility admits, such as the mentor. It
// returns an error wrapping storage.ErrNotFound for an unknown or hidden
// objective and a *storage.ValidationError for an empty or overlong body.
func (s *Service) AddComment(ctx context.Context, actor, objectiveID string, in CommentInput) (*Comment, error) {
	o, _, err := s.visibleObjective(ctx, actor, objectiveID)
	if err != nil {
		return nil, err
	}
	in.Body = strings.TrimSpace(in.Body)
	if err := storage.Validate(in); err != nil {
		return nil, wrap(err, "add comment")
	}
	c, err := change(ctx, s, func(ctx context.Context, record func(...Event)) (*Comment, error) {
		c := &Comment{ID: s.newID(), ObjectiveID: o.ID, Author: actor, Body: in.Body, At: s.now().UTC()}
		if err := s.store.CreateComment(ctx, c); err != nil {
			return nil, err
		}
		record(Event{Type: EventCommentAdded, At: c.At, Actor: actor, Owner: o.Owner, GoalID: o.GoalID, ObjectiveID: o.ID, CommentID: c.ID})
		return c, nil
	})
	if err != nil {
		return nil, wrap(err, "add comment")
	}
	return c, nil
}

// Comments lists the comments on an objective that viewer may see, oldest
// first.
func (s *Service) Comments(ctx context.Context, viewer, objectiveID string, page storage.PageRequest) (storage.Page[Comment], error) {
	if err := page.Check(); err != nil {
		return storage.Page[Comment]{}, wrap(err, "list comments")
	}
	if _, _, err := s.visibleObjective(ctx, viewer, objectiveID); err != nil {
		return storage.Page[Comment]{}, err
	}
	p, err := s.store.Comments(ctx, objectiveID, page)
	if err != nil {
		return storage.Page[Comment]{}, wrap(err, "list comments")
	}
	return p, nil
}
