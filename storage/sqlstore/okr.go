package sqlstore

import (
	"context"

	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/storage"
)

// The okr package's tables; their schema is migrations/00001_okr.sql.

var _ okr.Store = (*Store)(nil)

var okrGoals = newTable("okr_goals", func(g *okr.Goal) []column {
	return []column{
		col("id", &g.ID),
		col("owner", &g.Owner),
		col("title", &g.Title),
		col("description", &g.Description),
		col("why_person", &g.WhyPerson),
		col("why_company", &g.WhyCompany),
		col("tags", jsonOf(&g.Tags)),
		col("horizon_year", &g.HorizonYear),
		col("status", &g.Status),
		col("visibility", &g.Visibility),
		col("created_at", timeOf(&g.CreatedAt)),
		col("updated_at", timeOf(&g.UpdatedAt)),
		col("version", &g.Version),
	}
})

var okrObjectives = newTable("okr_objectives", func(o *okr.Objective) []column {
	return []column{
		col("id", &o.ID),
		col("goal_id", &o.GoalID),
		col("owner", &o.Owner),
		col("title", &o.Title),
		col("description", &o.Description),
		col("kind", &o.Kind),
		col("status", &o.Status),
		col("period_start", timeOf(&o.Period.Start)),
		col("period_end", timeOf(&o.Period.End)),
		col("tags", jsonOf(&o.Tags)),
		col("key_results", storedSliceOf(&o.KeyResults, storeKeyResult, storedKeyResult.load)),
		col("suggestion_id", &o.SuggestionID),
		col("suggested_by", &o.SuggestedBy),
		col("closing", storedPtrOf(&o.Closing, storeClosing, storedClosing.load)),
		col("check_in_days", &o.CheckInDays),
		col("created_at", timeOf(&o.CreatedAt)),
		col("updated_at", timeOf(&o.UpdatedAt)),
		col("version", &o.Version),
	}
})

var okrCheckIns = newTable("okr_check_ins", func(c *okr.CheckIn) []column {
	return []column{
		col("id", &c.ID),
		col("objective_id", &c.ObjectiveID),
		col("key_result_id", &c.KeyResultID),
		col("owner", &c.Owner),
		col("seq", &c.Seq),
		col("value", &c.Value),
		col("confidence", &c.Confidence),
		col("note", &c.Note),
		col("author", &c.Author),
		col("at", timeOf(&c.At)),
	}
})

var okrComments = newTable("okr_comments", func(c *okr.Comment) []column {
	return []column{
		col("id", &c.ID),
		col("objective_id", &c.ObjectiveID),
		col("author", &c.Author),
		col("body", &c.Body),
		col("at", timeOf(&c.At)),
	}
})

var okrSuggestions = newTable("okr_suggestions", func(s *okr.Suggestion) []column {
	return []column{
		col("id", &s.ID),
		col("from_person", &s.From),
		col("to_person", &s.To),
		col("goal_id", &s.GoalID),
		col("message", &s.Message),
		col("objective", storedOf(&s.Objective, storeObjectiveProposal, storedObjectiveProposal.load)),
		col("status", &s.Status),
		col("reason", &s.Reason),
		col("objective_id", &s.ObjectiveID),
		col("created_at", timeOf(&s.CreatedAt)),
		col("decided_at", nullTimeOf(&s.DecidedAt)),
		col("version", &s.Version),
	}
})

// CreateGoal stores a new goal.
func (s *Store) CreateGoal(ctx context.Context, g *okr.Goal) error {
	return insert(ctx, s, okrGoals, g)
}

// Goal returns a goal.
func (s *Store) Goal(ctx context.Context, id string) (*okr.Goal, error) {
	return get(ctx, s, okrGoals, id)
}

// UpdateGoal changes a goal atomically.
func (s *Store) UpdateGoal(ctx context.Context, id string, version int64, fn func(*okr.Goal) error) (*okr.Goal, error) {
	return update(ctx, s, okrGoals, id, version, fn)
}

// Goals lists the goals of owner.
func (s *Store) Goals(ctx context.Context, owner string, page storage.PageRequest) (storage.Page[okr.Goal], error) {
	return list(ctx, s, okrGoals, page, is("owner", owner))
}

// CreateObjective stores a new objective. Its goal must be stored.
func (s *Store) CreateObjective(ctx context.Context, o *okr.Objective) error {
	return insert(ctx, s, okrObjectives, o)
}

// Objective returns an objective.
func (s *Store) Objective(ctx context.Context, id string) (*okr.Objective, error) {
	return get(ctx, s, okrObjectives, id)
}

// UpdateObjective changes an objective atomically.
func (s *Store) UpdateObjective(ctx context.Context, id string, version int64, fn func(*okr.Objective) error) (*okr.Objective, error) {
	return update(ctx, s, okrObjectives, id, version, fn)
}

// Objectives lists the objectives matching f.
func (s *Store) Objectives(ctx context.Context, f okr.ObjectiveFilter, page storage.PageRequest) (storage.Page[okr.Objective], error) {
	return list(ctx, s, okrObjectives, page, isSet("owner", f.Owner), isSet("goal_id", f.GoalID))
}

// CreateCheckIn appends a check-in. Its objective must be stored.
func (s *Store) CreateCheckIn(ctx context.Context, c *okr.CheckIn) error {
	return insert(ctx, s, okrCheckIns, c)
}

// CheckIns lists the check-ins matching f.
func (s *Store) CheckIns(ctx context.Context, f okr.CheckInFilter, page storage.PageRequest) (storage.Page[okr.CheckIn], error) {
	return list(ctx, s, okrCheckIns, page,
		isSet("owner", f.Owner), isSet("objective_id", f.ObjectiveID), isSet("key_result_id", f.KeyResultID))
}

// CreateComment stores a comment. Its objective must be stored.
func (s *Store) CreateComment(ctx context.Context, c *okr.Comment) error {
	return insert(ctx, s, okrComments, c)
}

// Comments lists the comments on an objective.
func (s *Store) Comments(ctx context.Context, objectiveID string, page storage.PageRequest) (storage.Page[okr.Comment], error) {
	return list(ctx, s, okrComments, page, is("objective_id", objectiveID))
}

// CreateSuggestion stores a suggestion.
func (s *Store) CreateSuggestion(ctx context.Context, sg *okr.Suggestion) error {
	return insert(ctx, s, okrSuggestions, sg)
}

// Suggestion returns a suggestion.
func (s *Store) Suggestion(ctx context.Context, id string) (*okr.Suggestion, error) {
	return get(ctx, s, okrSuggestions, id)
}

// UpdateSuggestion changes a suggestion atomically.
func (s *Store) UpdateSuggestion(ctx context.Context, id string, version int64, fn func(*okr.Suggestion) error) (*okr.Suggestion, error) {
	return update(ctx, s, okrSuggestions, id, version, fn)
}

// Suggestions lists the suggestions matching f.
func (s *Store) Suggestions(ctx context.Context, f okr.SuggestionFilter, page storage.PageRequest) (storage.Page[okr.Suggestion], error) {
	return list(ctx, s, okrSuggestions, page,
		isSet("from_person", f.From), isSet("to_person", f.To), isSet("status", string(f.Status)))
}
