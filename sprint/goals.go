package sprint

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/storage"
)

// GoalInput describes a learning goal: a clear statement and a measurable
// target, given as an okr key result (increase, decrease or milestone).
// The measure's title defaults to the statement.
type GoalInput struct {
	Statement string             `json:"statement" validate:"required,max=500"`
	Measure   okr.KeyResultInput `json:"measure"`
}

// AssessInput assesses a learning goal. An empty Outcome takes the one the
// goal's score suggests (see SuggestOutcome); another outcome needs a
// Reason.
type AssessInput struct {
	Outcome Outcome `json:"outcome" validate:"omitempty,oneof=achieved partially_achieved not_achieved"`
	Reason  string  `json:"reason" validate:"max=1000"`
}

// AddGoal adds a learning goal to a topic of a sprint in planning. It
// returns ErrNotFacilitator to anyone but a facilitator, ErrScopeFrozen
// once the sprint is committed, an error wrapping storage.ErrNotFound for
// an unknown topic, storage.ErrConflict for a stale non-zero version, and
// a *storage.ValidationError for invalid input (the same rules as okr's
// key results, under "measure").
func (s *Service) AddGoal(ctx context.Context, actor, sprintID, topicID string, version int64, in GoalInput) (*Sprint, error) {
	if _, err := s.facilitated(ctx, actor, sprintID); err != nil {
		return nil, err
	}
	in.Statement = strings.TrimSpace(in.Statement)
	if strings.TrimSpace(in.Measure.Title) == "" {
		in.Measure.Title = in.Statement
	}
	kr, extra := okr.KeyResultFrom(in.Measure, "measure.")
	in.Measure.Title = kr.Title
	if err := storage.Validate(in, extra...); err != nil {
		return nil, prefixed(err, "add learning goal")
	}
	kr.ID = s.newID()
	return s.changeSprint(ctx, sprintID, version, func(_ context.Context, sp *Sprint) error {
		if sp.State != Planning {
			return ErrScopeFrozen
		}
		t := findTopic(sp, topicID)
		if t == nil {
			return fmt.Errorf("topic %s: %w", topicID, storage.ErrNotFound)
		}
		t.Goals = append(t.Goals, LearningGoal{ID: kr.ID, Statement: in.Statement, Measure: kr})
		return nil
	})
}

// RemoveGoal removes a learning goal from a sprint in planning. It returns
// the errors of AddGoal.
func (s *Service) RemoveGoal(ctx context.Context, actor, sprintID, goalID string, version int64) (*Sprint, error) {
	if _, err := s.facilitated(ctx, actor, sprintID); err != nil {
		return nil, err
	}
	return s.changeSprint(ctx, sprintID, version, func(_ context.Context, sp *Sprint) error {
		if sp.State != Planning {
			return ErrScopeFrozen
		}
		t, _ := findGoal(sp, goalID)
		if t == nil {
			return fmt.Errorf("learning goal %s: %w", goalID, storage.ErrNotFound)
		}
		t.Goals = slices.DeleteFunc(t.Goals, func(g LearningGoal) bool { return g.ID == goalID })
		return nil
	})
}

// CheckInGoal records progress on a learning goal of an active sprint (or
// one in review), like a check-in on a key result; the history is
// append-only. It returns ErrNotFacilitator to anyone but a facilitator,
// ErrNotEditable in other states, an error wrapping storage.ErrNotFound
// for an unknown goal, and a *storage.ValidationError for invalid input.
func (s *Service) CheckInGoal(ctx context.Context, actor, sprintID, goalID string, in okr.CheckInInput) (*CheckIn, error) {
	if _, err := s.facilitated(ctx, actor, sprintID); err != nil {
		return nil, err
	}
	in.Note = strings.TrimSpace(in.Note)
	if err := storage.Validate(in); err != nil {
		return nil, prefixed(err, "check in")
	}
	now := s.now().UTC()
	id := s.newID()
	ci, err := change(ctx, s, func(ctx context.Context, _ func(...Event)) (*CheckIn, error) {
		sp, err := s.updateSprint(ctx, sprintID, 0, func(sp *Sprint) error {
			if err := requireState(sp, Active, Review); err != nil {
				return err
			}
			_, g := findGoal(sp, goalID)
			if g == nil {
				return fmt.Errorf("learning goal %s: %w", goalID, storage.ErrNotFound)
			}
			return g.Measure.Record(*in.Value, *in.Confidence, now)
		})
		if err != nil {
			return nil, err
		}
		_, g := findGoal(sp, goalID)
		ci := &CheckIn{ID: id, SprintID: sp.ID, GoalID: g.ID, Seq: g.Measure.CheckIns,
			Value: *in.Value, Confidence: *in.Confidence, Note: in.Note, Author: actor, At: now}
		if err := s.store.CreateLearningCheckIn(ctx, ci); err != nil {
			return nil, err
		}
		return ci, nil
	})
	if err != nil {
		return nil, prefixed(err, "sprint %s", sprintID)
	}
	return ci, nil
}

