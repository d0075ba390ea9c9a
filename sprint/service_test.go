package sprint_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/adapters/events"
	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/sprint"
	"github.com/footprint-hq/footprint/storage"
	"github.com/footprint-hq/footprint/storage/memory"
)

// roles makes fay (and anyone added) a facilitator.
type roles map[string]bool

func (r roles) IsFacilitator(_ context.Context, p string) (bool, error) { return r[p], nil }

type env struct {
	t     *testing.T
	ctx   context.Context
	store *memory.Store
	svc   *sprint.Service

	mu     sync.Mutex
	now    time.Time
	events []sprint.Event
	log    *events.Consumer // hands the store\'s event log to the observer
}

func newEnv(t *testing.T, opts ...sprint.Option) *env {
	e := &env{t: t, ctx: context.Background(), store: memory.New(), now: time.Date(2026, time.March, 20, 9, 0, 0, 0, time.UTC)}
	opts = append([]sprint.Option{
		sprint.WithClock(e.clock),
		sprint.WithRoles(roles{"fay": true}),
		sprint.WithObserver(func(_ context.Context, ev sprint.Event) {
			e.mu.Lock()
			defer e.mu.Unlock()
			e.events = append(e.events, ev)
		}),
	}, opts...)
	e.svc = sprint.NewService(e.store, opts...)
	e.log = &events.Consumer{Log: e.store, Name: "observer", Handle: e.svc.Deliver}
	return e
}

func (e *env) clock() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.now
}

func (e *env) eventsOf(typ sprint.EventType) []sprint.Event {
	e.drain()
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []sprint.Event
	for _, ev := range e.events {
		if ev.Type == typ {
			out = append(out, ev)
		}
	}
	return out
}

func ptr[T any](v T) *T { return &v }

func (e *env) plan(year, quarter int) *sprint.Sprint {
	e.t.Helper()
	sp, err := e.svc.Plan(e.ctx, "fay", sprint.PlanInput{Year: year, Quarter: quarter, Facilitators: []string{"raj"}})
	require.NoError(e.t, err)
	return sp
}

// topic adds a topic with one learning goal (0 → 10 people).
func (e *env) topic(sp *sprint.Sprint, title string, tags ...string) (*sprint.Sprint, sprint.Topic) {
	e.t.Helper()
	sp, err := e.svc.AddTopic(e.ctx, "fay", sp.ID, 0, sprint.TopicInput{Title: title, Tags: tags})
	require.NoError(e.t, err)
	tp := sp.Topics[len(sp.Topics)-1]
	sp, err = e.svc.AddGoal(e.ctx, "fay", sp.ID, tp.ID, 0, sprint.GoalInput{
		Statement: "Ten people deploy on their own",
		Measure:   okr.KeyResultInput{Kind: okr.Increase, Unit: "people", Start: ptr(0.0), Target: ptr(10.0)},
	})
	require.NoError(e.t, err)
	return sp, sp.Topics[len(sp.Topics)-1]
}

func (e *env) move(sp *sprint.Sprint, to sprint.State) *sprint.Sprint {
	e.t.Helper()
	out, err := e.svc.Transition(e.ctx, "fay", sp.ID, 0, to)
	require.NoError(e.t, err)
	return out
}

func (e *env) activity(sp *sprint.Sprint, topicID string, seats int) *sprint.Activity {
	e.t.Helper()
	start := time.Date(2026, time.April, 14, 14, 0, 0, 0, time.UTC)
	a, err := e.svc.AddActivity(e.ctx, "fay", sp.ID, sprint.ActivityInput{
		TopicID: topicID, Kind: sprint.Classroom, Title: "Kubernetes basics", Host: "Lee", External: true,
		Start: &start, Minutes: 90, Seats: seats, Link: "https://learn.example.org/k8s",
	})
	require.NoError(e.t, err)
	return a
}

func requireFields(t *testing.T, err error, fields ...string) {
	t.Helper()
	var verr *storage.ValidationError
	require.ErrorAs(t, err, &verr)
	for _, f := range fields {
		assert.True(t, verr.Has(f), "expected an error on %q, got %v", f, verr.Fields)
	}
}

func TestPlan(t *testing.T) {
	e := newEnv(t)
	sp := e.plan(2026, 2)
	assert.Equal(t, sprint.Planning, sp.State)
	assert.Equal(t, "2026 Q2", sp.Title)
	assert.Equal(t, []string{"fay", "raj"}, sp.Facilitators)
	assert.Equal(t, sprint.DefaultCapacity, sp.Capacity)
	assert.Equal(t, okr.Period{Start: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)}, sp.Period)

	_, err := e.svc.Plan(e.ctx, "fay", sprint.PlanInput{Year: 2026, Quarter: 2})
	assert.ErrorIs(t, err, sprint.ErrQuarterTaken)
	_, err = e.svc.Plan(e.ctx, "ana", sprint.PlanInput{Year: 2026, Quarter: 3})
	assert.ErrorIs(t, err, sprint.ErrNotFacilitator)
	_, err = e.svc.Plan(e.ctx, "fay", sprint.PlanInput{Year: 2026, Quarter: 5, Capacity: -1})
	requireFields(t, err, "quarter", "capacity")
	_, err = e.svc.Plan(e.ctx, "fay", sprint.PlanInput{Year: 2026, Quarter: 3, Period: &okr.Period{Start: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)}})
	requireFields(t, err, "period")
	list, err := e.svc.Sprints(e.ctx, "ana", sprint.SprintFilter{}, storage.PageRequest{})
	require.NoError(t, err)
	assert.Len(t, list.Items, 1, "refused plans store nothing")

	e.move(sp, sprint.Cancelled)
	again, err := e.svc.Plan(e.ctx, "fay", sprint.PlanInput{Year: 2026, Quarter: 2})
	require.NoError(t, err, "a cancelled sprint frees its quarter")
	assert.NotEqual(t, sp.ID, again.ID)

	fiscal := newEnv(t, sprint.WithFiscalYearStart(time.April))
	fy := fiscal.plan(2026, 4)
	assert.Equal(t, okr.Period{Start: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)}, fy.Period,
		"fiscal year 2026 starting in April ends with January–March 2027")
}

