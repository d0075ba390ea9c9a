package sprint_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/backlog"
	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/sprint"
	"github.com/footprint-hq/footprint/storage"
	"github.com/footprint-hq/footprint/storage/memory"
)

// org runs the backlog and sprints of one company on one store.
type org struct {
	t       *testing.T
	ctx     context.Context
	now     time.Time
	backlog *backlog.Service
	sprints *sprint.Service
}

func newOrg(t *testing.T, store interface {
	backlog.Store
	sprint.Store
}) *org {
	o := &org{t: t, ctx: context.Background(), now: time.Date(2026, time.March, 16, 9, 0, 0, 0, time.UTC)}
	clock := func() time.Time { return o.now }
	r := roles{"fay": true}
	o.backlog = backlog.NewService(store, backlog.WithClock(clock), backlog.WithRoles(r))
	o.sprints = sprint.NewService(store, sprint.WithClock(clock), sprint.WithRoles(r))
	return o
}

func (o *org) item(author, title string, tags ...string) *backlog.Item {
	o.t.Helper()
	it, err := o.backlog.AddItem(o.ctx, author, backlog.ItemInput{Title: title, Tags: tags})
	require.NoError(o.t, err)
	return it
}

// meeting runs a prioritisation meeting for a quarter in which ana and ben
// estimate each item's impact, and returns it closed.
func (o *org) meeting(quarter string, impacts map[string]float64) *backlog.Meeting {
	o.t.Helper()
	two := 2
	m, err := o.backlog.OpenMeeting(o.ctx, "fay", backlog.MeetingInput{Quarter: quarter, Participants: []string{"ana", "ben"},
		Capacity: backlog.CapacityInput{MaxTopics: &two}})
	require.NoError(o.t, err)
	var est []backlog.Estimate
	for id, impact := range impacts {
		est = append(est, backlog.Estimate{ItemID: id, Impact: ptr(impact)})
	}
	for _, p := range []string{"ana", "ben"} {
		_, err = o.backlog.SubmitEstimates(o.ctx, p, m.ID, backlog.EstimatesInput{Estimates: est})
		require.NoError(o.t, err)
	}
	m, err = o.backlog.CloseMeeting(o.ctx, "fay", m.ID, 0)
	require.NoError(o.t, err)
	return m
}

func (o *org) move(sp *sprint.Sprint, to sprint.State) *sprint.Sprint {
	o.t.Helper()
	out, err := o.sprints.Transition(o.ctx, "fay", sp.ID, 0, to)
	require.NoError(o.t, err)
	return out
}

// runToReview gives each topic a milestone goal, runs one activity per
// topic with ana enrolled, and brings the sprint to review.
func (o *org) runToReview(sp *sprint.Sprint) *sprint.Sprint {
	o.t.Helper()
	var err error
	for _, tp := range sp.Topics {
		sp, err = o.sprints.AddGoal(o.ctx, "fay", sp.ID, tp.ID, 0, sprint.GoalInput{
			Statement: "A team ships with " + tp.Title, Measure: okr.KeyResultInput{Kind: okr.Milestone}})
		require.NoError(o.t, err)
		_, err = o.sprints.AddActivity(o.ctx, "fay", sp.ID, sprint.ActivityInput{TopicID: tp.ID, Kind: sprint.SelfStudy, Title: tp.Title + " videos"})
		require.NoError(o.t, err)
	}
	sp = o.move(sp, sprint.Committed)
	acts, err := o.sprints.Activities(o.ctx, "ana", sp.ID, "", storage.PageRequest{})
	require.NoError(o.t, err)
	for _, a := range acts.Items {
		_, err = o.sprints.Enrol(o.ctx, "ana", a.ID)
		require.NoError(o.t, err)
	}
	return o.move(o.move(sp, sprint.Active), sprint.Review)
}

func itemStatus(t *testing.T, o *org, id string) *backlog.Item {
	t.Helper()
	it, err := o.backlog.Item(o.ctx, "ana", id)
	require.NoError(t, err)
	return it
}