// GoalCheckIns lists the check-ins of a learning goal, ordered by ID (the
// order they were made with the default ID source). Anyone signed in may
// read them.
func (s *Service) GoalCheckIns(ctx context.Context, viewer, sprintID, goalID string, page storage.PageRequest) (storage.Page[CheckIn], error) {
	var none storage.Page[CheckIn]
	if err := page.Check(); err != nil {
		return none, prefixed(err, "list check-ins")
	}
	sp, err := s.sprintFor(ctx, viewer, sprintID)
	if err != nil {
		return none, err
	}
	if _, g := findGoal(sp, goalID); g == nil {
		return none, fmt.Errorf("sprint: learning goal %s: %w", goalID, storage.ErrNotFound)
	}
	p, err := s.store.LearningCheckIns(ctx, CheckInFilter{SprintID: sprintID, GoalID: goalID}, page)
	if err != nil {
		return none, prefixed(err, "list check-ins")
	}
	return p, nil
}

// AssessGoal records the retrospective's verdict on a learning goal of a
// sprint in review: the outcome its score suggests, or another with a
// reason. A goal may be assessed again until the sprint closes. It returns
// ErrNotFacilitator to anyone but a facilitator, ErrNotEditable outside
// review, an error wrapping storage.ErrNotFound for an unknown goal, and a
// *storage.ValidationError for an unknown outcome or a missing reason.
func (s *Service) AssessGoal(ctx context.Context, actor, sprintID, goalID string, version int64, in AssessInput) (*Sprint, error) {
	if _, err := s.facilitated(ctx, actor, sprintID); err != nil {
		return nil, err
	}
	in.Reason = strings.TrimSpace(in.Reason)
	if err := storage.Validate(in); err != nil {
		return nil, prefixed(err, "assess learning goal")
	}
	now := s.now().UTC()
	assess := func(sp *Sprint) error {
		if err := requireState(sp, Review); err != nil {
			return err
		}
		_, g := findGoal(sp, goalID)
		if g == nil {
			return fmt.Errorf("learning goal %s: %w", goalID, storage.ErrNotFound)
		}
		score := g.Score()
		a := &Assessment{Outcome: in.Outcome, Suggested: SuggestOutcome(score), Score: score, Reason: in.Reason, By: actor, At: now}
		if a.Outcome == "" {
			a.Outcome = a.Suggested
		}
		if a.Outcome != a.Suggested && a.Reason == "" {
			return storage.Invalid("reason", fmt.Sprintf("is required to assess as %s when the score suggests %s", a.Outcome, a.Suggested))
		}
		g.Assessment = a
		return nil
	}
	sp, err := change(ctx, s, func(ctx context.Context, record func(...Event)) (*Sprint, error) {
		sp, err := s.updateSprint(ctx, sprintID, version, assess)
		if err != nil {
			return nil, err
		}
		record(Event{Type: EventGoalAssessed, At: now, Actor: actor, Sprint: sprintID, Goal: goalID})
		return sp, nil
	})
	if err != nil {
		return nil, prefixed(err, "sprint %s", sprintID)
	}
	return sp, nil
}

func findTopic(sp *Sprint, id string) *Topic {
	for i := range sp.Topics {
		if sp.Topics[i].ID == id {
			return &sp.Topics[i]
		}
	}
	return nil
}

func findGoal(sp *Sprint, id string) (*Topic, *LearningGoal) {
	for i := range sp.Topics {
		t := &sp.Topics[i]
		for j := range t.Goals {
			if t.Goals[j].ID == id {
				return t, &t.Goals[j]
			}
		}
	}
	return nil, nil
}
