package mentorship_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/mentorship"
	"github.com/footprint-hq/footprint/storage"
)

// TestErrorsCarryThePrefixOnce provokes many different errors through the
// Service and checks that each names the package exactly once.
func TestErrorsCarryThePrefixOnce(t *testing.T) {
	e := newEnv(t)
	e.volunteer("kim", 0)
	e.volunteer("lee", 1)
	e.accepted("dan", "bob")
	active := e.accepted("ana", "mia")
	e.accepted("ben", "mia")
	open := e.request("cid", "bob")
	declined := e.request("cid", "zoe")
	_, err := e.svc.Decline(e.ctx, "zoe", declined.ID, 0, mentorship.AnswerInput{})
	require.NoError(t, err)
	def, err := e.svc.DefaultRelation(e.ctx, "cid", "cid")
	require.NoError(t, err)
	m, err := e.svc.RecordMeeting(e.ctx, "ana", active.ID, mentorship.MeetingInput{At: start, DurationMinutes: 30})
	require.NoError(t, err)

	down := errors.New("mentorship: directory down")
	failing := newEnv(t,
		mentorship.WithDirectory(mentorship.DirectoryFunc(func(context.Context, string) (string, error) { return "", down })),
		mentorship.WithInterests(mentorship.InterestsFunc(func(context.Context, string) ([]string, error) {
			return nil, errors.New("okr: interests down")
		})),
		mentorship.WithInsightsAccess(func(context.Context, string) (bool, error) { return false, errors.New("access down") }),
	)

	calls := map[string]func() error{
		"no actor":      func() error { _, err := e.svc.Request(e.ctx, "", mentorship.RequestInput{Mentor: "mia"}); return err },
		"bad volunteer": func() error { _, err := e.svc.Volunteer(e.ctx, "dan", mentorship.ProfileInput{}); return err },
		"profile exists": func() error {
			_, err := e.svc.Volunteer(e.ctx, "mia", mentorship.ProfileInput{Capacity: ptr(1)})
			return err
		},
		"no profile":    func() error { _, err := e.svc.UpdateProfile(e.ctx, "dan", 0, mentorship.ProfileChanges{}); return err },
		"stale profile": func() error { _, err := e.svc.UpdateProfile(e.ctx, "mia", 99, mentorship.ProfileChanges{}); return err },
		"request oneself": func() error {
			_, err := e.svc.Request(e.ctx, "ana", mentorship.RequestInput{Mentor: "ana"})
			return err
		},
		"request nobody": func() error {
			_, err := e.svc.Request(e.ctx, "ana", mentorship.RequestInput{Mentor: "dan"})
			return err
		},
		"not accepting": func() error {
			_, err := e.svc.Request(e.ctx, "ana", mentorship.RequestInput{Mentor: "kim"})
			return err
		},
		"mentor full": func() error {
			_, err := e.svc.Request(e.ctx, "cid", mentorship.RequestInput{Mentor: "mia"})
			return err
		},
		"already mentor": func() error {
			_, err := e.svc.Request(e.ctx, "dan", mentorship.RequestInput{Mentor: "bob"})
			return err
		},
		"lead is default": func() error {
			_, err := e.svc.Request(e.ctx, "ana", mentorship.RequestInput{Mentor: "lee"})
			return err
		},
		"duplicate": func() error {
			_, err := e.svc.Request(e.ctx, "cid", mentorship.RequestInput{Mentor: "bob"})
			return err
		},
		"accept as mentee": func() error { _, err := e.svc.Accept(e.ctx, "cid", open.ID, 0, mentorship.AnswerInput{}); return err },
		"accept stale":     func() error { _, err := e.svc.Accept(e.ctx, "bob", open.ID, 99, mentorship.AnswerInput{}); return err },
		"accept closed": func() error {
			_, err := e.svc.Accept(e.ctx, "zoe", declined.ID, 0, mentorship.AnswerInput{})
			return err
		},
		"accept hidden":   func() error { _, err := e.svc.Accept(e.ctx, "zoe", open.ID, 0, mentorship.AnswerInput{}); return err },
		"accept unknown":  func() error { _, err := e.svc.Accept(e.ctx, "bob", "nope", 0, mentorship.AnswerInput{}); return err },
		"not a request":   func() error { _, err := e.svc.Decline(e.ctx, "lee", def.ID, 0, mentorship.AnswerInput{}); return err },
		"withdraw stale":  func() error { _, err := e.svc.Withdraw(e.ctx, "cid", open.ID, 99); return err },
		"withdraw mentor": func() error { _, err := e.svc.Withdraw(e.ctx, "bob", open.ID, 0); return err },
		"end default":     func() error { _, err := e.svc.End(e.ctx, "cid", def.ID, 0, mentorship.EndInput{}); return err },
		"end not active":  func() error { _, err := e.svc.End(e.ctx, "cid", open.ID, 0, mentorship.EndInput{}); return err },
		"end bad reason": func() error {
			_, err := e.svc.End(e.ctx, "ana", active.ID, 0, mentorship.EndInput{Reason: mentorship.EndByMentor})
			return err
		},
		"end stale":       func() error { _, err := e.svc.End(e.ctx, "ana", active.ID, 99, mentorship.EndInput{}); return err },
		"bad cadence":     func() error { _, err := e.svc.SetCadence(e.ctx, "ana", active.ID, 0, 0); return err },
		"cadence stale":   func() error { _, err := e.svc.SetCadence(e.ctx, "ana", active.ID, 99, 7); return err },
		"cadence closed":  func() error { _, err := e.svc.SetCadence(e.ctx, "cid", open.ID, 0, 7); return err },
		"hidden relation": func() error { _, err := e.svc.Relation(e.ctx, "zoe", active.ID); return err },
		"bad query": func() error {
			_, err := e.svc.Relations(e.ctx, "ana", mentorship.RelationQuery{As: "boss"}, storage.PageRequest{})
			return err
		},
		"hidden mentor":  func() error { _, err := e.svc.CurrentMentor(e.ctx, "zoe", "ana"); return err },
		"has chosen":     func() error { _, err := e.svc.DefaultRelation(e.ctx, "ana", "ana"); return err },
		"no team lead":   func() error { _, err := e.svc.DefaultRelation(e.ctx, "lee", "lee"); return err },
		"default hidden": func() error { _, err := e.svc.DefaultRelation(e.ctx, "zoe", "ana"); return err },
		"meeting future": func() error {
			_, err := e.svc.RecordMeeting(e.ctx, "ana", active.ID, mentorship.MeetingInput{At: start.Add(time.Hour), DurationMinutes: 30})
			return err
		},
		"meeting not active": func() error {
			_, err := e.svc.RecordMeeting(e.ctx, "cid", open.ID, mentorship.MeetingInput{At: start, DurationMinutes: 30})
			return err
		},
		"meeting hidden": func() error { _, err := e.svc.Meeting(e.ctx, "zoe", m.ID); return err },
		"meeting stale": func() error {
			_, err := e.svc.UpdateMeeting(e.ctx, "ana", m.ID, 99, mentorship.MeetingChanges{})
			return err
		},
		"step not found":  func() error { _, err := e.svc.SetStepDone(e.ctx, "ana", m.ID, "nope", 0, true); return err },
		"sweep future":    func() error { _, err := e.svc.Sweep(e.ctx, start.Add(time.Hour)); return err },
		"insights denied": func() error { _, err := e.svc.Insights(e.ctx, "ana", nil); return err },
		"bad limit":       func() error { _, err := e.svc.SuggestMentors(e.ctx, "ana", 101); return err },
		"directory down": func() error {
			_, err := failing.svc.Request(e.ctx, "ana", mentorship.RequestInput{Mentor: "mia"})
			return err
		},
		"directory down on mentor": func() error { _, err := failing.svc.MentorOf(e.ctx, "ana"); return err },
		"interests down":           func() error { _, err := failing.svc.SuggestMentors(e.ctx, "ana", 0); return err },
		"access down":              func() error { _, err := failing.svc.Insights(e.ctx, "ana", nil); return err },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			err := call()
			require.Error(t, err)
			assert.Equal(t, 1, strings.Count(err.Error(), "mentorship:"), "%v", err)
		})
	}
}
