package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/storage"
)

// OKR checks an okr.Store. newStore must return a new, empty store each
// time it is called; every subtest gets its own.
func OKR(t *testing.T, newStore func(t *testing.T) okr.Store) {
	runGroups(t, newStore, []group[okr.Store]{
		{"goals", okrGoals},
		{"objectives", okrObjectives},
		{"check-ins", okrCheckIns},
		{"comments", okrComments},
		{"suggestions", okrSuggestions},
		{"atomic", okrAtomic},
	})
}

type okrFixture struct {
	newID func() string
}

func newOKRFixture() *okrFixture { return &okrFixture{newID: newID} }

func (f *okrFixture) goal(owner string) *okr.Goal {
	return &okr.Goal{
		ID: f.newID(), Owner: owner, Title: "Become an agile coach", Description: "Coach teams",
		WhyPerson: "I like helping people", WhyCompany: "Teams deliver better",
		Tags: []string{"agile", "coaching"}, HorizonYear: 2028,
		Status: okr.GoalActive, Visibility: okr.VisibilityMentor,
		CreatedAt: base, UpdatedAt: base, Version: 1,
	}
}

func (f *okrFixture) objective(g *okr.Goal) *okr.Objective {
	conf, prev := 7, 5
	at := base.Add(48 * time.Hour)
	return &okr.Objective{
		ID: f.newID(), GoalID: g.ID, Owner: g.Owner, Title: "Facilitate retrospectives",
		Kind: okr.Committed, Status: okr.ObjectiveActive, Period: okr.Year(2026),
		Tags: []string{"facilitation"}, CheckInDays: 10,
		KeyResults: []okr.KeyResult{
			{ID: f.newID(), Title: "Retrospectives run", Kind: okr.Increase, Unit: "retros", Start: 0, Target: 10, Weight: 2,
				Current: 3, CheckIns: 2, Confidence: &conf, PreviousConfidence: &prev, LastCheckInAt: &at},
			{ID: f.newID(), Title: "Certification", Kind: okr.Milestone, Start: 0, Target: 1, Weight: 1},
		},
		CreatedAt: base, UpdatedAt: base, Version: 1,
	}
}

func (f *okrFixture) checkIn(o *okr.Objective, kr int, seq int) *okr.CheckIn {
	return &okr.CheckIn{
		ID: f.newID(), ObjectiveID: o.ID, KeyResultID: o.KeyResults[kr].ID, Owner: o.Owner,
		Seq: seq, Value: float64(seq), Confidence: 6, Note: "steady", Author: o.Owner, At: base.Add(time.Duration(seq) * time.Hour),
	}
}

func (f *okrFixture) suggestion(from, to string) *okr.Suggestion {
	return &okr.Suggestion{
		ID: f.newID(), From: from, To: to, Message: "You would enjoy this",
		Objective: okr.ObjectiveProposal{
			Title: "Give a talk", Kind: okr.Aspirational, Period: okr.Year(2026), Tags: []string{"speaking"},
			KeyResults: []okr.KeyResultProposal{{Title: "Talks given", Kind: okr.Increase, Unit: "talks", Start: 0, Target: 2, Weight: 1}},
		},
		Status: okr.SuggestionPending, CreatedAt: base, Version: 1,
	}
}

// goalAggregate is okr.Goal to the standard cases.
var goalAggregate = aggregate[okr.Store, okr.Goal]{
	fresh:   func(*testing.T, okr.Store) *okr.Goal { return newOKRFixture().goal("ana") },
	key:     func(g *okr.Goal) string { return g.ID },
	version: func(g *okr.Goal) int64 { return g.Version },
	create:  okr.Store.CreateGoal, get: okr.Store.Goal, update: okr.Store.UpdateGoal,
	edit:   func(g *okr.Goal) { g.Title = "first" },
	mutate: func(g *okr.Goal) { g.Title, g.Tags[0] = "changed", "changed" },
	grow:   func(g *okr.Goal, i int) { g.Tags = append(g.Tags, fmt.Sprintf("t%02d", i)) },
	size:   func(g *okr.Goal) int { return len(g.Tags) },
}