func TestQuarterPeriod(t *testing.T) {
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		start         time.Month
		year, quarter int
		want          okr.Period
	}{
		{time.January, 2026, 1, okr.Period{Start: d(2026, 1, 1), End: d(2026, 3, 31)}},
		{time.January, 2024, 1, okr.Period{Start: d(2024, 1, 1), End: d(2024, 3, 31)}},
		{time.January, 2026, 4, okr.Period{Start: d(2026, 10, 1), End: d(2026, 12, 31)}},
		{time.July, 2026, 1, okr.Period{Start: d(2026, 7, 1), End: d(2026, 9, 30)}},
		{time.July, 2026, 3, okr.Period{Start: d(2027, 1, 1), End: d(2027, 3, 31)}},
		{time.February, 2027, 1, okr.Period{Start: d(2027, 2, 1), End: d(2027, 4, 30)}},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, sprint.QuarterPeriod(tt.start, tt.year, tt.quarter), "%v %d Q%d", tt.start, tt.year, tt.quarter)
	}
}

// TestTransitions checks every pair of states: the allowed steps succeed,
// everything else returns a *TransitionError naming both states and
// changes nothing.
func TestTransitions(t *testing.T) {
	states := []sprint.State{sprint.Planning, sprint.Committed, sprint.Active, sprint.Review, sprint.Closed, sprint.Cancelled}
	allowed := map[[2]sprint.State]bool{
		{sprint.Planning, sprint.Committed}: true, {sprint.Committed, sprint.Active}: true,
		{sprint.Active, sprint.Review}: true, {sprint.Review, sprint.Closed}: true,
		{sprint.Planning, sprint.Cancelled}: true, {sprint.Committed, sprint.Cancelled}: true,
	}
	// reach brings a new sprint to a state along the lifecycle, meeting
	// every requirement on the way.
	reach := func(e *env, target sprint.State) *sprint.Sprint {
		sp := e.plan(2026, 2)
		sp, tp := e.topic(sp, "Kubernetes")
		path := []sprint.State{sprint.Committed, sprint.Active, sprint.Review, sprint.Closed}
		if target == sprint.Cancelled {
			return e.move(sp, sprint.Cancelled)
		}
		for _, st := range path {
			if sp.State == target {
				break
			}
			if st == sprint.Closed {
				_, err := e.svc.AssessGoal(e.ctx, "fay", sp.ID, tp.Goals[0].ID, 0, sprint.AssessInput{})
				require.NoError(t, err)
				_, err = e.svc.RecordRetrospective(e.ctx, "fay", sp.ID, 0, sprint.RecordInput{Summary: "ok"})
				require.NoError(t, err)
			}
			sp = e.move(sp, st)
		}
		require.Equal(t, target, sp.State)
		return sp
	}
	for _, from := range states {
		for _, to := range states {
			t.Run(fmt.Sprintf("%s to %s", from, to), func(t *testing.T) {
				e := newEnv(t)
				sp := reach(e, from)
				if to == sprint.Closed && from == sprint.Review {
					var err error
					_, err = e.svc.AssessGoal(e.ctx, "fay", sp.ID, sp.Topics[0].Goals[0].ID, 0, sprint.AssessInput{})
					require.NoError(t, err)
					sp, err = e.svc.RecordRetrospective(e.ctx, "fay", sp.ID, 0, sprint.RecordInput{Summary: "ok"})
					require.NoError(t, err)
				}
				if allowed[[2]sprint.State{from, to}] {
					_, err := e.svc.Transition(e.ctx, "ana", sp.ID, 0, to)
					assert.ErrorIs(t, err, sprint.ErrNotFacilitator, "only facilitators move a sprint")
					got, err := e.svc.Transition(e.ctx, "raj", sp.ID, sp.Version, to)
					require.NoError(t, err, "a facilitator named on the sprint moves it")
					assert.Equal(t, to, got.State)
					last := got.History[len(got.History)-1]
					assert.Equal(t, sprint.Transition{From: from, To: to, By: "raj", At: e.now}, last)
					return
				}
				_, err := e.svc.Transition(e.ctx, "fay", sp.ID, 0, to)
				var terr *sprint.TransitionError
				require.ErrorAs(t, err, &terr)
				assert.Equal(t, from, terr.From)
				assert.Equal(t, to, terr.To)
				assert.ErrorIs(t, err, storage.ErrInvalidState)
				assert.Contains(t, err.Error(), fmt.Sprintf("from %s to %s", from, to))
				after, err := e.svc.Sprint(e.ctx, "fay", sp.ID)
				require.NoError(t, err)
				assert.Equal(t, sp, after, "a refused transition changes nothing")
			})
		}
	}
}

