package okr_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/storage"
)

// TestErrorsCarryThePrefixOnce provokes many different errors through the
// Service and checks that each names the package exactly once.
func TestErrorsCarryThePrefixOnce(t *testing.T) {
	e := newEnv(t)
	g := e.goal("ana", okr.VisibilityCompany)
	o := e.objective("ana", g.ID)
	closed := e.objective("ana", g.ID)
	_, err := e.svc.CloseObjective(e.ctx, "ana", closed.ID, 0, okr.CloseInput{})
	require.NoError(t, err)
	draft, err := e.svc.CreateObjective(e.ctx, "ana", okr.ObjectiveInput{GoalID: g.ID, Draft: true, ObjectiveSpec: okr.ObjectiveSpec{Title: "Draft"}})
	require.NoError(t, err)
	done := e.goal("ana", okr.VisibilityCompany)
	_, err = e.svc.UpdateGoal(e.ctx, "ana", done.ID, 0, okr.GoalChanges{Status: ptr(okr.GoalAchieved)})
	require.NoError(t, err)
	sg, err := e.svc.Suggest(e.ctx, "mia", okr.SuggestionInput{To: "ana", GoalID: g.ID, Objective: okr.ObjectiveSpec{Title: "Coach", KeyResults: []okr.KeyResultInput{certKR()}}})
	require.NoError(t, err)
	_, err = e.svc.DeclineSuggestion(e.ctx, "ana", sg.ID, 0, okr.DeclineInput{})
	require.NoError(t, err)
	sg2, err := e.svc.Suggest(e.ctx, "mia", okr.SuggestionInput{To: "ana", Objective: okr.ObjectiveSpec{Title: "Coach", KeyResults: []okr.KeyResultInput{certKR()}}})
	require.NoError(t, err)
	kr := o.KeyResults[0].ID
	one, bad := 1.0, 11

	calls := map[string]func() error{
		"no actor":          func() error { _, err := e.svc.CreateGoal(e.ctx, "", okr.GoalInput{Title: "x"}); return err },
		"invalid goal":      func() error { _, err := e.svc.CreateGoal(e.ctx, "ana", okr.GoalInput{}); return err },
		"unknown goal":      func() error { _, err := e.svc.Goal(e.ctx, "ana", "nope"); return err },
		"update not owner":  func() error { _, err := e.svc.UpdateGoal(e.ctx, "bo", g.ID, 0, okr.GoalChanges{}); return err },
		"update goal stale": func() error { _, err := e.svc.UpdateGoal(e.ctx, "ana", g.ID, 99, okr.GoalChanges{}); return err },
		"objective bad input": func() error {
			_, err := e.svc.CreateObjective(e.ctx, "ana", okr.ObjectiveInput{GoalID: g.ID})
			return err
		},
		"objective inactive goal": func() error {
			_, err := e.svc.CreateObjective(e.ctx, "ana", okr.ObjectiveInput{GoalID: done.ID, Draft: true, ObjectiveSpec: okr.ObjectiveSpec{Title: "x"}})
			return err
		},
		"unknown objective": func() error { _, err := e.svc.Objective(e.ctx, "ana", "nope"); return err },
		"objective closed": func() error {
			_, err := e.svc.UpdateObjective(e.ctx, "ana", closed.ID, 0, okr.ObjectiveChanges{Title: ptr("x")})
			return err
		},
		"objective stale": func() error {
			_, err := e.svc.UpdateObjective(e.ctx, "ana", o.ID, 99, okr.ObjectiveChanges{Title: ptr("x")})
			return err
		},
		"objective not owner": func() error {
			_, err := e.svc.UpdateObjective(e.ctx, "bo", o.ID, 0, okr.ObjectiveChanges{})
			return err
		},
		"not a draft":    func() error { _, err := e.svc.ActivateObjective(e.ctx, "ana", o.ID, 0); return err },
		"no key results": func() error { _, err := e.svc.ActivateObjective(e.ctx, "ana", draft.ID, 0); return err },
		"close draft":    func() error { _, err := e.svc.CloseObjective(e.ctx, "ana", draft.ID, 0, okr.CloseInput{}); return err },
		"close closed":   func() error { _, err := e.svc.CloseObjective(e.ctx, "ana", closed.ID, 0, okr.CloseInput{}); return err },
		"carry open":     func() error { _, err := e.svc.CarryObjective(e.ctx, "ana", o.ID, nil); return err },
		"unknown kr":     func() error { _, err := e.svc.RemoveKeyResult(e.ctx, "ana", o.ID, "nope", 0); return err },
		"bad key result": func() error { _, err := e.svc.AddKeyResult(e.ctx, "ana", o.ID, 0, okr.KeyResultInput{}); return err },
		"check-in closed": func() error {
			_, err := e.svc.CheckIn(e.ctx, "ana", closed.ID, closed.KeyResults[0].ID, okr.CheckInInput{Value: &one, Confidence: ptr(5)})
			return err
		},
		"check-in draft": func() error {
			_, err := e.svc.CheckIn(e.ctx, "ana", draft.ID, "x", okr.CheckInInput{Value: &one, Confidence: ptr(5)})
			return err
		},
		"check-in invalid": func() error {
			_, err := e.svc.CheckIn(e.ctx, "ana", o.ID, kr, okr.CheckInInput{Value: &one, Confidence: &bad})
			return err
		},
		"check-in not owner": func() error {
			_, err := e.svc.CheckIn(e.ctx, "bo", o.ID, kr, okr.CheckInInput{Value: &one, Confidence: ptr(5)})
			return err
		},
		"check-in unknown kr": func() error {
			_, err := e.svc.CheckIn(e.ctx, "ana", o.ID, "nope", okr.CheckInInput{Value: &one, Confidence: ptr(5)})
			return err
		},
		"empty comment":      func() error { _, err := e.svc.AddComment(e.ctx, "ana", o.ID, okr.CommentInput{}); return err },
		"suggest to oneself": func() error { _, err := e.svc.Suggest(e.ctx, "ana", okr.SuggestionInput{To: "ana"}); return err },
		"decided": func() error {
			_, err := e.svc.DeclineSuggestion(e.ctx, "ana", sg.ID, 0, okr.DeclineInput{})
			return err
		},
		"accept decided": func() error { _, err := e.svc.AcceptSuggestion(e.ctx, "ana", sg.ID, 0, okr.AcceptInput{}); return err },
		"accept no goal": func() error { _, err := e.svc.AcceptSuggestion(e.ctx, "ana", sg2.ID, 0, okr.AcceptInput{}); return err },
		"accept inactive goal": func() error {
			_, err := e.svc.AcceptSuggestion(e.ctx, "ana", sg2.ID, 0, okr.AcceptInput{GoalID: done.ID})
			return err
		},
		"accept stale": func() error {
			_, err := e.svc.AcceptSuggestion(e.ctx, "ana", sg2.ID, 99, okr.AcceptInput{GoalID: g.ID})
			return err
		},
		"not recipient": func() error {
			_, err := e.svc.DeclineSuggestion(e.ctx, "mia", sg2.ID, 0, okr.DeclineInput{})
			return err
		},
		"not suggester": func() error { _, err := e.svc.WithdrawSuggestion(e.ctx, "ana", sg2.ID, 0); return err },
		"bad status": func() error {
			_, err := e.svc.Suggestions(e.ctx, "ana", true, "nope", storage.PageRequest{})
			return err
		},
		"no owner": func() error {
			_, err := e.svc.Objectives(e.ctx, "ana", okr.ObjectiveFilter{}, storage.PageRequest{})
			return err
		},
		"board no actor": func() error { _, err := e.svc.Board(e.ctx, "", "ana"); return err },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			err := call()
			require.Error(t, err)
			assert.Equal(t, 1, strings.Count(err.Error(), "okr:"), "%v", err)
		})
	}
}
