package memory

import (
	"context"
	"slices"

	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/storage"
)

var _ okr.Store = (*Store)(nil)

type okrTables struct {
	goals       *table[okr.Goal]
	objectives  *table[okr.Objective]
	checkIns    *table[okr.CheckIn]
	comments    *table[okr.Comment]
	suggestions *table[okr.Suggestion]
	// checkInSeqs holds "keyResultID/seq" of every stored check-in.
	checkInSeqs map[string]bool
}

func newOKRTables() okrTables {
	return okrTables{
		goals: newTable(func(g *okr.Goal) string { return g.ID }, cloneGoal,
			func(g *okr.Goal) *int64 { return &g.Version }),
		objectives: newTable(func(o *okr.Objective) string { return o.ID }, cloneObjective,
			func(o *okr.Objective) *int64 { return &o.Version }),
		checkIns: newTable(func(c *okr.CheckIn) string { return c.ID }, same[okr.CheckIn], nil),
		comments: newTable(func(c *okr.Comment) string { return c.ID }, same[okr.Comment], nil),
		suggestions: newTable(func(s *okr.Suggestion) string { return s.ID }, cloneSuggestion,
			func(s *okr.Suggestion) *int64 { return &s.Version }),
		checkInSeqs: map[string]bool{},
	}
}

// same copies values that hold no references.
func same[T any](v T) T { return v }

func cloneGoal(g okr.Goal) okr.Goal {
	g.Tags = slices.Clone(g.Tags)
	return g
}

func cloneObjective(o okr.Objective) okr.Objective {
	o.Tags = slices.Clone(o.Tags)
	o.KeyResults = slices.Clone(o.KeyResults)
	for i := range o.KeyResults {
		o.KeyResults[i] = cloneKeyResult(o.KeyResults[i])
	}
	if o.Closing != nil {
		c := *o.Closing
		c.Override = clonePtr(c.Override)
		o.Closing = &c
	}
	return o
}

func cloneKeyResult(kr okr.KeyResult) okr.KeyResult {
	kr.Confidence = clonePtr(kr.Confidence)
	kr.PreviousConfidence = clonePtr(kr.PreviousConfidence)
	kr.LastCheckInAt = clonePtr(kr.LastCheckInAt)
	return kr
}

func cloneSuggestion(s okr.Suggestion) okr.Suggestion {
	s.Objective.Tags = slices.Clone(s.Objective.Tags)
	s.Objective.KeyResults = slices.Clone(s.Objective.KeyResults)
	s.DecidedAt = clonePtr(s.DecidedAt)
	return s
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// CreateGoal stores a new goal.
func (s *Store) CreateGoal(ctx context.Context, g *okr.Goal) error {
	return insert(s, ctx, s.okr.goals, g)
}

// Goal returns a goal.
func (s *Store) Goal(ctx context.Context, id string) (*okr.Goal, error) {
	return get(s, ctx, s.okr.goals, id)
}

// UpdateGoal changes a goal atomically.
func (s *Store) UpdateGoal(ctx context.Context, id string, version int64, fn func(*okr.Goal) error) (*okr.Goal, error) {
	return update(s, ctx, s.okr.goals, id, version, fn)
}

// Goals lists the goals of owner.
func (s *Store) Goals(ctx context.Context, owner string, page storage.PageRequest) (storage.Page[okr.Goal], error) {
	return list(s, ctx, s.okr.goals, page, func(g *okr.Goal) bool { return g.Owner == owner })
}

// CreateObjective stores a new objective.
func (s *Store) CreateObjective(ctx context.Context, o *okr.Objective) error {
	return insert(s, ctx, s.okr.objectives, o)
}

// Objective returns an objective.
func (s *Store) Objective(ctx context.Context, id string) (*okr.Objective, error) {
	return get(s, ctx, s.okr.objectives, id)
}

// UpdateObjective changes an objective atomically.
func (s *Store) UpdateObjective(ctx context.Context, id string, version int64, fn func(*okr.Objective) error) (*okr.Objective, error) {
	return update(s, ctx, s.okr.objectives, id, version, fn)
}

// Objectives lists the objectives matching f.
func (s *Store) Objectives(ctx context.Context, f okr.ObjectiveFilter, page storage.PageRequest) (storage.Page[okr.Objective], error) {
	return list(s, ctx, s.okr.objectives, page, func(o *okr.Objective) bool {
		return match(f.Owner, o.Owner) && match(f.GoalID, o.GoalID)
	})
}

// CreateCheckIn appends a check-in.
func (s *Store) CreateCheckIn(ctx context.Context, c *okr.CheckIn) error {
	return insertNumbered(s, ctx, s.okr.checkIns, s.okr.checkInSeqs, c, c.KeyResultID, c.Seq, "key result")
}

// CheckIns lists the check-ins matching f.
func (s *Store) CheckIns(ctx context.Context, f okr.CheckInFilter, page storage.PageRequest) (storage.Page[okr.CheckIn], error) {
	return list(s, ctx, s.okr.checkIns, page, func(c *okr.CheckIn) bool {
		return match(f.Owner, c.Owner) && match(f.ObjectiveID, c.ObjectiveID) && match(f.KeyResultID, c.KeyResultID)
	})
}

// CreateComment stores a comment.
func (s *Store) CreateComment(ctx context.Context, c *okr.Comment) error {
	return insert(s, ctx, s.okr.comments, c)
}

// Comments lists the comments on an objective.
func (s *Store) Comments(ctx context.Context, objectiveID string, page storage.PageRequest) (storage.Page[okr.Comment], error) {
	return list(s, ctx, s.okr.comments, page, func(c *okr.Comment) bool { return c.ObjectiveID == objectiveID })
}

// CreateSuggestion stores a suggestion.
func (s *Store) CreateSuggestion(ctx context.Context, sg *okr.Suggestion) error {
	return insert(s, ctx, s.okr.suggestions, sg)
}

// Suggestion returns a suggestion.
func (s *Store) Suggestion(ctx context.Context, id string) (*okr.Suggestion, error) {
	return get(s, ctx, s.okr.suggestions, id)
}

// UpdateSuggestion changes a suggestion atomically.
func (s *Store) UpdateSuggestion(ctx context.Context, id string, version int64, fn func(*okr.Suggestion) error) (*okr.Suggestion, error) {
	return update(s, ctx, s.okr.suggestions, id, version, fn)
}

// Suggestions lists the suggestions matching f.
func (s *Store) Suggestions(ctx context.Context, f okr.SuggestionFilter, page storage.PageRequest) (storage.Page[okr.Suggestion], error) {
	return list(s, ctx, s.okr.suggestions, page, func(sg *okr.Suggestion) bool {
		return match(f.From, sg.From) && match(f.To, sg.To) && match(string(f.Status), string(sg.Status))
	})
}

// match reports whether a filter field (empty matches everything) admits a
// value.
func match(filter, value string) bool { return filter == "" || filter == value }