func TestTransitionRequirements(t *testing.T) {
	e := newEnv(t)
	sp := e.plan(2026, 2)
	_, err := e.svc.Transition(e.ctx, "fay", sp.ID, 0, sprint.Committed)
	var terr *sprint.TransitionError
	require.ErrorAs(t, err, &terr)
	assert.Contains(t, terr.Reason, "no topic")

	sp, err = e.svc.AddTopic(e.ctx, "fay", sp.ID, 0, sprint.TopicInput{Title: "Observability", Tags: []string{"OTel"}})
	require.NoError(t, err)
	assert.Equal(t, []string{"otel"}, sp.Topics[0].Tags)
	_, err = e.svc.Transition(e.ctx, "fay", sp.ID, 0, sprint.Committed)
	require.ErrorAs(t, err, &terr)
	assert.Contains(t, terr.Reason, `topic "Observability" has no learning goal`)

	sp, tp := e.topic(sp, "Kubernetes")
	_, err = e.svc.AddGoal(e.ctx, "fay", sp.ID, sp.Topics[0].ID, 0, sprint.GoalInput{Statement: "Dashboards for every service", Measure: okr.KeyResultInput{Kind: okr.Milestone}})
	require.NoError(t, err)
	sp = e.move(sp, sprint.Committed)

	_, err = e.svc.AddTopic(e.ctx, "fay", sp.ID, 0, sprint.TopicInput{Title: "Late"})
	assert.ErrorIs(t, err, sprint.ErrScopeFrozen, "the scope is frozen once committed")
	_, err = e.svc.AddGoal(e.ctx, "fay", sp.ID, tp.ID, 0, sprint.GoalInput{Statement: "x", Measure: okr.KeyResultInput{Kind: okr.Milestone}})
	assert.ErrorIs(t, err, sprint.ErrScopeFrozen)
	_, err = e.svc.RemoveTopic(e.ctx, "fay", sp.ID, tp.ID, 0)
	assert.ErrorIs(t, err, sprint.ErrScopeFrozen)

	sp = e.move(sp, sprint.Active)
	sp = e.move(sp, sprint.Review)
	_, err = e.svc.Transition(e.ctx, "fay", sp.ID, 0, sprint.Closed)
	require.ErrorAs(t, err, &terr)
	assert.Contains(t, terr.Reason, "is not assessed")
	for _, tp := range sp.Topics {
		for _, g := range tp.Goals {
			_, err := e.svc.AssessGoal(e.ctx, "fay", sp.ID, g.ID, 0, sprint.AssessInput{})
			require.NoError(t, err)
		}
	}
	_, err = e.svc.Transition(e.ctx, "fay", sp.ID, 0, sprint.Closed)
	require.ErrorAs(t, err, &terr)
	assert.Contains(t, terr.Reason, "retrospective is not recorded")
	_, err = e.svc.RecordRetrospective(e.ctx, "fay", sp.ID, 0, sprint.RecordInput{Summary: "Good quarter"})
	require.NoError(t, err)
	closed := e.move(sp, sprint.Closed)
	assert.Equal(t, sprint.Closed, closed.State)
	changes := e.eventsOf(sprint.EventStateChanged)
	require.Len(t, changes, 4)
	assert.Equal(t, sprint.Review, changes[3].From)
	assert.Equal(t, sprint.Closed, changes[3].To)
}

func TestCapacity(t *testing.T) {
	e := newEnv(t)
	sp, err := e.svc.Plan(e.ctx, "fay", sprint.PlanInput{Year: 2026, Quarter: 2, Capacity: 2})
	require.NoError(t, err)
	sp, _ = e.topic(sp, "One")
	sp, _ = e.topic(sp, "Two")
	_, err = e.svc.AddTopic(e.ctx, "fay", sp.ID, 0, sprint.TopicInput{Title: "Three"})
	assert.ErrorIs(t, err, sprint.ErrOverCapacity)
	_, err = e.svc.AddTopic(e.ctx, "fay", sp.ID, 0, sprint.TopicInput{})
	requireFields(t, err, "itemId")
	_, err = e.svc.AddTopic(e.ctx, "ana", sp.ID, 0, sprint.TopicInput{Title: "x"})
	assert.ErrorIs(t, err, sprint.ErrNotFacilitator)
}

func TestLearningGoals(t *testing.T) {
	e := newEnv(t)
	sp := e.plan(2026, 2)
	sp, tp := e.topic(sp, "Kubernetes", "k8s")
	g := tp.Goals[0]
	assert.Equal(t, "Ten people deploy on their own", g.Measure.Title, "the measure is titled by the statement")
	assert.Equal(t, g.ID, g.Measure.ID)

	tests := []struct {
		name   string
		in     sprint.GoalInput
		fields []string
	}{
		{"no statement", sprint.GoalInput{Measure: okr.KeyResultInput{Kind: okr.Milestone}}, []string{"statement"}},
		{"target equals start", sprint.GoalInput{Statement: "x", Measure: okr.KeyResultInput{Kind: okr.Increase, Start: ptr(3.0), Target: ptr(3.0)}}, []string{"measure.target"}},
		{"unknown kind", sprint.GoalInput{Statement: "x", Measure: okr.KeyResultInput{Kind: "double"}}, []string{"measure.kind"}},
		{"decrease upwards", sprint.GoalInput{Statement: "x", Measure: okr.KeyResultInput{Kind: okr.Decrease, Start: ptr(3.0), Target: ptr(5.0)}}, []string{"measure.target"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.svc.AddGoal(e.ctx, "fay", sp.ID, tp.ID, 0, tt.in)
			requireFields(t, err, tt.fields...)
		})
	}
	_, err := e.svc.AddGoal(e.ctx, "fay", sp.ID, "nope", 0, sprint.GoalInput{Statement: "x", Measure: okr.KeyResultInput{Kind: okr.Milestone}})
	assert.ErrorIs(t, err, storage.ErrNotFound)
	after, err := e.svc.Sprint(e.ctx, "fay", sp.ID)
	require.NoError(t, err)
	assert.Equal(t, sp, after, "bad input changes nothing")

	_, err = e.svc.CheckInGoal(e.ctx, "fay", sp.ID, g.ID, okr.CheckInInput{Value: ptr(2.0), Confidence: ptr(5)})
	assert.ErrorIs(t, err, sprint.ErrNotEditable, "no check-ins while planning")
	sp = e.move(e.move(sp, sprint.Committed), sprint.Active)
	c1, err := e.svc.CheckInGoal(e.ctx, "fay", sp.ID, g.ID, okr.CheckInInput{Value: ptr(4.0), Confidence: ptr(6), Note: "first cohort"})
	require.NoError(t, err)
	assert.Equal(t, 1, c1.Seq)
	c2, err := e.svc.CheckInGoal(e.ctx, "raj", sp.ID, g.ID, okr.CheckInInput{Value: ptr(7.0), Confidence: ptr(8)})
	require.NoError(t, err)
	assert.Equal(t, 2, c2.Seq)
	_, err = e.svc.CheckInGoal(e.ctx, "ana", sp.ID, g.ID, okr.CheckInInput{Value: ptr(9.0), Confidence: ptr(8)})
	assert.ErrorIs(t, err, sprint.ErrNotFacilitator)
	_, err = e.svc.CheckInGoal(e.ctx, "fay", sp.ID, g.ID, okr.CheckInInput{Value: ptr(9.0), Confidence: ptr(11)})
	requireFields(t, err, "confidence")
	history, err := e.svc.GoalCheckIns(e.ctx, "ana", sp.ID, g.ID, storage.PageRequest{})
	require.NoError(t, err)
	assert.Len(t, history.Items, 2)
	sp, err = e.svc.Sprint(e.ctx, "ana", sp.ID)
	require.NoError(t, err)
	assert.InDelta(t, 0.7, sp.Topics[0].Goals[0].Score(), 1e-12, "scored like a key result")

	_, err = e.svc.AssessGoal(e.ctx, "fay", sp.ID, g.ID, 0, sprint.AssessInput{})
	assert.ErrorIs(t, err, sprint.ErrNotEditable, "assessment belongs to the review")
	sp = e.move(sp, sprint.Review)
	sp, err = e.svc.AssessGoal(e.ctx, "fay", sp.ID, g.ID, 0, sprint.AssessInput{})
	require.NoError(t, err)
	a := sp.Topics[0].Goals[0].Assessment
	require.NotNil(t, a)
	assert.Equal(t, sprint.PartiallyAchieved, a.Outcome, "0.7 suggests partially achieved")
	assert.Equal(t, sprint.PartiallyAchieved, a.Suggested)
	_, err = e.svc.AssessGoal(e.ctx, "fay", sp.ID, g.ID, 0, sprint.AssessInput{Outcome: sprint.Achieved})
	requireFields(t, err, "reason")
	sp, err = e.svc.AssessGoal(e.ctx, "fay", sp.ID, g.ID, 0, sprint.AssessInput{Outcome: sprint.Achieved, Reason: "the last three deploy next week"})
	require.NoError(t, err)
	assert.Equal(t, sprint.Achieved, sp.Topics[0].Goals[0].Assessment.Outcome)
	assert.Equal(t, sprint.PartiallyAchieved, sp.Topics[0].Goals[0].Assessment.Suggested)
	_, err = e.svc.AssessGoal(e.ctx, "fay", sp.ID, g.ID, 0, sprint.AssessInput{Outcome: "great"})
	requireFields(t, err, "outcome")
}

