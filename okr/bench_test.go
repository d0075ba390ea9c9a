package okr_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/storage/memory"
)

// BenchmarkBoard reads the board of one person with 3 goals × 3 objectives
// × 5 key results × 50 check-ins from the memory store.
func BenchmarkBoard(b *testing.B) {
	ctx := context.Background()
	now := time.Date(2026, time.June, 1, 0, 0, 0, 0, time.UTC)
	svc := okr.NewService(memory.New(), okr.WithClock(func() time.Time { return now }))
	for g := range 3 {
		goal, err := svc.CreateGoal(ctx, "ana", okr.GoalInput{Title: fmt.Sprintf("goal %d", g), Tags: []string{"go", "sql"}})
		if err != nil {
			b.Fatal(err)
		}
		for o := range 3 {
			krs := make([]okr.KeyResultInput, 5)
			for k := range krs {
				start, target := 0.0, 100.0
				krs[k] = okr.KeyResultInput{Title: fmt.Sprintf("kr %d", k), Kind: okr.Increase, Start: &start, Target: &target}
			}
			obj, err := svc.CreateObjective(ctx, "ana", okr.ObjectiveInput{GoalID: goal.ID,
				ObjectiveSpec: okr.ObjectiveSpec{Title: fmt.Sprintf("objective %d", o), KeyResults: krs}})
			if err != nil {
				b.Fatal(err)
			}
			for _, kr := range obj.KeyResults {
				for c := range 50 {
					v, conf := float64(c), c%11
					if _, err := svc.CheckIn(ctx, "ana", obj.ID, kr.ID, okr.CheckInInput{Value: &v, Confidence: &conf}); err != nil {
						b.Fatal(err)
					}
				}
			}
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		board, err := svc.Board(ctx, "ana", "ana")
		if err != nil || len(board.Goals) != 3 {
			b.Fatal(err)
		}
	}
}
