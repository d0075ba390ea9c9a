package webhook_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/footprint-hq/footprint/adapters/events/webhook"
	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/storage"
	"github.com/footprint-hq/footprint/storage/memory"
)

// An administrator subscribes an endpoint to check-ins; a check-in on a
// goal shared with the company reaches it, signed, and the receiver
// verifies the signature with the secret it was given.
func ExampleService() {
	ctx := context.Background()
	store := memory.New()
	goals := okr.NewService(store)
	hooks := webhook.NewService(store,
		webhook.WithAdmins(webhook.AdminsFunc(func(_ context.Context, person string) (bool, error) {
			return person == "hana", nil
		})),
		webhook.WithScope(goals.SeesScope), // events about goals go out while the company may see the goal
	)

	var secret string
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		err := webhook.Verify(secret, r.Header, body, time.Now(), 0)
		fmt.Println("received", len(body) > 0, "verified:", err == nil)
	}))
	defer receiver.Close()

	sub, secret, err := hooks.CreateSubscription(ctx, "hana", webhook.SubscriptionInput{
		URL: receiver.URL, Types: []string{"okr.checkin.recorded"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	g, _ := goals.CreateGoal(ctx, "ana", okr.GoalInput{Title: "Become an agile coach", Visibility: okr.VisibilityCompany})
	start, target := 0.0, 10.0
	o, _ := goals.CreateObjective(ctx, "ana", okr.ObjectiveInput{GoalID: g.ID, ObjectiveSpec: okr.ObjectiveSpec{
		Title:      "Facilitate retrospectives",
		KeyResults: []okr.KeyResultInput{{Title: "Retrospectives facilitated", Kind: okr.Increase, Start: &start, Target: &target}},
	}})
	value, confidence := 3.0, 7
	_, _ = goals.CheckIn(ctx, "ana", o.ID, o.KeyResults[0].ID, okr.CheckInInput{Value: &value, Confidence: &confidence})

	// In a server: go hooks.Run(ctx, 0, 0). Here, one step at a time.
	_, _ = hooks.Dispatcher().Drain(ctx)
	n, _ := hooks.Work(ctx, 0)
	fmt.Println("attempted", n)

	ds, _ := hooks.Deliveries(ctx, "hana", webhook.DeliveryFilter{SubscriptionID: sub.ID}, storage.PageRequest{})
	fmt.Println(ds.Items[0].Type, ds.Items[0].Status)
	// Output:
	// received true verified: true
	// attempted 1
	// okr.checkin.recorded delivered
}