func TestSuggestOutcome(t *testing.T) {
	for score, want := range map[float64]sprint.Outcome{0: sprint.NotAchieved, 0.39: sprint.NotAchieved, 0.4: sprint.PartiallyAchieved, 0.99: sprint.PartiallyAchieved, 1: sprint.Achieved} {
		assert.Equal(t, want, sprint.SuggestOutcome(score), "%v", score)
	}
}

func TestActivitiesAndEnrolment(t *testing.T) {
	e := newEnv(t)
	sp := e.plan(2026, 2)
	sp, tp := e.topic(sp, "Kubernetes", "k8s")
	a := e.activity(sp, tp.ID, 2)
	assert.Equal(t, []string{"k8s"}, a.Tags, "an activity carries its topic's tags")
	assert.Equal(t, 2, a.SeatsLeft())

	tests := []struct {
		name   string
		in     sprint.ActivityInput
		fields []string
	}{
		{"unknown topic", sprint.ActivityInput{TopicID: "x", Kind: sprint.Keynote, Title: "t"}, []string{"topicId"}},
		{"unknown kind", sprint.ActivityInput{TopicID: tp.ID, Kind: "webinar", Title: "t"}, []string{"kind"}},
		{"no title", sprint.ActivityInput{TopicID: tp.ID, Kind: sprint.Keynote}, []string{"title"}},
		{"scheduled without duration", sprint.ActivityInput{TopicID: tp.ID, Kind: sprint.Keynote, Title: "t", Start: ptr(e.now)}, []string{"minutes"}},
		{"self-paced with duration", sprint.ActivityInput{TopicID: tp.ID, Kind: sprint.SelfStudy, Title: "t", Minutes: 30}, []string{"minutes"}},
		{"start beyond year 2999", sprint.ActivityInput{TopicID: tp.ID, Kind: sprint.Keynote, Title: "t", Start: ptr(time.Date(12000, 1, 1, 0, 0, 0, 0, time.UTC)), Minutes: 30}, []string{"start"}},
		{"negative seats", sprint.ActivityInput{TopicID: tp.ID, Kind: sprint.Keynote, Title: "t", Seats: -1}, []string{"seats"}},
		{"bad link", sprint.ActivityInput{TopicID: tp.ID, Kind: sprint.Keynote, Title: "t", Link: "not a url"}, []string{"link"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.svc.AddActivity(e.ctx, "fay", sp.ID, tt.in)
			requireFields(t, err, tt.fields...)
		})
	}
	_, err := e.svc.AddActivity(e.ctx, "ana", sp.ID, sprint.ActivityInput{TopicID: tp.ID, Kind: sprint.Keynote, Title: "t"})
	assert.ErrorIs(t, err, sprint.ErrNotFacilitator)
	list, err := e.svc.Activities(e.ctx, "ana", sp.ID, "", storage.PageRequest{})
	require.NoError(t, err)
	assert.Len(t, list.Items, 1, "refused activities store nothing")

	_, err = e.svc.Enrol(e.ctx, "ana", a.ID)
	assert.ErrorIs(t, err, sprint.ErrNotEditable, "no enrolment while planning")
	sp = e.move(sp, sprint.Committed)
	a, err = e.svc.Enrol(e.ctx, "ana", a.ID)
	require.NoError(t, err)
	assert.Equal(t, 1, a.SeatsLeft())
	_, err = e.svc.Enrol(e.ctx, "ana", a.ID)
	assert.ErrorIs(t, err, sprint.ErrAlreadyEnrolled)
	_, err = e.svc.Enrol(e.ctx, "ben", a.ID)
	require.NoError(t, err)
	_, err = e.svc.Enrol(e.ctx, "cal", a.ID)
	assert.ErrorIs(t, err, sprint.ErrNoSeats)
	a, err = e.svc.CancelEnrolment(e.ctx, "ben", a.ID)
	require.NoError(t, err)
	assert.Equal(t, 1, a.SeatsLeft())
	_, err = e.svc.CancelEnrolment(e.ctx, "ben", a.ID)
	assert.ErrorIs(t, err, sprint.ErrNotEnrolled)
	_, err = e.svc.Enrol(e.ctx, "cal", a.ID)
	require.NoError(t, err, "a cancelled seat is free again")
	assert.Len(t, e.eventsOf(sprint.EventEnrolled), 3)
	assert.Len(t, e.eventsOf(sprint.EventEnrolmentCancelled), 1)

	_, err = e.svc.UpdateActivity(e.ctx, "fay", a.ID, 0, sprint.ActivityChanges{Seats: ptr(1)})
	requireFields(t, err, "seats")
	a, err = e.svc.UpdateActivity(e.ctx, "fay", a.ID, 0, sprint.ActivityChanges{Seats: ptr(3), Title: ptr("Kubernetes in practice")})
	require.NoError(t, err)
	assert.Equal(t, 3, a.Seats)
	a, err = e.svc.UpdateActivity(e.ctx, "fay", a.ID, 0, sprint.ActivityChanges{SelfPaced: true})
	require.NoError(t, err)
	assert.True(t, a.SelfPaced())
	_, err = e.svc.UpdateActivity(e.ctx, "fay", a.ID, 1, sprint.ActivityChanges{Seats: ptr(4)})
	assert.ErrorIs(t, err, storage.ErrConflict)

	_, err = e.svc.MarkAttendance(e.ctx, "fay", a.ID, sprint.AttendanceInput{Person: "ana", Status: sprint.EnrolmentAttended})
	assert.ErrorIs(t, err, sprint.ErrNotEditable, "attendance is taken once the sprint runs")
	sp = e.move(sp, sprint.Active)
	a, err = e.svc.MarkAttendance(e.ctx, "fay", a.ID, sprint.AttendanceInput{Person: "ana", Status: sprint.EnrolmentAttended})
	require.NoError(t, err)
	_, err = e.svc.MarkAttendance(e.ctx, "fay", a.ID, sprint.AttendanceInput{Person: "ben", Status: sprint.EnrolmentAttended})
	assert.ErrorIs(t, err, sprint.ErrNotEnrolled)
	_, err = e.svc.MarkAttendance(e.ctx, "ana", a.ID, sprint.AttendanceInput{Person: "ana", Status: sprint.EnrolmentCompleted})
	assert.ErrorIs(t, err, sprint.ErrNotFacilitator)

	_, err = e.svc.Rate(e.ctx, "ana", a.ID, sprint.RatingInput{Rating: 6})
	requireFields(t, err, "rating")
	_, err = e.svc.Rate(e.ctx, "ben", a.ID, sprint.RatingInput{Rating: 5})
	assert.ErrorIs(t, err, sprint.ErrNotEnrolled, "only participants rate")
	a, err = e.svc.Rate(e.ctx, "ana", a.ID, sprint.RatingInput{Rating: 4, Comment: " clear "})
	require.NoError(t, err)
	_, err = e.svc.Rate(e.ctx, "cal", a.ID, sprint.RatingInput{Rating: 2})
	require.NoError(t, err)

	r, err := e.svc.Report(e.ctx, "ben", sp.ID)
	require.NoError(t, err)
	require.Len(t, r.Topics, 1)
	require.Len(t, r.Topics[0].Activities, 1)
	ar := r.Topics[0].Activities[0]
	assert.Equal(t, 2, ar.Enrolled)
	assert.Equal(t, 1, ar.Attended)
	assert.Equal(t, 2, ar.Ratings)
	assert.InDelta(t, 3.0, ar.AverageRating, 1e-12)
}