// TestTwoQuarters follows the whole cycle twice: backlog meeting → sprint →
// activities → retrospective → close → the next quarter shows the carried
// actions, and its meeting ranks the returned topic again.
func TestTwoQuarters(t *testing.T) {
	o := newOrg(t, memory.New())
	k8s := o.item("ana", "Kubernetes", "k8s")
	obs := o.item("ben", "Observability", "otel")
	ddd := o.item("cal", "Domain-driven design", "ddd")

	m1 := o.meeting("2026-Q2", map[string]float64{k8s.ID: 9, obs.ID: 7, ddd.ID: 4})
	require.Equal(t, []string{k8s.ID, obs.ID}, m1.Selected())

	q2, err := o.sprints.Plan(o.ctx, "fay", sprint.PlanInput{Year: 2026, Quarter: 2, MeetingID: m1.ID})
	require.NoError(t, err)
	require.Len(t, q2.Topics, 2, "the meeting's selected items become the topics")
	assert.Equal(t, "Kubernetes", q2.Topics[0].Title)
	assert.Equal(t, []string{"k8s"}, q2.Topics[0].Tags)
	assert.Equal(t, k8s.ID, q2.Topics[0].ItemID)

	q2 = o.runToReview(q2)
	k8sGoal, obsGoal := q2.Topics[0].Goals[0].ID, q2.Topics[1].Goals[0].ID
	_, err = o.sprints.CheckInGoal(o.ctx, "fay", q2.ID, k8sGoal, okr.CheckInInput{Value: ptr(1.0), Confidence: ptr(9)})
	require.NoError(t, err)
	_, err = o.sprints.AssessGoal(o.ctx, "fay", q2.ID, k8sGoal, 0, sprint.AssessInput{})
	require.NoError(t, err)
	_, err = o.sprints.AssessGoal(o.ctx, "fay", q2.ID, obsGoal, 0, sprint.AssessInput{})
	require.NoError(t, err)
	_, err = o.sprints.AddNote(o.ctx, "ana", q2.ID, sprint.NoteInput{Kind: sprint.ToImprove, Text: "Too little time for labs"})
	require.NoError(t, err)
	_, err = o.sprints.AddAction(o.ctx, "fay", q2.ID, sprint.ActionInput{Text: "Block two lab afternoons", Owner: "raj"})
	require.NoError(t, err)
	_, err = o.sprints.RecordRetrospective(o.ctx, "fay", q2.ID, 0, sprint.RecordInput{Summary: "Kubernetes landed; observability needs another go."})
	require.NoError(t, err)
	q2 = o.move(q2, sprint.Closed)

	assert.Equal(t, backlog.StatusDone, itemStatus(t, o, k8s.ID).Status, "an achieved topic is done")
	returned := itemStatus(t, o, obs.ID)
	assert.Equal(t, backlog.StatusOpen, returned.Status, "an unfinished topic returns to the backlog")
	assert.Equal(t, 1, returned.CarryOvers)
	assert.Equal(t, backlog.StatusOpen, itemStatus(t, o, ddd.ID).Status)

	o.now = time.Date(2026, time.June, 22, 9, 0, 0, 0, time.UTC)
	sec := o.item("ana", "Security basics", "security")
	m2 := o.meeting("2026-Q3", map[string]float64{obs.ID: 8, ddd.ID: 5, sec.ID: 6})
	require.NotNil(t, m2.Result)
	var ranked []string
	for _, e := range m2.Result.Entries {
		ranked = append(ranked, e.ItemID)
	}
	assert.Contains(t, ranked, obs.ID, "the returned topic is ranked again")
	assert.NotContains(t, ranked, k8s.ID, "a done topic is not")
	assert.Equal(t, []string{obs.ID, sec.ID}, m2.Selected())

	q3, err := o.sprints.Plan(o.ctx, "fay", sprint.PlanInput{Year: 2026, Quarter: 3, MeetingID: m2.ID})
	require.NoError(t, err)
	assert.Equal(t, q2.ID, q3.PreviousID)
	require.Len(t, q3.Carried, 1, "the open action is carried into the next quarter")
	assert.Equal(t, "Block two lab afternoons", q3.Carried[0].Text)
	assert.Equal(t, "Observability", q3.Topics[0].Title)
}

// failingStore fails every update of one backlog item, to check that
// closing a sprint is all or nothing.
type failingStore struct {
	*memory.Store
	failItem string
}

var errInjected = errors.New("injected store failure")

func (s *failingStore) UpdateItem(ctx context.Context, id string, version int64, fn func(*backlog.Item) error) (*backlog.Item, error) {
	if id == s.failItem {
		return nil, errInjected
	}
	return s.Store.UpdateItem(ctx, id, version, fn)
}