func okrGoals(t *testing.T, newStore func(t *testing.T) okr.Store) {
	goalAggregate.run(t, newStore)
	t.Run("update", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newOKRFixture(), ctx(t)
		g := f.goal("ana")
		require.NoError(t, s.CreateGoal(c, g))
		got, err := s.UpdateGoal(c, g.ID, 1, func(g *okr.Goal) error {
			assert.Equal(t, int64(1), g.Version, "callback sees the stored version")
			g.Title, g.Status = "Become a coach", okr.GoalAchieved
			g.Tags = append(g.Tags, "mentoring")
			return nil
		})
		require.NoError(t, err)
		assert.Equal(t, int64(2), got.Version)
		assert.Equal(t, "Become a coach", got.Title)
		stored, err := s.Goal(c, g.ID)
		require.NoError(t, err)
		assert.Equal(t, got, stored)
		assert.Equal(t, []string{"agile", "coaching", "mentoring"}, stored.Tags)
		_, err = s.UpdateGoal(c, g.ID, 0, func(g *okr.Goal) error { return nil })
		require.NoError(t, err)
		stored, err = s.Goal(c, g.ID)
		require.NoError(t, err)
		assert.Equal(t, int64(3), stored.Version, "version 0 skips the check and still counts")
	})
	t.Run("values are copies", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newOKRFixture(), ctx(t)
		g := f.goal("ana")
		require.NoError(t, s.CreateGoal(c, g))
		want := *g
		want.Tags = slices.Clone(g.Tags)
		g.Tags[0] = "mutated after create"
		got, err := s.Goal(c, g.ID)
		require.NoError(t, err)
		got.Tags[0] = "mutated after get"
		got.Title = "mutated"
		page, err := s.Goals(c, "ana", storage.PageRequest{})
		require.NoError(t, err)
		require.Len(t, page.Items, 1)
		page.Items[0].Tags[1] = "mutated after list"
		again, err := s.Goal(c, g.ID)
		require.NoError(t, err)
		assert.Equal(t, &want, again)
	})
	t.Run("list by owner and paging", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newOKRFixture(), ctx(t)
		var want []string
		for i := range 7 {
			g := f.goal("ana")
			require.NoError(t, s.CreateGoal(c, g))
			want = append(want, g.ID)
			if i%2 == 0 {
				require.NoError(t, s.CreateGoal(c, f.goal("ben")))
			}
		}
		all, err := s.Goals(c, "ana", storage.PageRequest{Limit: storage.NoLimit})
		require.NoError(t, err)
		assert.Equal(t, want, keys(all.Items))
		assert.Empty(t, all.Next)
		checkPaging(t, 3, want, pages(c, s.Goals)("ana"))
		checkPaging(t, 7, want, pages(c, s.Goals)("ana"))
		none, err := s.Goals(c, "nobody", storage.PageRequest{})
		require.NoError(t, err)
		assert.Empty(t, none.Items)
		assert.NotNil(t, none.Items, "an empty list is empty, not nil")
		_, err = s.Goals(c, "ana", storage.PageRequest{Cursor: "%%%not a cursor"})
		assert.ErrorIs(t, err, storage.ErrInvalid)
	})
}

// objectiveAggregate is okr.Objective to the standard cases; each
// objective belongs to a goal of its own.
var objectiveAggregate = aggregate[okr.Store, okr.Objective]{
	fresh: func(t *testing.T, s okr.Store) *okr.Objective {
		f := newOKRFixture()
		g := f.goal("ana")
		require.NoError(t, s.CreateGoal(ctx(t), g))
		return f.objective(g)
	},
	key:     func(o *okr.Objective) string { return o.ID },
	version: func(o *okr.Objective) int64 { return o.Version },
	create:  okr.Store.CreateObjective, get: okr.Store.Objective, update: okr.Store.UpdateObjective,
	edit: func(o *okr.Objective) { o.Status = okr.ObjectiveClosed },
	mutate: func(o *okr.Objective) {
		o.KeyResults[0].Current, *o.KeyResults[0].Confidence, o.Tags[0] = 99, 1, "changed"
	},
	grow: func(o *okr.Objective, i int) { o.Tags = append(o.Tags, fmt.Sprintf("t%02d", i)) },
	size: func(o *okr.Objective) int { return len(o.Tags) },
}