func TestLastSeatRace(t *testing.T) {
	e := newEnv(t)
	sp := e.plan(2026, 2)
	sp, tp := e.topic(sp, "Kubernetes")
	a := e.activity(sp, tp.ID, 1)
	e.move(sp, sprint.Committed)
	const racers = 16
	var wg sync.WaitGroup
	errs := make(chan error, racers)
	for i := range racers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := e.svc.Enrol(e.ctx, fmt.Sprintf("p%02d", i), a.ID)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	won := 0
	for err := range errs {
		if err == nil {
			won++
		} else {
			require.ErrorIs(t, err, sprint.ErrNoSeats)
		}
	}
	assert.Equal(t, 1, won)
	got, err := e.svc.Activity(e.ctx, "fay", a.ID)
	require.NoError(t, err)
	assert.Equal(t, 1, got.Enrolled())
}

func TestRetrospectiveAndCarriedActions(t *testing.T) {
	e := newEnv(t)
	q1 := e.plan(2026, 1)
	q1, tp := e.topic(q1, "Kubernetes")
	a := e.activity(q1, tp.ID, 0)
	q1 = e.move(e.move(q1, sprint.Committed), sprint.Active)
	_, err := e.svc.Enrol(e.ctx, "ana", a.ID)
	require.NoError(t, err)

	_, err = e.svc.AddNote(e.ctx, "zoe", q1.ID, sprint.NoteInput{Kind: sprint.WentWell, Text: "x"})
	assert.ErrorIs(t, err, sprint.ErrNotParticipant, "only participants write notes")
	q1, err = e.svc.AddNote(e.ctx, "ana", q1.ID, sprint.NoteInput{Kind: sprint.WentWell, Text: "Hands-on labs"})
	require.NoError(t, err)
	q1, err = e.svc.AddNote(e.ctx, "fay", q1.ID, sprint.NoteInput{Kind: sprint.ToImprove, Text: "Sessions clashed with releases"})
	require.NoError(t, err)
	q1, err = e.svc.AddNote(e.ctx, "fay", q1.ID, sprint.NoteInput{Kind: sprint.WentWell, Text: "Great speaker"})
	require.NoError(t, err)
	_, err = e.svc.AddNote(e.ctx, "fay", q1.ID, sprint.NoteInput{Kind: "meh", Text: "x"})
	requireFields(t, err, "kind")
	labs := q1.Retrospective.Notes[0].ID
	speaker := q1.Retrospective.Notes[2].ID
	_, err = e.svc.Vote(e.ctx, "fay", q1.ID, speaker)
	require.NoError(t, err)
	_, err = e.svc.Vote(e.ctx, "ana", q1.ID, speaker)
	require.NoError(t, err)
	_, err = e.svc.Vote(e.ctx, "ana", q1.ID, speaker)
	assert.ErrorIs(t, err, sprint.ErrAlreadyVoted)
	_, err = e.svc.Vote(e.ctx, "zoe", q1.ID, labs)
	assert.ErrorIs(t, err, sprint.ErrNotParticipant)

	q1 = e.move(q1, sprint.Review)
	_, err = e.svc.AddAction(e.ctx, "ana", q1.ID, sprint.ActionInput{Text: "x", Owner: "ana"})
	assert.ErrorIs(t, err, sprint.ErrNotFacilitator)
	q1, err = e.svc.AddAction(e.ctx, "fay", q1.ID, sprint.ActionInput{Text: "Avoid release weeks", Owner: "raj"})
	require.NoError(t, err)
	q1, err = e.svc.AddAction(e.ctx, "fay", q1.ID, sprint.ActionInput{Text: "Record every session", Owner: "ana"})
	require.NoError(t, err)
	q1, err = e.svc.AddAction(e.ctx, "fay", q1.ID, sprint.ActionInput{Text: "Buy a better mic", Owner: "ana"})
	require.NoError(t, err)
	avoid, record, mic := q1.Retrospective.Actions[0].ID, q1.Retrospective.Actions[1].ID, q1.Retrospective.Actions[2].ID
	_, err = e.svc.SetActionStatus(e.ctx, "raj", q1.ID, mic, sprint.ActionStatusInput{Status: sprint.ActionDone})
	require.NoError(t, err, "raj facilitates")
	_, err = e.svc.SetActionStatus(e.ctx, "ben", q1.ID, record, sprint.ActionStatusInput{Status: sprint.ActionDropped})
	assert.ErrorIs(t, err, sprint.ErrNotActionOwner)

	_, err = e.svc.AssessGoal(e.ctx, "fay", q1.ID, tp.Goals[0].ID, 0, sprint.AssessInput{})
	require.NoError(t, err)
	_, err = e.svc.RecordRetrospective(e.ctx, "fay", q1.ID, 0, sprint.RecordInput{Summary: "Labs worked; timing did not."})
	require.NoError(t, err)

	r, err := e.svc.Report(e.ctx, "zoe", q1.ID)
	require.NoError(t, err)
	require.Len(t, r.Retro.WentWell, 2)
	assert.Equal(t, "Great speaker", r.Retro.WentWell[0].Text, "notes with more votes come first")
	assert.Equal(t, "Labs worked; timing did not.", r.Retro.Summary)

	e.move(q1, sprint.Closed)
	q2 := e.plan(2026, 2)
	assert.Equal(t, q1.ID, q2.PreviousID)
	require.Len(t, q2.Carried, 2, "the open actions are carried into the next quarter")
	assert.Equal(t, avoid, q2.Carried[0].ID)
	assert.Equal(t, record, q2.Carried[1].ID)
	assert.Equal(t, 1, q2.Carried[0].Carries)
	assert.Len(t, e.eventsOf(sprint.EventActionCarried), 2)

	_, err = e.svc.ResolveCarried(e.ctx, "ben", q2.ID, avoid, sprint.ResolveInput{Resolution: sprint.ResolvedDone})
	assert.ErrorIs(t, err, sprint.ErrNotActionOwner)
	q2, err = e.svc.ResolveCarried(e.ctx, "raj", q2.ID, avoid, sprint.ResolveInput{Resolution: sprint.ResolvedDone})
	require.NoError(t, err)
	_, err = e.svc.ResolveCarried(e.ctx, "ana", q2.ID, record, sprint.ResolveInput{Resolution: "forgotten"})
	requireFields(t, err, "resolution")

	q2, tp2 := e.topic(q2, "Observability")
	q2 = e.move(e.move(e.move(q2, sprint.Committed), sprint.Active), sprint.Review)
	_, err = e.svc.AssessGoal(e.ctx, "fay", q2.ID, tp2.Goals[0].ID, 0, sprint.AssessInput{})
	require.NoError(t, err)
	_, err = e.svc.RecordRetrospective(e.ctx, "fay", q2.ID, 0, sprint.RecordInput{Summary: "ok"})
	require.NoError(t, err)
	q2 = e.move(q2, sprint.Closed)
	assert.Equal(t, sprint.CarriedAgain, q2.Carried[1].Resolution, "unresolved actions are carried again at close")
	q3 := e.plan(2026, 3)
	require.Len(t, q3.Carried, 1, "resolved actions are not carried again")
	assert.Equal(t, record, q3.Carried[0].ID)
	assert.Equal(t, 2, q3.Carried[0].Carries)
	assert.Equal(t, q1.ID, q3.Carried[0].Origin)
}

