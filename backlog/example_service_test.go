package backlog_test

import (
	"context"
	"fmt"
	"time"

	"github.com/footprint-hq/footprint/backlog"
	"github.com/footprint-hq/footprint/storage/memory"
)

// A facilitator runs a prioritisation meeting: participants estimate,
// closing ranks every open item and selects what fits the capacity.
func ExampleService_CloseMeeting() {
	ctx := context.Background()
	clock := func() time.Time { return time.Date(2026, time.June, 15, 10, 0, 0, 0, time.UTC) }
	svc := backlog.NewService(memory.New(),
		backlog.WithClock(clock),
		backlog.WithRoles(backlog.Facilitators("fay")), // the host says who facilitates
	)

	k8s, _ := svc.AddItem(ctx, "ana", backlog.ItemInput{Title: "Kubernetes operators", Effort: num(8)})
	gen, _ := svc.AddItem(ctx, "ben", backlog.ItemInput{Title: "Go generics", Effort: num(2)})
	sec, _ := svc.AddItem(ctx, "cy", backlog.ItemInput{Title: "Secure coding", Effort: num(5)})
	_, _ = svc.Support(ctx, "dee", sec.ID, backlog.SupportInput{Reason: "the audit found injection bugs"})

	budget := 10.0
	m, err := svc.OpenMeeting(ctx, "fay", backlog.MeetingInput{
		Quarter:      "2026-Q3",
		Participants: []string{"ana", "ben"},
		Capacity:     backlog.CapacityInput{Budget: &budget}, // 3 topics by default
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	impact := func(id string, v float64) backlog.Estimate { return backlog.Estimate{ItemID: id, Impact: &v} }
	_, _ = svc.SubmitEstimates(ctx, "ana", m.ID, backlog.EstimatesInput{
		Estimates: []backlog.Estimate{impact(k8s.ID, 9), impact(gen.ID, 4), impact(sec.ID, 7)}})
	_, _ = svc.SubmitEstimates(ctx, "ben", m.ID, backlog.EstimatesInput{
		Estimates: []backlog.Estimate{impact(k8s.ID, 7), impact(gen.ID, 6), impact(sec.ID, 8)}})

	closed, err := svc.CloseMeeting(ctx, "fay", m.ID, 0) // 0: no version check
	if err != nil {
		fmt.Println(err)
		return
	}
	titles := map[string]string{}
	for _, c := range closed.Snapshot.Candidates {
		titles[c.ItemID] = c.Title
	}
	for _, e := range closed.Result.Entries {
		fmt.Printf("%d. %-20s %-30s %s\n", e.Rank, titles[e.ItemID], e.Explanation, e.Reason)
	}
	// Output:
	// 1. Kubernetes operators impact 8 (from 2 estimates)    fits the capacity
	// 2. Secure coding        impact 7.5 (from 2 estimates)  exceeds remaining budget
	// 3. Go generics          impact 5 (from 2 estimates)    fits the capacity
}