func okrObjectives(t *testing.T, newStore func(t *testing.T) okr.Store) {
	objectiveAggregate.run(t, newStore)
	t.Run("update keeps nested values", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newOKRFixture(), ctx(t)
		g := f.goal("ana")
		require.NoError(t, s.CreateGoal(c, g))
		o := f.objective(g)
		require.NoError(t, s.CreateObjective(c, o))

		override := 0.8
		updated, err := s.UpdateObjective(c, o.ID, 1, func(o *okr.Objective) error {
			o.Status = okr.ObjectiveClosed
			o.Closing = &okr.Closing{Score: 0.45, Override: &override, Reason: "hard year", Reflection: "learned a lot", ClosedAt: base}
			*o.KeyResults[0].Confidence = 9
			o.KeyResults = append(o.KeyResults, okr.KeyResult{ID: f.newID(), Title: "Lower lead time", Kind: okr.Decrease, Start: 10, Target: 5, Weight: 1, Current: 10})
			return nil
		})
		require.NoError(t, err)
		assert.Equal(t, int64(2), updated.Version)
		stored, err := s.Objective(c, o.ID)
		require.NoError(t, err)
		assert.Equal(t, updated, stored)
		require.Len(t, stored.KeyResults, 3)
		assert.Equal(t, 9, *stored.KeyResults[0].Confidence)
		require.NotNil(t, stored.Closing)
		assert.Equal(t, 0.8, stored.Closing.Final())
	})
	t.Run("values are copies", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newOKRFixture(), ctx(t)
		g := f.goal("ana")
		require.NoError(t, s.CreateGoal(c, g))
		o := f.objective(g)
		require.NoError(t, s.CreateObjective(c, o))
		got, err := s.Objective(c, o.ID)
		require.NoError(t, err)
		got.KeyResults[0].Title = "mutated"
		*got.KeyResults[0].Confidence = 0
		got.Tags[0] = "mutated"
		again, err := s.Objective(c, o.ID)
		require.NoError(t, err)
		assert.Equal(t, o, again)
	})
	t.Run("list by owner and goal", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newOKRFixture(), ctx(t)
		g1, g2, other := f.goal("ana"), f.goal("ana"), f.goal("ben")
		for _, g := range []*okr.Goal{g1, g2, other} {
			require.NoError(t, s.CreateGoal(c, g))
		}
		var all, first []string
		for i := range 6 {
			g := g1
			if i%3 == 2 {
				g = g2
			}
			o := f.objective(g)
			require.NoError(t, s.CreateObjective(c, o))
			require.NoError(t, s.CreateObjective(c, f.objective(other)))
			all = append(all, o.ID)
			if g == g1 {
				first = append(first, o.ID)
			}
		}
		list := pages(c, s.Objectives)
		checkPaging(t, 4, all, list(okr.ObjectiveFilter{Owner: "ana"}))
		checkPaging(t, 2, first, list(okr.ObjectiveFilter{GoalID: g1.ID}))
		checkPaging(t, 10, first, list(okr.ObjectiveFilter{Owner: "ana", GoalID: g1.ID}))
		checkPaging(t, 10, nil, list(okr.ObjectiveFilter{Owner: "ben", GoalID: g1.ID}))
	})
}

