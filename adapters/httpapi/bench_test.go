package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/footprint-hq/footprint/adapters/httpapi"
	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/storage/memory"
)

// benchBoard builds the board of okr's BenchmarkBoard: one person with 3
// goals × 3 objectives × 5 key results × 50 check-ins, in the memory
// store.
func benchBoard(b *testing.B) *okr.Service {
	b.Helper()
	ctx := context.Background()
	svc := okr.NewService(memory.New(), okr.WithClock(func() time.Time { return now }))
	for g := range 3 {
		goal, err := svc.CreateGoal(ctx, owner, okr.GoalInput{Title: fmt.Sprintf("goal %d", g), Tags: []string{"go", "sql"}})
		if err != nil {
			b.Fatal(err)
		}
		for o := range 3 {
			krs := make([]okr.KeyResultInput, 5)
			for k := range krs {
				krs[k] = okr.KeyResultInput{Title: fmt.Sprintf("kr %d", k), Kind: okr.Increase, Start: ptr(0.0), Target: ptr(100.0)}
			}
			obj, err := svc.CreateObjective(ctx, owner, okr.ObjectiveInput{GoalID: goal.ID,
				ObjectiveSpec: okr.ObjectiveSpec{Title: fmt.Sprintf("objective %d", o), KeyResults: krs}})
			if err != nil {
				b.Fatal(err)
			}
			for _, kr := range obj.KeyResults {
				for c := range 50 {
					v, conf := float64(c), c%11
					if _, err := svc.CheckIn(ctx, owner, obj.ID, kr.ID, okr.CheckInInput{Value: &v, Confidence: &conf}); err != nil {
						b.Fatal(err)
					}
				}
			}
		}
	}
	return svc
}

// serve runs h on one GET of the board per iteration.
func serve(b *testing.B, h http.Handler) {
	b.Helper()
	req := httptest.NewRequest(http.MethodGet, "/people/ana/board", nil)
	req.Header.Set(personHeader, owner)
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	}
}

// BenchmarkGetBoard serves GET /people/{person}/board through the
// adapter: authentication, routing, the service building the board from
// the store, encoding and headers.
func BenchmarkGetBoard(b *testing.B) {
	serve(b, httpapi.New(httpapi.Config{OKR: benchBoard(b), Authenticate: authenticate}))
}

// BenchmarkBareJSON is the floor any JSON API pays: a bare handler
// encoding the same board, built once beforehand, on each request.
func BenchmarkBareJSON(b *testing.B) {
	board, err := benchBoard(b).Board(context.Background(), owner, owner)
	if err != nil {
		b.Fatal(err)
	}
	serve(b, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(board)
	}))
}