func TestCarryIntoAnAlreadyPlannedSprint(t *testing.T) {
	e := newEnv(t)
	q1 := e.plan(2026, 1)
	q1, tp := e.topic(q1, "Kubernetes")
	q1 = e.move(e.move(e.move(q1, sprint.Committed), sprint.Active), sprint.Review)
	q2 := e.plan(2026, 2)
	assert.Empty(t, q2.Carried)
	_, err := e.svc.AddAction(e.ctx, "fay", q1.ID, sprint.ActionInput{Text: "Pair juniors with seniors", Owner: "raj"})
	require.NoError(t, err)
	_, err = e.svc.AssessGoal(e.ctx, "fay", q1.ID, tp.Goals[0].ID, 0, sprint.AssessInput{})
	require.NoError(t, err)
	_, err = e.svc.RecordRetrospective(e.ctx, "fay", q1.ID, 0, sprint.RecordInput{Summary: "ok"})
	require.NoError(t, err)
	e.move(q1, sprint.Closed)
	q2, err = e.svc.Sprint(e.ctx, "fay", q2.ID)
	require.NoError(t, err)
	require.Len(t, q2.Carried, 1, "closing carries open actions into the sprint already planned")
	assert.Equal(t, "Pair juniors with seniors", q2.Carried[0].Text)
	assert.Equal(t, q1.ID, q2.PreviousID)
	carried := e.eventsOf(sprint.EventActionCarried)
	require.Len(t, carried, 1)
	assert.Equal(t, q2.ID, carried[0].Target)
}