func okrCheckIns(t *testing.T, newStore func(t *testing.T) okr.Store) {
	setup := func(t *testing.T) (okr.Store, *okrFixture, context.Context, *okr.Objective) {
		s, f, c := newStore(t), newOKRFixture(), ctx(t)
		g := f.goal("ana")
		require.NoError(t, s.CreateGoal(c, g))
		o := f.objective(g)
		require.NoError(t, s.CreateObjective(c, o))
		return s, f, c, o
	}
	t.Run("append and list", func(t *testing.T) {
		t.Parallel()
		s, f, c, o := setup(t)
		var first, second []string
		for seq := 1; seq <= 5; seq++ {
			a, b := f.checkIn(o, 0, seq), f.checkIn(o, 1, seq)
			require.NoError(t, s.CreateCheckIn(c, a))
			require.NoError(t, s.CreateCheckIn(c, b))
			first, second = append(first, a.ID), append(second, b.ID)
		}
		page, err := s.CheckIns(c, okr.CheckInFilter{KeyResultID: o.KeyResults[0].ID}, storage.PageRequest{Limit: storage.NoLimit})
		require.NoError(t, err)
		require.Len(t, page.Items, 5)
		assert.Equal(t, f.checkIn(o, 0, 1).Note, page.Items[0].Note)
		assert.Equal(t, base.Add(time.Hour), page.Items[0].At)
		list := pages(c, s.CheckIns)
		checkPaging(t, 2, first, list(okr.CheckInFilter{KeyResultID: o.KeyResults[0].ID}))
		both := append(slices.Clone(first), second...)
		slices.Sort(both)
		checkPaging(t, 3, both, list(okr.CheckInFilter{ObjectiveID: o.ID}))
		checkPaging(t, 4, both, list(okr.CheckInFilter{Owner: "ana"}))
		checkPaging(t, 4, nil, list(okr.CheckInFilter{Owner: "ben"}))
	})
	t.Run("sequence numbers are unique per key result", func(t *testing.T) {
		t.Parallel()
		s, f, c, o := setup(t)
		require.NoError(t, s.CreateCheckIn(c, f.checkIn(o, 0, 1)))
		require.NoError(t, s.CreateCheckIn(c, f.checkIn(o, 1, 1)))
		err := s.CreateCheckIn(c, f.checkIn(o, 0, 1))
		assert.ErrorIs(t, err, storage.ErrAlreadyExists)
		dup := f.checkIn(o, 0, 2)
		require.NoError(t, s.CreateCheckIn(c, dup))
		again := *dup
		again.Seq = 3
		assert.ErrorIs(t, s.CreateCheckIn(c, &again), storage.ErrAlreadyExists, "IDs are unique too")
	})
	t.Run("50 concurrent check-ins are all kept", func(t *testing.T) {
		t.Parallel()
		s, _, c, o := setup(t)
		kr := o.KeyResults[1].ID
		const n = 50
		for _, err := range race(n, func(int) error {
			return s.Atomic(c, func(c context.Context) error {
				var ci *okr.CheckIn
				_, err := s.UpdateObjective(c, o.ID, 0, func(o *okr.Objective) error {
					o.KeyResults[1].CheckIns++
					ci = &okr.CheckIn{ID: newID(), ObjectiveID: o.ID, KeyResultID: kr, Owner: o.Owner,
						Seq: o.KeyResults[1].CheckIns, Value: 1, Confidence: 5, Author: o.Owner, At: base}
					return nil
				})
				if err != nil {
					return err
				}
				return s.CreateCheckIn(c, ci)
			})
		}) {
			require.NoError(t, err)
		}
		page, err := s.CheckIns(c, okr.CheckInFilter{KeyResultID: kr}, storage.PageRequest{Limit: storage.NoLimit})
		require.NoError(t, err)
		require.Len(t, page.Items, n, "every concurrent check-in must be in the history")
		seqs := make([]int, 0, n)
		for _, ci := range page.Items {
			seqs = append(seqs, ci.Seq)
		}
		slices.Sort(seqs)
		for i, seq := range seqs {
			assert.Equal(t, i+1, seq)
		}
		stored, err := s.Objective(c, o.ID)
		require.NoError(t, err)
		assert.Equal(t, n, stored.KeyResults[1].CheckIns)
		assert.Equal(t, int64(1+n), stored.Version)
	})
}