func TestCloseIsAllOrNothing(t *testing.T) {
	store := &failingStore{Store: memory.New()}
	o := newOrg(t, store)
	a := o.item("ana", "Kubernetes", "k8s")
	b := o.item("ben", "Observability", "otel")
	m := o.meeting("2026-Q2", map[string]float64{a.ID: 9, b.ID: 7})
	sp, err := o.sprints.Plan(o.ctx, "fay", sprint.PlanInput{Year: 2026, Quarter: 2, MeetingID: m.ID})
	require.NoError(t, err)
	sp = o.runToReview(sp)
	for _, tp := range sp.Topics {
		_, err = o.sprints.AssessGoal(o.ctx, "fay", sp.ID, tp.Goals[0].ID, 0, sprint.AssessInput{})
		require.NoError(t, err)
	}
	_, err = o.sprints.AddAction(o.ctx, "fay", sp.ID, sprint.ActionInput{Text: "Carry me", Owner: "raj"})
	require.NoError(t, err)
	sp, err = o.sprints.RecordRetrospective(o.ctx, "fay", sp.ID, 0, sprint.RecordInput{Summary: "ok"})
	require.NoError(t, err)
	next, err := o.sprints.Plan(o.ctx, "fay", sprint.PlanInput{Year: 2026, Quarter: 3})
	require.NoError(t, err)

	store.failItem = b.ID // the second topic's item fails, after the first changed
	_, err = o.sprints.Transition(o.ctx, "fay", sp.ID, 0, sprint.Closed)
	require.ErrorIs(t, err, errInjected)

	after, err := o.sprints.Sprint(o.ctx, "fay", sp.ID)
	require.NoError(t, err)
	assert.Equal(t, sp, after, "the sprint is unchanged")
	assert.Equal(t, backlog.StatusSelected, itemStatus(t, o, a.ID).Status, "the first item's change is rolled back")
	assert.Equal(t, 0, itemStatus(t, o, a.ID).CarryOvers)
	n, err := o.sprints.Sprint(o.ctx, "fay", next.ID)
	require.NoError(t, err)
	assert.Empty(t, n.Carried, "nothing is carried")

	store.failItem = ""
	closed, err := o.sprints.Transition(o.ctx, "fay", sp.ID, 0, sprint.Closed)
	require.NoError(t, err, "the same close succeeds once the store works")
	assert.Equal(t, sprint.Closed, closed.State)
	assert.Equal(t, 1, itemStatus(t, o, a.ID).CarryOvers)
}

func TestTopicsFromBacklog(t *testing.T) {
	o := newOrg(t, memory.New())
	a := o.item("ana", "Kubernetes", "k8s")
	b := o.item("ben", "Observability", "otel")
	c := o.item("cal", "Rust", "rust")
	m := o.meeting("2026-Q2", map[string]float64{a.ID: 9, b.ID: 7, c.ID: 2})

	_, err := o.sprints.Plan(o.ctx, "fay", sprint.PlanInput{Year: 2026, Quarter: 3, MeetingID: m.ID})
	requireFields(t, err, "meetingId")
	_, err = o.sprints.Plan(o.ctx, "fay", sprint.PlanInput{Year: 2026, Quarter: 2, MeetingID: m.ID, Capacity: 1})
	requireFields(t, err, "capacity")
	assert.Equal(t, backlog.StatusSelected, itemStatus(t, o, a.ID).Status, "a refused plan changes no item")

	sp, err := o.sprints.Plan(o.ctx, "fay", sprint.PlanInput{Year: 2026, Quarter: 2, MeetingID: m.ID})
	require.NoError(t, err)
	sp, err = o.sprints.AddTopic(o.ctx, "fay", sp.ID, 0, sprint.TopicInput{ItemID: c.ID})
	require.NoError(t, err)
	assert.Equal(t, backlog.StatusSelected, itemStatus(t, o, c.ID).Status, "an added item is selected for the sprint")
	_, err = o.sprints.AddTopic(o.ctx, "fay", sp.ID, 0, sprint.TopicInput{ItemID: a.ID})
	assert.ErrorIs(t, err, sprint.ErrOverCapacity)
	rust := sp.Topics[2]
	sp, err = o.sprints.RemoveTopic(o.ctx, "fay", sp.ID, rust.ID, 0)
	require.NoError(t, err)
	released := itemStatus(t, o, c.ID)
	assert.Equal(t, backlog.StatusOpen, released.Status, "a removed topic's item goes back to the backlog")
	assert.Equal(t, 0, released.CarryOvers, "without counting a carry-over")
	_, err = o.sprints.AddTopic(o.ctx, "fay", sp.ID, 0, sprint.TopicInput{ItemID: a.ID})
	requireFields(t, err, "itemId")

	_, err = o.sprints.Transition(o.ctx, "fay", sp.ID, 0, sprint.Cancelled)
	require.NoError(t, err)
	assert.Equal(t, backlog.StatusOpen, itemStatus(t, o, a.ID).Status, "cancelling returns the items")
	again, err := o.sprints.Plan(o.ctx, "fay", sprint.PlanInput{Year: 2026, Quarter: 2, MeetingID: m.ID})
	require.NoError(t, err, "the quarter can be planned again from the same meeting")
	assert.Len(t, again.Topics, 2)
	assert.Equal(t, backlog.StatusSelected, itemStatus(t, o, a.ID).Status)
}

