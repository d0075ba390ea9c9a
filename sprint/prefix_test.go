package sprint_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/sprint"
	"github.com/footprint-hq/footprint/storage"
)

// TestErrorsCarryThePrefixOnce provokes many different errors through the
// Service and checks that each names the package exactly once (and
// backlog at most once, for an error of the backlog it wraps).
func TestErrorsCarryThePrefixOnce(t *testing.T) {
	e := newEnv(t)
	planning := e.plan(2026, 2)
	planning, tp := e.topic(planning, "Kubernetes")
	goal := tp.Goals[0]
	active := e.plan(2026, 3)
	active, atp := e.topic(active, "Go")
	act := e.activity(active, atp.ID, 1)
	active = e.move(e.move(active, sprint.Committed), sprint.Active)
	cancelled := e.move(e.plan(2026, 4), sprint.Cancelled)
	checkIn := okr.CheckInInput{Value: ptr(1.0), Confidence: ptr(5)}

	calls := map[string]func() error{
		"plan without actor": func() error { _, err := e.svc.Plan(e.ctx, "", sprint.PlanInput{Year: 2027, Quarter: 1}); return err },
		"plan as another":    func() error { _, err := e.svc.Plan(e.ctx, "ana", sprint.PlanInput{Year: 2027, Quarter: 1}); return err },
		"plan invalid":       func() error { _, err := e.svc.Plan(e.ctx, "fay", sprint.PlanInput{Year: 1, Quarter: 9}); return err },
		"plan taken quarter": func() error { _, err := e.svc.Plan(e.ctx, "fay", sprint.PlanInput{Year: 2026, Quarter: 2}); return err },
		"plan unknown meeting": func() error {
			_, err := e.svc.Plan(e.ctx, "fay", sprint.PlanInput{Year: 2027, Quarter: 2, MeetingID: "nope"})
			return err
		},
		"unknown sprint": func() error { _, err := e.svc.Sprint(e.ctx, "ana", "nope"); return err },
		"list bad cursor": func() error {
			_, err := e.svc.Sprints(e.ctx, "ana", sprint.SprintFilter{}, storage.PageRequest{Cursor: "!"})
			return err
		},
		"add topic as another": func() error {
			_, err := e.svc.AddTopic(e.ctx, "ana", planning.ID, 0, sprint.TopicInput{Title: "x"})
			return err
		},
		"add topic frozen": func() error {
			_, err := e.svc.AddTopic(e.ctx, "fay", active.ID, 0, sprint.TopicInput{Title: "x"})
			return err
		},
		"add topic stale": func() error {
			_, err := e.svc.AddTopic(e.ctx, "fay", planning.ID, 99, sprint.TopicInput{Title: "x"})
			return err
		},
		"add topic unknown item": func() error {
			_, err := e.svc.AddTopic(e.ctx, "fay", planning.ID, 0, sprint.TopicInput{ItemID: "nope"})
			return err
		},
		"add topic invalid": func() error { _, err := e.svc.AddTopic(e.ctx, "fay", planning.ID, 0, sprint.TopicInput{}); return err },
		"remove unknown topic": func() error {
			_, err := e.svc.RemoveTopic(e.ctx, "fay", planning.ID, "nope", 0)
			return err
		},
		"remove topic with activities": func() error {
			_, err := e.svc.RemoveTopic(e.ctx, "fay", active.ID, atp.ID, 0)
			return err
		},
		"transition invalid": func() error { _, err := e.svc.Transition(e.ctx, "fay", planning.ID, 0, "nope"); return err },
		"transition not allowed": func() error {
			_, err := e.svc.Transition(e.ctx, "fay", planning.ID, 0, sprint.Closed)
			return err
		},
		"transition missing": func() error { _, err := e.svc.Transition(e.ctx, "fay", active.ID, 0, sprint.Closed); return err },
		"transition stale": func() error {
			_, err := e.svc.Transition(e.ctx, "fay", planning.ID, 99, sprint.Committed)
			return err
		},
		"transition cancelled": func() error {
			_, err := e.svc.Transition(e.ctx, "fay", cancelled.ID, 0, sprint.Committed)
			return err
		},
		"add goal frozen": func() error {
			_, err := e.svc.AddGoal(e.ctx, "fay", active.ID, atp.ID, 0, sprint.GoalInput{Statement: "x",
				Measure: okr.KeyResultInput{Kind: okr.Increase, Start: ptr(0.0), Target: ptr(1.0)}})
			return err
		},
		"add goal invalid": func() error {
			_, err := e.svc.AddGoal(e.ctx, "fay", planning.ID, tp.ID, 0, sprint.GoalInput{})
			return err
		},
		"remove unknown goal":   func() error { _, err := e.svc.RemoveGoal(e.ctx, "fay", planning.ID, "nope", 0); return err },
		"check in not active":   func() error { _, err := e.svc.CheckInGoal(e.ctx, "fay", planning.ID, goal.ID, checkIn); return err },
		"check in unknown goal": func() error { _, err := e.svc.CheckInGoal(e.ctx, "fay", active.ID, "nope", checkIn); return err },
		"check in invalid": func() error {
			_, err := e.svc.CheckInGoal(e.ctx, "fay", active.ID, goal.ID, okr.CheckInInput{})
			return err
		},
		"check-ins of unknown goal": func() error {
			_, err := e.svc.GoalCheckIns(e.ctx, "ana", active.ID, "nope", storage.PageRequest{})
			return err
		},
		"assess not in review": func() error {
			_, err := e.svc.AssessGoal(e.ctx, "fay", active.ID, atp.Goals[0].ID, 0, sprint.AssessInput{})
			return err
		},
		"add activity frozen": func() error {
			_, err := e.svc.AddActivity(e.ctx, "fay", cancelled.ID, sprint.ActivityInput{TopicID: "x", Kind: sprint.Classroom, Title: "x"})
			return err
		},
		"add activity invalid": func() error { _, err := e.svc.AddActivity(e.ctx, "fay", active.ID, sprint.ActivityInput{}); return err },
		"update activity stale": func() error {
			_, err := e.svc.UpdateActivity(e.ctx, "fay", act.ID, 99, sprint.ActivityChanges{Title: ptr("y")})
			return err
		},
		"update unknown activity": func() error {
			_, err := e.svc.UpdateActivity(e.ctx, "fay", "nope", 0, sprint.ActivityChanges{})
			return err
		},
		"enrol without actor":      func() error { _, err := e.svc.Enrol(e.ctx, "", act.ID); return err },
		"cancel without enrolment": func() error { _, err := e.svc.CancelEnrolment(e.ctx, "ana", act.ID); return err },
		"attendance of a stranger": func() error {
			_, err := e.svc.MarkAttendance(e.ctx, "fay", act.ID, sprint.AttendanceInput{Person: "zed", Status: sprint.EnrolmentAttended})
			return err
		},
		"rate unenrolled": func() error { _, err := e.svc.Rate(e.ctx, "zed", act.ID, sprint.RatingInput{Rating: 3}); return err },
		"rate invalid":    func() error { _, err := e.svc.Rate(e.ctx, "zed", act.ID, sprint.RatingInput{Rating: 9}); return err },
		"note invalid":    func() error { _, err := e.svc.AddNote(e.ctx, "fay", active.ID, sprint.NoteInput{}); return err },
		"vote unknown note": func() error {
			_, err := e.svc.Vote(e.ctx, "fay", active.ID, "nope")
			return err
		},
		"action invalid": func() error { _, err := e.svc.AddAction(e.ctx, "fay", active.ID, sprint.ActionInput{}); return err },
		"unknown action": func() error {
			_, err := e.svc.SetActionStatus(e.ctx, "fay", active.ID, "nope", sprint.ActionStatusInput{Status: sprint.ActionDone})
			return err
		},
		"unknown carried action": func() error {
			_, err := e.svc.ResolveCarried(e.ctx, "fay", active.ID, "nope", sprint.ResolveInput{Resolution: sprint.Resolution("done")})
			return err
		},
		"record invalid": func() error {
			_, err := e.svc.RecordRetrospective(e.ctx, "fay", active.ID, 0, sprint.RecordInput{})
			return err
		},
		"report of unknown sprint": func() error { _, err := e.svc.Report(e.ctx, "ana", "nope"); return err },
		"for another person":       func() error { _, err := e.svc.ForPerson(e.ctx, "ana", "ben"); return err },
		"for nobody":               func() error { _, err := e.svc.ForPerson(e.ctx, "", "ben"); return err },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			err := call()
			require.Error(t, err)
			assert.Equal(t, 1, prefixes(err.Error(), "sprint:"), "%v", err)
			assert.LessOrEqual(t, prefixes(err.Error(), "backlog:"), 1, "%v", err)
		})
	}
}

// prefixes counts the parts of msg, between ": ", that start with prefix.
// A plain strings.Count would also count words of a message, such as the
// "a sprint:" of ErrQuarterTaken's "sprint: the quarter already has a
// sprint: already exists".
func prefixes(msg, prefix string) int {
	n := strings.Count(msg, ": "+prefix)
	if strings.HasPrefix(msg, prefix) {
		n++
	}
	return n
}
