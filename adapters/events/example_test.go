package events_test

import (
	"context"
	"fmt"

	"github.com/footprint-hq/footprint/adapters/events"
	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/storage/memory"
)

// An observer hears of committed changes from the store's event log: a
// Consumer reads the log and hands each event to the service's Deliver,
// which calls the observer.
func ExampleConsumer() {
	ctx := context.Background()
	store := memory.New()
	goals := okr.NewService(store, okr.WithObserver(func(_ context.Context, e okr.Event) {
		fmt.Println(e.Type, "by", e.Actor)
	}))

	g, _ := goals.CreateGoal(ctx, "ana", okr.GoalInput{Title: "Become an agile coach"})
	start, target := 0.0, 10.0
	o, _ := goals.CreateObjective(ctx, "ana", okr.ObjectiveInput{GoalID: g.ID, ObjectiveSpec: okr.ObjectiveSpec{
		Title:      "Facilitate retrospectives",
		KeyResults: []okr.KeyResultInput{{Title: "Retrospectives facilitated", Kind: okr.Increase, Start: &start, Target: &target}},
	}})
	value, confidence := 8.0, 7
	_, _ = goals.CheckIn(ctx, "ana", o.ID, o.KeyResults[0].ID, okr.CheckInInput{Value: &value, Confidence: &confidence})

	observers := &events.Consumer{Log: store, Name: "observers", Handle: goals.Deliver}
	n, err := observers.Drain(ctx) // or go observers.Run(ctx)
	fmt.Println(n, "events, error:", err)
	// Output:
	// okr.checkin.recorded by ana
	// okr.grade.changed by ana
	// 2 events, error: <nil>
}