func TestActionsAreCarriedOnce(t *testing.T) {
	e := newEnv(t)
	close := func(sp *sprint.Sprint, action string) *sprint.Sprint {
		sp, tp := e.topic(sp, "Topic "+action)
		sp = e.move(e.move(e.move(sp, sprint.Committed), sprint.Active), sprint.Review)
		_, err := e.svc.AddAction(e.ctx, "fay", sp.ID, sprint.ActionInput{Text: action, Owner: "raj"})
		require.NoError(t, err)
		_, err = e.svc.AssessGoal(e.ctx, "fay", sp.ID, tp.Goals[0].ID, 0, sprint.AssessInput{})
		require.NoError(t, err)
		_, err = e.svc.RecordRetrospective(e.ctx, "fay", sp.ID, 0, sprint.RecordInput{Summary: "ok"})
		require.NoError(t, err)
		return e.move(sp, sprint.Closed)
	}
	q1 := close(e.plan(2026, 1), "Book rooms early")
	q2 := e.plan(2026, 2)
	q3 := e.plan(2026, 3)
	assert.Len(t, q2.Carried, 1, "the next sprint carries the open action")
	assert.Empty(t, q3.Carried, "a later sprint does not carry it a second time")
	assert.Equal(t, q1.ID, q2.PreviousID)
	assert.Len(t, e.eventsOf(sprint.EventActionCarried), 1)

	e2 := newEnv(t)
	e = e2
	s0 := close(e.plan(2025, 4), "Record the talks")
	q1b := e.plan(2026, 1)
	require.Len(t, q1b.Carried, 1)
	q1b, _ = e.topic(q1b, "Running")
	e.move(e.move(q1b, sprint.Committed), sprint.Active)
	q2b := e.plan(2026, 2)
	assert.Empty(t, q2b.Carried, "the running sprint in between carries the action, not the next one")
	_ = s0
}

func TestItemChosenByAnotherMeetingOfTheQuarter(t *testing.T) {
	o := newOrg(t, memory.New())
	a := o.item("ana", "Kubernetes", "k8s")
	m := o.meeting("2026-Q2", map[string]float64{a.ID: 9})
	require.Equal(t, []string{a.ID}, m.Selected())
	sp, err := o.sprints.Plan(o.ctx, "fay", sprint.PlanInput{Year: 2026, Quarter: 2})
	require.NoError(t, err, "a sprint may be planned without its meeting")
	sp, err = o.sprints.AddTopic(o.ctx, "fay", sp.ID, 0, sprint.TopicInput{ItemID: a.ID})
	require.NoError(t, err, "an item the quarter's meeting chose can still become a topic")
	assert.Equal(t, a.ID, sp.Topics[0].ItemID)

	_, err = o.sprints.Plan(o.ctx, "fay", sprint.PlanInput{Year: 2026, Quarter: 3, MeetingID: "01J00000000000000000000000"})
	requireFields(t, err, "meetingId")
	q3, err := o.sprints.Plan(o.ctx, "fay", sprint.PlanInput{Year: 2026, Quarter: 3})
	require.NoError(t, err)
	_, err = o.sprints.AddTopic(o.ctx, "fay", q3.ID, 0, sprint.TopicInput{ItemID: a.ID})
	requireFields(t, err, "itemId")
	_, err = o.sprints.AddTopic(o.ctx, "fay", q3.ID, 0, sprint.TopicInput{ItemID: "01J00000000000000000000000"})
	requireFields(t, err, "itemId")
}

func TestClosingToleratesItemsReleasedMeanwhile(t *testing.T) {
	o := newOrg(t, memory.New())
	a := o.item("ana", "Kubernetes", "k8s")
	b := o.item("ben", "Observability", "otel")
	m := o.meeting("2026-Q2", map[string]float64{a.ID: 9, b.ID: 7})
	sp, err := o.sprints.Plan(o.ctx, "fay", sprint.PlanInput{Year: 2026, Quarter: 2, MeetingID: m.ID})
	require.NoError(t, err)
	sp = o.runToReview(sp)
	for _, tp := range sp.Topics {
		_, err = o.sprints.AssessGoal(o.ctx, "fay", sp.ID, tp.Goals[0].ID, 0, sprint.AssessInput{})
		require.NoError(t, err)
	}
	_, err = o.sprints.RecordRetrospective(o.ctx, "fay", sp.ID, 0, sprint.RecordInput{Summary: "ok"})
	require.NoError(t, err)
	_, err = o.backlog.ReleaseItem(o.ctx, "fay", b.ID, 0)
	require.NoError(t, err)
	closed, err := o.sprints.Transition(o.ctx, "fay", sp.ID, 0, sprint.Closed)
	require.NoError(t, err, "an item released by the backlog's facilitator does not block the close")
	assert.Equal(t, sprint.Closed, closed.State)
	released := itemStatus(t, o, b.ID)
	assert.Equal(t, backlog.StatusOpen, released.Status)
	assert.Equal(t, 0, released.CarryOvers, "it is left as the facilitator released it")
	assert.Equal(t, 1, itemStatus(t, o, a.ID).CarryOvers)
}