func TestForPerson(t *testing.T) {
	interests := interestsFunc(func(_ context.Context, p string) ([]string, error) {
		return map[string][]string{"ana": {"k8s", "go"}}[p], nil
	})
	e := newEnv(t, sprint.WithInterests(interests))
	v, err := e.svc.ForPerson(e.ctx, "ana", "ana")
	require.NoError(t, err)
	assert.Nil(t, v.Sprint, "no sprint yet")
	sp := e.plan(2026, 2)
	sp, k8s := e.topic(sp, "Kubernetes", "k8s")
	sp, sec := e.topic(sp, "Security", "security")
	a1 := e.activity(sp, k8s.ID, 0)
	a2 := e.activity(sp, sec.ID, 0)
	e.move(sp, sprint.Committed)
	_, err = e.svc.Enrol(e.ctx, "ana", a2.ID)
	require.NoError(t, err)
	v, err = e.svc.ForPerson(e.ctx, "ana", "ana")
	require.NoError(t, err)
	require.NotNil(t, v.Sprint)
	assert.Equal(t, sp.ID, v.Sprint.ID)
	require.Len(t, v.Matching, 1)
	assert.Equal(t, a1.ID, v.Matching[0].ID)
	require.Len(t, v.Enrolled, 1)
	assert.Equal(t, a2.ID, v.Enrolled[0].ID)
	_, err = e.svc.ForPerson(e.ctx, "ben", "ana")
	assert.ErrorIs(t, err, storage.ErrForbidden)
}

type interestsFunc func(ctx context.Context, person string) ([]string, error)

func (f interestsFunc) ActiveTags(ctx context.Context, person string) ([]string, error) {
	return f(ctx, person)
}

func TestObserverPanicDoesNotFailTheChange(t *testing.T) {
	e := newEnv(t, sprint.WithObserver(func(context.Context, sprint.Event) { panic("broken observer") }))
	sp := e.plan(2026, 2)
	sp, _ = e.topic(sp, "Kubernetes")
	got, err := e.svc.Transition(e.ctx, "fay", sp.ID, 0, sprint.Committed)
	require.NoError(t, err)
	assert.Equal(t, sprint.Committed, got.State)
	e.drain() // the observer panics; the consumer goes on
}

func TestErrorsWrapCategories(t *testing.T) {
	for err, category := range map[error]error{
		sprint.ErrNotFacilitator: storage.ErrForbidden, sprint.ErrNotParticipant: storage.ErrForbidden,
		sprint.ErrNotActionOwner: storage.ErrForbidden, sprint.ErrTransition: storage.ErrInvalidState,
		sprint.ErrScopeFrozen: storage.ErrInvalidState, sprint.ErrOverCapacity: storage.ErrInvalidState,
		sprint.ErrQuarterTaken: storage.ErrAlreadyExists, sprint.ErrNotEditable: storage.ErrInvalidState,
		sprint.ErrNoSeats: storage.ErrInvalidState, sprint.ErrAlreadyEnrolled: storage.ErrAlreadyExists,
		sprint.ErrNotEnrolled: storage.ErrInvalidState, sprint.ErrAlreadyVoted: storage.ErrAlreadyExists,
	} {
		assert.True(t, errors.Is(err, category), "%v", err)
	}
}

func TestActivityRules(t *testing.T) {
	e := newEnv(t)
	sp := e.plan(2026, 2)
	sp, tp := e.topic(sp, "Kubernetes")
	a := e.activity(sp, tp.ID, 5)
	_, err := e.svc.RemoveTopic(e.ctx, "fay", sp.ID, tp.ID, 0)
	assert.ErrorIs(t, err, sprint.ErrNotEditable, "a topic with activities stays")
	_, err = e.svc.UpdateActivity(e.ctx, "fay", a.ID, 0, sprint.ActivityChanges{Link: ptr("https://")})
	requireFields(t, err, "link")
	_, err = e.svc.UpdateActivity(e.ctx, "fay", a.ID, 0, sprint.ActivityChanges{Link: ptr("javascript:alert(1)")})
	requireFields(t, err, "link")
	got, err := e.svc.UpdateActivity(e.ctx, "fay", a.ID, 0, sprint.ActivityChanges{Link: ptr("")})
	require.NoError(t, err, "an empty link removes it")
	assert.Empty(t, got.Link)
	assert.Panics(t, func() { sprint.WithFiscalYearStart(13) })
}

func TestForPersonIsPrivateAndFollowsTheSprint(t *testing.T) {
	e := newEnv(t)
	_, err := e.svc.ForPerson(e.ctx, "ben", "ana")
	assert.ErrorIs(t, err, sprint.ErrNotYours)
	sp := e.plan(2026, 2)
	sp, _ = e.topic(sp, "Kubernetes")
	sp = e.move(e.move(e.move(sp, sprint.Committed), sprint.Active), sprint.Review)
	v, err := e.svc.ForPerson(e.ctx, "ana", "ana")
	require.NoError(t, err)
	require.NotNil(t, v.Sprint, "a sprint in review is still the current one")
	assert.Equal(t, sp.ID, v.Sprint.ID)
}

