package backlog_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/backlog"
	"github.com/footprint-hq/footprint/storage"
)

// TestErrorsCarryThePrefixOnce provokes many different errors through the
// Service and checks that each names the package exactly once.
func TestErrorsCarryThePrefixOnce(t *testing.T) {
	e := newEnv(t)
	it := e.item("ana", "Kubernetes")
	other := e.item("ben", "Go generics")
	_, err := e.svc.RejectItem(e.ctx, "fay", other.ID, 0, backlog.RejectInput{Reason: "no"})
	require.NoError(t, err)
	open := e.meeting(backlog.MeetingInput{})
	cancelled := e.meeting(backlog.MeetingInput{Quarter: "2026-Q4"})
	_, err = e.svc.CancelMeeting(e.ctx, "fay", cancelled.ID, 0)
	require.NoError(t, err)
	unknown := &backlog.PolicySpec{Name: "nope"}

	calls := map[string]func() error{
		"add item without actor": func() error { _, err := e.svc.AddItem(e.ctx, "", backlog.ItemInput{Title: "x"}); return err },
		"add invalid item":       func() error { _, err := e.svc.AddItem(e.ctx, "ana", backlog.ItemInput{}); return err },
		"unknown item":           func() error { _, err := e.svc.Item(e.ctx, "ana", "nope"); return err },
		"list bad status": func() error {
			_, err := e.svc.Items(e.ctx, "ana", backlog.ItemFilter{Status: "nope"}, storage.PageRequest{})
			return err
		},
		"list bad cursor": func() error {
			_, err := e.svc.Items(e.ctx, "ana", backlog.ItemFilter{}, storage.PageRequest{Cursor: "!"})
			return err
		},
		"edit as another": func() error { _, err := e.svc.EditItem(e.ctx, "ben", it.ID, 0, backlog.ItemChanges{}); return err },
		"edit stale": func() error {
			_, err := e.svc.EditItem(e.ctx, "ana", it.ID, 99, backlog.ItemChanges{Title: ptr("y")})
			return err
		},
		"edit locked": func() error {
			_, err := e.svc.EditItem(e.ctx, "ben", other.ID, 0, backlog.ItemChanges{Title: ptr("y")})
			return err
		},
		"edit unknown":      func() error { _, err := e.svc.EditItem(e.ctx, "ana", "nope", 0, backlog.ItemChanges{}); return err },
		"support not open":  func() error { _, err := e.svc.Support(e.ctx, "ana", other.ID, backlog.SupportInput{}); return err },
		"support unknown":   func() error { _, err := e.svc.Support(e.ctx, "ana", "nope", backlog.SupportInput{}); return err },
		"unsupport unknown": func() error { _, err := e.svc.Unsupport(e.ctx, "ana", "nope"); return err },
		"reject as another": func() error {
			_, err := e.svc.RejectItem(e.ctx, "ana", it.ID, 0, backlog.RejectInput{Reason: "no"})
			return err
		},
		"reject without reason": func() error { _, err := e.svc.RejectItem(e.ctx, "fay", it.ID, 0, backlog.RejectInput{}); return err },
		"reject rejected": func() error {
			_, err := e.svc.RejectItem(e.ctx, "fay", other.ID, 0, backlog.RejectInput{Reason: "no"})
			return err
		},
		"reject stale": func() error {
			_, err := e.svc.RejectItem(e.ctx, "fay", it.ID, 99, backlog.RejectInput{Reason: "no"})
			return err
		},
		"reject unknown": func() error {
			_, err := e.svc.RejectItem(e.ctx, "fay", "nope", 0, backlog.RejectInput{Reason: "no"})
			return err
		},
		"duplicate of unknown": func() error {
			_, err := e.svc.MarkDuplicate(e.ctx, "fay", it.ID, 0, backlog.DuplicateInput{Of: "nope"})
			return err
		},
		"duplicate of itself": func() error {
			_, err := e.svc.MarkDuplicate(e.ctx, "fay", it.ID, 0, backlog.DuplicateInput{Of: it.ID})
			return err
		},
		"archive rejected": func() error { _, err := e.svc.ArchiveItem(e.ctx, "fay", other.ID, 0); return err },
		"release open":     func() error { _, err := e.svc.ReleaseItem(e.ctx, "fay", it.ID, 0); return err },
		"release unknown":  func() error { _, err := e.svc.ReleaseItem(e.ctx, "fay", "nope", 0); return err },
		"open as another":  func() error { _, err := e.svc.OpenMeeting(e.ctx, "ana", backlog.MeetingInput{}); return err },
		"open invalid": func() error {
			_, err := e.svc.OpenMeeting(e.ctx, "fay", backlog.MeetingInput{Quarter: "x"})
			return err
		},
		"open unknown policy": func() error {
			_, err := e.svc.OpenMeeting(e.ctx, "fay", backlog.MeetingInput{Quarter: "2027-Q1", Participants: []string{"ana"}, Policy: unknown})
			return err
		},
		"open taken quarter": func() error {
			_, err := e.svc.OpenMeeting(e.ctx, "fay", backlog.MeetingInput{Quarter: "2026-Q3", Participants: []string{"ana"}})
			return err
		},
		"unknown meeting": func() error { _, err := e.svc.Meeting(e.ctx, "ana", "nope"); return err },
		"list meetings bad status": func() error {
			_, err := e.svc.Meetings(e.ctx, "ana", backlog.MeetingFilter{Status: "nope"}, storage.PageRequest{})
			return err
		},
		"change as another": func() error {
			_, err := e.svc.ChangeMeeting(e.ctx, "ana", open.ID, 0, backlog.MeetingChanges{})
			return err
		},
		"change cancelled": func() error {
			_, err := e.svc.ChangeMeeting(e.ctx, "fay", cancelled.ID, 0, backlog.MeetingChanges{})
			return err
		},
		"change stale": func() error {
			_, err := e.svc.ChangeMeeting(e.ctx, "fay", open.ID, 99, backlog.MeetingChanges{})
			return err
		},
		"change unknown": func() error {
			_, err := e.svc.ChangeMeeting(e.ctx, "fay", "nope", 0, backlog.MeetingChanges{})
			return err
		},
		"submit as another": func() error {
			_, err := e.svc.SubmitEstimates(e.ctx, "zed", open.ID, backlog.EstimatesInput{Estimates: []backlog.Estimate{est(it.ID, 5)}})
			return err
		},
		"submit invalid": func() error {
			_, err := e.svc.SubmitEstimates(e.ctx, "ana", open.ID, backlog.EstimatesInput{Estimates: []backlog.Estimate{est(other.ID, 50)}})
			return err
		},
		"submit to cancelled": func() error {
			_, err := e.svc.SubmitEstimates(e.ctx, "ana", cancelled.ID, backlog.EstimatesInput{Estimates: []backlog.Estimate{est(it.ID, 5)}})
			return err
		},
		"submit to unknown": func() error {
			_, err := e.svc.SubmitEstimates(e.ctx, "ana", "nope", backlog.EstimatesInput{})
			return err
		},
		"preview unknown policy": func() error { _, err := e.svc.Preview(e.ctx, "ana", open.ID, unknown); return err },
		"preview cancelled":      func() error { _, err := e.svc.Preview(e.ctx, "ana", cancelled.ID, nil); return err },
		"close cancelled":        func() error { _, err := e.svc.CloseMeeting(e.ctx, "fay", cancelled.ID, 0); return err },
		"close stale":            func() error { _, err := e.svc.CloseMeeting(e.ctx, "fay", open.ID, 99); return err },
		"close unknown":          func() error { _, err := e.svc.CloseMeeting(e.ctx, "fay", "nope", 0); return err },
		"cancel cancelled":       func() error { _, err := e.svc.CancelMeeting(e.ctx, "fay", cancelled.ID, 0); return err },
		"replay open":            func() error { _, err := e.svc.Replay(e.ctx, "ana", open.ID); return err },
		"replay unknown":         func() error { _, err := e.svc.Replay(e.ctx, "ana", "nope"); return err },
		"build unknown policy":   func() error { _, err := e.svc.BuildPolicy(*unknown); return err },
		"build bad parameter": func() error {
			_, err := e.svc.BuildPolicy(backlog.PolicySpec{Name: backlog.PolicyAging, Params: map[string]float64{"rate": -1}})
			return err
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			err := call()
			require.Error(t, err)
			assert.Equal(t, 1, strings.Count(err.Error(), "backlog:"), "%v", err)
		})
	}
}