func okrComments(t *testing.T, newStore func(t *testing.T) okr.Store) {
	s, f, c := newStore(t), newOKRFixture(), ctx(t)
	g := f.goal("ana")
	require.NoError(t, s.CreateGoal(c, g))
	o1, o2 := f.objective(g), f.objective(g)
	require.NoError(t, s.CreateObjective(c, o1))
	require.NoError(t, s.CreateObjective(c, o2))
	var want []string
	for i := range 5 {
		cm := &okr.Comment{ID: f.newID(), ObjectiveID: o1.ID, Author: "mentor", Body: "nice progress", At: base.Add(time.Duration(i) * time.Minute)}
		require.NoError(t, s.CreateComment(c, cm))
		want = append(want, cm.ID)
		require.NoError(t, s.CreateComment(c, &okr.Comment{ID: f.newID(), ObjectiveID: o2.ID, Author: "ana", Body: "note", At: base}))
		if i == 0 {
			assert.ErrorIs(t, s.CreateComment(c, cm), storage.ErrAlreadyExists)
		}
	}
	checkPaging(t, 2, want, pages(c, s.Comments)(o1.ID))
	all, err := s.Comments(c, o1.ID, storage.PageRequest{Limit: storage.NoLimit})
	require.NoError(t, err)
	for _, cm := range all.Items {
		assert.Equal(t, "nice progress", cm.Body)
	}
}

// suggestionAggregate is okr.Suggestion to the standard cases.
var suggestionAggregate = aggregate[okr.Store, okr.Suggestion]{
	fresh:   func(*testing.T, okr.Store) *okr.Suggestion { return newOKRFixture().suggestion("lead", "ana") },
	key:     func(sg *okr.Suggestion) string { return sg.ID },
	version: func(sg *okr.Suggestion) int64 { return sg.Version },
	create:  okr.Store.CreateSuggestion, get: okr.Store.Suggestion, update: okr.Store.UpdateSuggestion,
	edit:   func(sg *okr.Suggestion) { sg.Status, sg.Reason = okr.SuggestionDeclined, "not now" },
	mutate: func(sg *okr.Suggestion) { sg.Reason, sg.Objective.KeyResults[0].Title = "x", "changed" },
	grow: func(sg *okr.Suggestion, i int) {
		sg.Objective.Tags = append(sg.Objective.Tags, fmt.Sprintf("t%02d", i))
	},
	size: func(sg *okr.Suggestion) int { return len(sg.Objective.Tags) },
}

func okrSuggestions(t *testing.T, newStore func(t *testing.T) okr.Store) {
	suggestionAggregate.run(t, newStore)
	t.Run("values are copies", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newOKRFixture(), ctx(t)
		sg := f.suggestion("lead", "ana")
		require.NoError(t, s.CreateSuggestion(c, sg))
		got, err := s.Suggestion(c, sg.ID)
		require.NoError(t, err)
		got.Objective.KeyResults[0].Title = "mutated"
		again, err := s.Suggestion(c, sg.ID)
		require.NoError(t, err)
		assert.Equal(t, sg, again)
	})
	t.Run("update", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newOKRFixture(), ctx(t)
		sg := f.suggestion("lead", "ana")
		require.NoError(t, s.CreateSuggestion(c, sg))
		at := base.Add(time.Hour)
		updated, err := s.UpdateSuggestion(c, sg.ID, 1, func(sg *okr.Suggestion) error {
			sg.Status, sg.Reason, sg.DecidedAt = okr.SuggestionDeclined, "not now", &at
			return nil
		})
		require.NoError(t, err)
		stored, err := s.Suggestion(c, sg.ID)
		require.NoError(t, err)
		assert.Equal(t, updated, stored)
		assert.Equal(t, okr.SuggestionDeclined, stored.Status)
		assert.Equal(t, at, *stored.DecidedAt)
	})
	t.Run("list by recipient, suggester and status", func(t *testing.T) {
		t.Parallel()
		s, f, c := newStore(t), newOKRFixture(), ctx(t)
		var toAna, fromLead, pendingToAna []string
		for i := range 6 {
			from := "lead"
			if i%2 == 1 {
				from = "mentor"
			}
			sg := f.suggestion(from, "ana")
			if i%3 == 0 {
				sg.Status = okr.SuggestionAccepted
			} else {
				pendingToAna = append(pendingToAna, sg.ID)
			}
			require.NoError(t, s.CreateSuggestion(c, sg))
			toAna = append(toAna, sg.ID)
			if from == "lead" {
				fromLead = append(fromLead, sg.ID)
			}
			other := f.suggestion("lead", "ben")
			require.NoError(t, s.CreateSuggestion(c, other))
			fromLead = append(fromLead, other.ID)
		}
		list := pages(c, s.Suggestions)
		checkPaging(t, 4, toAna, list(okr.SuggestionFilter{To: "ana"}))
		checkPaging(t, 4, fromLead, list(okr.SuggestionFilter{From: "lead"}))
		checkPaging(t, 3, pendingToAna, list(okr.SuggestionFilter{To: "ana", Status: okr.SuggestionPending}))
	})
}

