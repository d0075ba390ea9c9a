package sprint_test

import (
	"context"
	"fmt"
	"time"

	"github.com/footprint-hq/footprint/backlog"
	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/sprint"
	"github.com/footprint-hq/footprint/storage/memory"
)

// facilitators is the host's answer to "who runs learning sprints".
type facilitators map[string]bool

func (f facilitators) IsFacilitator(_ context.Context, person string) (bool, error) {
	return f[person], nil
}

// A retrospective's open action is carried into the next quarter's sprint,
// where it is resolved.
func Example_carryAnAction() {
	ctx := context.Background()
	clock := func() time.Time { return time.Date(2026, time.March, 30, 9, 0, 0, 0, time.UTC) }
	svc := sprint.NewService(memory.New(), sprint.WithClock(clock), sprint.WithRoles(facilitators{"fay": true}))

	q1, _ := svc.Plan(ctx, "fay", sprint.PlanInput{Year: 2026, Quarter: 1})
	q1, _ = svc.AddTopic(ctx, "fay", q1.ID, 0, sprint.TopicInput{Title: "Kubernetes", Tags: []string{"k8s"}})
	q1, _ = svc.AddGoal(ctx, "fay", q1.ID, q1.Topics[0].ID, 0, sprint.GoalInput{
		Statement: "Every team deploys on its own",
		Measure:   okr.KeyResultInput{Kind: okr.Milestone},
	})
	for _, to := range []sprint.State{sprint.Committed, sprint.Active, sprint.Review} {
		q1, _ = svc.Transition(ctx, "fay", q1.ID, 0, to)
	}
	q1, _ = svc.AssessGoal(ctx, "fay", q1.ID, q1.Topics[0].Goals[0].ID, 0, sprint.AssessInput{})
	q1, _ = svc.AddAction(ctx, "fay", q1.ID, sprint.ActionInput{Text: "Keep release weeks free of training", Owner: "raj"})
	q1, _ = svc.RecordRetrospective(ctx, "fay", q1.ID, 0, sprint.RecordInput{Summary: "Good labs, bad timing"})
	q1, err := svc.Transition(ctx, "fay", q1.ID, 0, sprint.Closed)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(q1.Title, q1.State, q1.Topics[0].Goals[0].Assessment.Outcome)

	q2, _ := svc.Plan(ctx, "fay", sprint.PlanInput{Year: 2026, Quarter: 2})
	for _, c := range q2.Carried {
		fmt.Printf("%s carries %q (owner %s)\n", q2.Title, c.Text, c.Owner)
	}
	q2, _ = svc.ResolveCarried(ctx, "raj", q2.ID, q2.Carried[0].ID, sprint.ResolveInput{Resolution: sprint.ResolvedDone})
	fmt.Println("resolved:", q2.Carried[0].Resolution)
	// Output:
	// 2026 Q1 closed not_achieved
	// 2026 Q2 carries "Keep release weeks free of training" (owner raj)
	// resolved: done
}

// Run a quarter: the backlog's prioritisation meeting selects the topics,
// the sprint gives them learning goals and activities, and closing it
// settles the topics in the backlog.
func Example_runAQuarter() {
	ctx := context.Background()
	clock := func() time.Time { return time.Date(2026, time.March, 23, 9, 0, 0, 0, time.UTC) }
	store := memory.New() // one store for the backlog and the sprints
	roles := facilitators{"fay": true}
	items := backlog.NewService(store, backlog.WithClock(clock), backlog.WithRoles(roles))
	sprints := sprint.NewService(store, sprint.WithClock(clock), sprint.WithRoles(roles))

	k8s, _ := items.AddItem(ctx, "ana", backlog.ItemInput{Title: "Kubernetes", Tags: []string{"k8s"}})
	obs, _ := items.AddItem(ctx, "ben", backlog.ItemInput{Title: "Observability", Tags: []string{"otel"}})
	one := 1
	m, _ := items.OpenMeeting(ctx, "fay", backlog.MeetingInput{Quarter: "2026-Q2", Participants: []string{"ana"},
		Capacity: backlog.CapacityInput{MaxTopics: &one}})
	nine, six := 9.0, 6.0
	_, _ = items.SubmitEstimates(ctx, "ana", m.ID, backlog.EstimatesInput{Estimates: []backlog.Estimate{
		{ItemID: k8s.ID, Impact: &nine}, {ItemID: obs.ID, Impact: &six}}})
	m, _ = items.CloseMeeting(ctx, "fay", m.ID, 0)

	sp, _ := sprints.Plan(ctx, "fay", sprint.PlanInput{Year: 2026, Quarter: 2, MeetingID: m.ID})
	topic := sp.Topics[0]
	fmt.Println("topic:", topic.Title)
	start, target := 0.0, 5.0
	sp, _ = sprints.AddGoal(ctx, "fay", sp.ID, topic.ID, 0, sprint.GoalInput{
		Statement: "Five teams deploy without help",
		Measure:   okr.KeyResultInput{Kind: okr.Increase, Unit: "teams", Start: &start, Target: &target},
	})
	meetup := time.Date(2026, time.April, 16, 15, 0, 0, 0, time.UTC)
	talk, _ := sprints.AddActivity(ctx, "fay", sp.ID, sprint.ActivityInput{
		TopicID: topic.ID, Kind: sprint.Keynote, Title: "Brainfood: running Kubernetes at scale",
		Host: "An invited speaker", External: true, Seats: 40,
		Start: &meetup, Minutes: 60,
	})
	sp, _ = sprints.Transition(ctx, "fay", sp.ID, 0, sprint.Committed)
	talk, _ = sprints.Enrol(ctx, "ana", talk.ID)
	fmt.Println("seats left:", talk.SeatsLeft())

	sp, _ = sprints.Transition(ctx, "fay", sp.ID, 0, sprint.Active)
	five, conf := 5.0, 8
	_, _ = sprints.CheckInGoal(ctx, "fay", sp.ID, sp.Topics[0].Goals[0].ID, okr.CheckInInput{Value: &five, Confidence: &conf})
	sp, _ = sprints.Transition(ctx, "fay", sp.ID, 0, sprint.Review)
	sp, _ = sprints.AssessGoal(ctx, "fay", sp.ID, sp.Topics[0].Goals[0].ID, 0, sprint.AssessInput{})
	sp, _ = sprints.RecordRetrospective(ctx, "fay", sp.ID, 0, sprint.RecordInput{Summary: "All five teams deploy"})
	sp, err := sprints.Transition(ctx, "fay", sp.ID, 0, sprint.Closed)
	if err != nil {
		fmt.Println(err)
		return
	}
	done, _ := items.Item(ctx, "ana", k8s.ID)
	waiting, _ := items.Item(ctx, "ana", obs.ID)
	fmt.Println("sprint:", sp.State, "|", sp.Topics[0].Goals[0].Assessment.Outcome)
	fmt.Println("backlog:", done.Title, done.Status, "|", waiting.Title, waiting.Status)
	// Output:
	// topic: Kubernetes
	// seats left: 39
	// sprint: closed | achieved
	// backlog: Kubernetes done | Observability open
}
