package okr

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/footprint-hq/footprint/storage"
)

// Board is a person's development plan as one viewer may see it at one
// moment: goals → objectives → key results, each with its score, grade and
// pace. Goals and objectives the viewer may not see are absent.
type Board struct {
	Owner  string     `json:"owner"`
	Viewer string     `json:"viewer"`
	AsOf   time.Time  `json:"asOf"`
	Goals  []GoalCard `json:"goals"`
}

// GoalCard is a goal on a board.
type GoalCard struct {
	Goal
	// Progress is GoalProgress of the goal's objectives.
	Progress   float64         `json:"progress"`
	Grade      Grade           `json:"grade"`
	Objectives []ObjectiveCard `json:"objectives"`
}

// ObjectiveCard is an objective on a board.
type ObjectiveCard struct {
	Objective
	Score float64 `json:"score"`
	Grade Grade   `json:"grade"`
	// Expected and Pace are set for active objectives only.
	Expected   float64         `json:"expected"`
	Pace       PaceStatus      `json:"pace,omitempty"`
	KeyResults []KeyResultCard `json:"keyResults"`
}

// KeyResultCard is a key result on a board, with its history.
type KeyResultCard struct {
	KeyResult
	Progress float64 `json:"progress"`
	Score    float64 `json:"score"`
	Grade    Grade   `json:"grade"`
	// Pace is set for key results of active objectives only.
	Pace  PaceStatus `json:"pace,omitempty"`
	Trend *Trend     `json:"trend,omitempty"`
	// Latest is the latest check-in; History holds every check-in, oldest
	// first, as data for a sparkline.
	Latest  *CheckIn  `json:"latest,omitempty"`
	History []CheckIn `json:"history"`
}

// Board returns owner's board as viewer may see it, scored at the
// Service's current time. It returns storage.ErrNoActor for an empty
// viewer; a person without goals has an empty board.
func (s *Service) Board(ctx context.Context, viewer, owner string) (*Board, error) {
	if viewer == "" {
		return nil, errNoActor
	}
	a, err := s.access(ctx, viewer, owner)
	if err != nil {
		return nil, err
	}
	all := storage.PageRequest{Limit: storage.NoLimit}
	goals, err := s.store.Goals(ctx, owner, all)
	if err != nil {
		return nil, wrap(err, "board of %s", owner)
	}
	b := &Board{Owner: owner, Viewer: viewer, AsOf: s.now().UTC(), Goals: []GoalCard{}}
	visible := make(map[string]int, len(goals.Items))
	for _, g := range goals.Items {
		if a.sees(&g) {
			visible[g.ID] = len(b.Goals)
			b.Goals = append(b.Goals, GoalCard{Goal: g, Objectives: []ObjectiveCard{}})
		}
	}
	if len(b.Goals) == 0 {
		return b, nil
	}
	objs, err := s.store.Objectives(ctx, ObjectiveFilter{Owner: owner}, all)
	if err != nil {
		return nil, wrap(err, "board of %s", owner)
	}
	checkIns, err := s.store.CheckIns(ctx, CheckInFilter{Owner: owner}, all)
	if err != nil {
		return nil, wrap(err, "board of %s", owner)
	}
	history := historyByKeyResult(checkIns.Items)
	perGoal := make(map[string][]Objective, len(b.Goals))
	for _, o := range objs.Items {
		i, ok := visible[o.GoalID]
		if !ok {
			continue
		}
		perGoal[o.GoalID] = append(perGoal[o.GoalID], o)
		b.Goals[i].Objectives = append(b.Goals[i].Objectives, s.objectiveCard(o, history, b.AsOf))
	}
	for i := range b.Goals {
		g := &b.Goals[i]
		g.Progress = GoalProgress(perGoal[g.ID])
		g.Grade = GradeOf(g.Progress)
	}
	return b, nil
}

func (s *Service) objectiveCard(o Objective, history map[string][]CheckIn, at time.Time) ObjectiveCard {
	c := ObjectiveCard{Objective: o, Score: o.Score(), KeyResults: make([]KeyResultCard, len(o.KeyResults))}
	c.Grade = GradeOf(c.Score)
	active := o.Status == ObjectiveActive
	if active {
		c.Expected = s.pace.Expected(o.Kind, o.Period, at)
		c.Pace = s.pace.Status(o.Kind, o.Period, c.Score, at)
	}
	for i, kr := range o.KeyResults {
		h := history[kr.ID]
		k := KeyResultCard{KeyResult: kr, Progress: kr.Progress(), Score: kr.Score(), Trend: kr.Trend(), History: h}
		if k.History == nil {
			k.History = []CheckIn{}
		}
		k.Grade = GradeOf(k.Score)
		if active {
			k.Pace = s.pace.Status(o.Kind, o.Period, k.Score, at)
		}
		if n := len(h); n > 0 {
			k.Latest = &h[n-1]
		}
		c.KeyResults[i] = k
	}
	return c
}

// historyByKeyResult sorts check-ins by key result and sequence number in
// place and returns each key result's run of them, oldest first, without
// copying.
func historyByKeyResult(cs []CheckIn) map[string][]CheckIn {
	slices.SortFunc(cs, func(a, b CheckIn) int {
		return cmp.Or(cmp.Compare(a.KeyResultID, b.KeyResultID), cmp.Compare(a.Seq, b.Seq))
	})
	h := make(map[string][]CheckIn)
	for i := 0; i < len(cs); {
		j := i + 1
		for j < len(cs) && cs[j].KeyResultID == cs[i].KeyResultID {
			j++
		}
		h[cs[i].KeyResultID] = cs[i:j:j]
		i = j
	}
	return h
}

// ActiveTags returns the tags of person's active objectives together with
// those of their goals, without repeats: the topics the person is working
// on now. Other packages use it to match people with mentors and learning
// activities.
func (s *Service) ActiveTags(ctx context.Context, person string) ([]string, error) {
	all := storage.PageRequest{Limit: storage.NoLimit}
	objs, err := s.store.Objectives(ctx, ObjectiveFilter{Owner: person}, all)
	if err != nil {
		return nil, wrap(err, "active tags of %s", person)
	}
	goals, err := s.store.Goals(ctx, person, all)
	if err != nil {
		return nil, wrap(err, "active tags of %s", person)
	}
	goalTags := make(map[string][]string, len(goals.Items))
	for _, g := range goals.Items {
		if g.Status == GoalActive {
			goalTags[g.ID] = g.Tags
		}
	}
	var tags []string
	for _, o := range objs.Items {
		if gt, ok := goalTags[o.GoalID]; ok && o.Status == ObjectiveActive {
			tags = append(tags, o.Tags...)
			tags = append(tags, gt...)
		}
	}
	return NormalizeTags(tags), nil
}