func TestEnrolmentsArePrivate(t *testing.T) {
	e := newEnv(t)
	sp := e.plan(2026, 2)
	sp, tp := e.topic(sp, "Kubernetes")
	a := e.activity(sp, tp.ID, 5)
	e.move(e.move(sp, sprint.Committed), sprint.Active)
	for _, p := range []string{"ana", "ben", "cal"} {
		_, err := e.svc.Enrol(e.ctx, p, a.ID)
		require.NoError(t, err)
	}
	_, err := e.svc.MarkAttendance(e.ctx, "fay", a.ID, sprint.AttendanceInput{Person: "ben", Status: sprint.EnrolmentAttended})
	require.NoError(t, err)
	_, err = e.svc.Rate(e.ctx, "ben", a.ID, sprint.RatingInput{Rating: 2, Comment: "too fast"})
	require.NoError(t, err)

	mine, err := e.svc.Activity(e.ctx, "ana", a.ID)
	require.NoError(t, err)
	require.Len(t, mine.Enrolments, 1, "a participant sees their own enrolment only")
	assert.Equal(t, "ana", mine.Enrolments[0].Person)
	assert.Equal(t, 3, mine.Taken)
	assert.Equal(t, 2, mine.SeatsLeft())
	outsider, err := e.svc.Activities(e.ctx, "zoe", sp.ID, "", storage.PageRequest{})
	require.NoError(t, err)
	require.Len(t, outsider.Items, 1)
	assert.Empty(t, outsider.Items[0].Enrolments, "nobody else's rating or attendance shows")
	assert.Equal(t, 3, outsider.Items[0].Taken)
	full, err := e.svc.Activity(e.ctx, "raj", a.ID)
	require.NoError(t, err)
	assert.Len(t, full.Enrolments, 3, "the sprint's facilitators see everyone")
	enrolled, err := e.svc.Enrol(e.ctx, "dan", a.ID)
	require.NoError(t, err)
	require.Len(t, enrolled.Enrolments, 1)
	assert.Equal(t, 4, enrolled.Taken)
}

// drain hands every event the store has logged since the last drain to the
// observer, as a consumer of the log does.
func (e *env) drain() {
	e.t.Helper()
	_, err := e.log.Drain(e.ctx)
	require.NoError(e.t, err)
}

// countingStore counts the calls a Service makes to the store methods
// that read or write an activity's enrolments.
type countingStore struct {
	*memory.Store
	mu                                 sync.Mutex
	listed, updatedActivity, enrolment int
}

func (c *countingStore) count(n *int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	*n++
}

func (c *countingStore) Enrolments(ctx context.Context, f sprint.EnrolmentFilter, p storage.PageRequest) (storage.Page[sprint.ActivityEnrolment], error) {
	c.count(&c.listed)
	return c.Store.Enrolments(ctx, f, p)
}

func (c *countingStore) UpdateActivity(ctx context.Context, id string, v int64, fn func(*sprint.Activity) error) (*sprint.Activity, error) {
	c.count(&c.updatedActivity)
	return c.Store.UpdateActivity(ctx, id, v, fn)
}

func (c *countingStore) UpdateEnrolment(ctx context.Context, id, person string, fn func(*sprint.Activity, *sprint.Enrolment) error) (*sprint.Activity, *sprint.Enrolment, error) {
	c.count(&c.enrolment)
	return c.Store.UpdateEnrolment(ctx, id, person, fn)
}

// A participant's enrolment, cancellation and rating change their own
// enrolment and nobody else's: one UpdateEnrolment each, no read of the
// activity's other enrolments, and the answer holds their own only. A
// facilitator's answer lists everyone.
func TestEnrolmentChangesTouchOneEnrolment(t *testing.T) {
	e := newEnv(t)
	store := &countingStore{Store: e.store}
	e.svc = sprint.NewService(store, sprint.WithClock(e.clock), sprint.WithRoles(roles{"fay": true}))
	sp := e.plan(2026, 2)
	sp, tp := e.topic(sp, "Kubernetes")
	a := e.activity(sp, tp.ID, 0)
	e.move(e.move(sp, sprint.Committed), sprint.Active)
	for i := range 30 {
		_, err := e.svc.Enrol(e.ctx, fmt.Sprintf("p%02d", i), a.ID)
		require.NoError(t, err)
	}
	for _, tc := range []struct {
		name   string
		change func() (*sprint.Activity, error)
	}{
		{"enrol", func() (*sprint.Activity, error) { return e.svc.Enrol(e.ctx, "ana", a.ID) }},
		{"rate", func() (*sprint.Activity, error) { return e.svc.Rate(e.ctx, "ana", a.ID, sprint.RatingInput{Rating: 4}) }},
		{"cancel", func() (*sprint.Activity, error) { return e.svc.CancelEnrolment(e.ctx, "ana", a.ID) }},
	} {
		name := tc.name
		store.listed, store.updatedActivity, store.enrolment = 0, 0, 0
		got, err := tc.change()
		require.NoError(t, err, name)
		assert.Equal(t, 1, store.enrolment, "%s changes one enrolment", name)
		assert.Zero(t, store.updatedActivity, "%s does not rewrite the activity's enrolments", name)
		assert.Zero(t, store.listed, "%s reads no other enrolment", name)
		require.Len(t, got.Enrolments, 1, name)
		assert.Equal(t, "ana", got.Enrolments[0].Person, name)
	}
	store.listed = 0
	got, err := e.svc.MarkAttendance(e.ctx, "fay", a.ID, sprint.AttendanceInput{Person: "p07", Status: sprint.EnrolmentAttended})
	require.NoError(t, err)
	assert.Len(t, got.Enrolments, 31, "a facilitator sees everyone's enrolments")
	assert.Equal(t, 30, got.Taken)
	assert.Equal(t, 1, store.listed)
}