func okrAtomic(t *testing.T, newStore func(t *testing.T) okr.Store) {
	setup := func(t *testing.T) (okr.Store, *okrFixture, context.Context, *okr.Goal, *okr.Suggestion) {
		s, f, c := newStore(t), newOKRFixture(), ctx(t)
		g := f.goal("ana")
		require.NoError(t, s.CreateGoal(c, g))
		sg := f.suggestion("lead", "ana")
		require.NoError(t, s.CreateSuggestion(c, sg))
		return s, f, c, g, sg
	}
	accept := func(s okr.Store, c context.Context, sg *okr.Suggestion, o *okr.Objective) error {
		if _, err := s.UpdateSuggestion(c, sg.ID, 0, func(sg *okr.Suggestion) error {
			sg.Status, sg.ObjectiveID = okr.SuggestionAccepted, o.ID
			return nil
		}); err != nil {
			return err
		}
		return s.CreateObjective(c, o)
	}
	type acceptance struct {
		sg *okr.Suggestion
		o  *okr.Objective
	}
	transaction[okr.Store, acceptance]{
		setup: func(t *testing.T) (okr.Store, context.Context, acceptance) {
			s, f, c, g, sg := setup(t)
			return s, c, acceptance{sg, f.objective(g)}
		},
		atomic: okr.Store.Atomic,
		work:   func(s okr.Store, c context.Context, a acceptance) error { return accept(s, c, a.sg, a.o) },
		inside: func(t *testing.T, s okr.Store, c context.Context, a acceptance) {
			inside, err := s.Objective(c, a.o.ID)
			require.NoError(t, err, "a transaction sees its own writes")
			assert.Equal(t, a.o.ID, inside.ID)
		},
		applied: func(t *testing.T, s okr.Store, c context.Context, a acceptance) {
			got, err := s.Suggestion(c, a.sg.ID)
			require.NoError(t, err)
			assert.Equal(t, okr.SuggestionAccepted, got.Status)
			_, err = s.Objective(c, a.o.ID)
			assert.NoError(t, err)
		},
		unchanged: func(t *testing.T, s okr.Store, c context.Context, a acceptance) {
			got, err := s.Suggestion(c, a.sg.ID)
			require.NoError(t, err)
			assert.Equal(t, a.sg, got, "the suggestion update must be rolled back")
			_, err = s.Objective(c, a.o.ID)
			assert.ErrorIs(t, err, storage.ErrNotFound)
		},
	}.run(t)
	t.Run("a failing step rolls back earlier steps", func(t *testing.T) {
		t.Parallel()
		s, f, c, g, sg := setup(t)
		existing := f.objective(g)
		require.NoError(t, s.CreateObjective(c, existing))
		err := s.Atomic(c, func(c context.Context) error { return accept(s, c, sg, existing) })
		assert.ErrorIs(t, err, storage.ErrAlreadyExists)
		got, err := s.Suggestion(c, sg.ID)
		require.NoError(t, err)
		assert.Equal(t, okr.SuggestionPending, got.Status, "the suggestion update must be rolled back")
	})
	t.Run("store usable after a cancelled context", func(t *testing.T) {
		t.Parallel()
		s, f, c, g, _ := setup(t)
		cc, cancel := context.WithCancel(c)
		o := f.objective(g)
		err := s.Atomic(cc, func(cc context.Context) error {
			if err := s.CreateObjective(cc, o); err != nil {
				return err
			}
			cancel()
			return cc.Err()
		})
		assert.True(t, errors.Is(err, context.Canceled), "got %v", err)
		_, err = s.Objective(c, o.ID)
		assert.ErrorIs(t, err, storage.ErrNotFound)
		o2 := f.objective(g)
		require.NoError(t, s.CreateObjective(c, o2))
	})
}
