package sprint_test

import (
	"context"
	"fmt"
	"time"

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
