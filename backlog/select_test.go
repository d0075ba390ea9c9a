package backlog

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSelectedIndexesIsDecide checks the simulator's short cut against
// Decide on random snapshots: the same items selected, in the same order,
// with and without budgets, under built-in and host policies, reusing the
// same buffers from one snapshot to the next.
func TestSelectedIndexesIsDecide(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	policies := []Policy{Impact{}, WSJF{}, RICE{}, Borda{}, Aging{Base: Borda{}, Rate: 0.3}, hostBorda{}}
	var bufs rankBuffers
	var picked []int
	budgets, selections := 0, 0
	for round := range 400 {
		n := r.IntN(60)
		if round%50 == 0 {
			n = 5000 // past the size at which sorting uses its pool
		}
		snap := Snapshot{Capacity: Capacity{MaxTopics: 1 + r.IntN(8)}}
		if r.IntN(3) > 0 {
			b := float64(r.IntN(60)) / 2
			if r.IntN(4) == 0 {
				b += 0.1
			}
			snap.Capacity.Budget = &b
			budgets++
		}
		efforts := []float64{0.1, 0.2, 0.5, 1, 2, 2.5, 3, 5, 8, 13}
		for i := range n {
			c := Candidate{ItemID: fmt.Sprintf("i%05d", r.IntN(100000)*n+i), Estimates: 1 + r.IntN(4),
				Support: r.IntN(5), Age: r.IntN(6)}
			c.Estimate.Impact = float64(r.IntN(21)) / 2
			if r.IntN(5) > 0 {
				e := efforts[r.IntN(len(efforts))]
				c.Estimate.Effort = &e
			}
			if r.IntN(2) == 0 {
				v := float64(r.IntN(11))
				c.Estimate.TimeCriticality, c.Estimate.RiskReduction = &v, &v
				reach, conf := float64(r.IntN(1000)), float64(50+r.IntN(51))
				c.Estimate.Reach, c.Estimate.Confidence = &reach, &conf
			}
			snap.Candidates = append(snap.Candidates, c)
		}
		if r.IntN(2) == 0 { // not in ID order
			r.Shuffle(n, func(i, j int) { snap.Candidates[i], snap.Candidates[j] = snap.Candidates[j], snap.Candidates[i] })
		}
		for p := range 1 + r.IntN(3) {
			ids := make([]string, 0, n)
			for _, i := range r.Perm(n) {
				ids = append(ids, snap.Candidates[i].ItemID)
			}
			snap.Ballots = append(snap.Ballots, Ballot{Participant: fmt.Sprint(p), Items: ids[:r.IntN(n+1)]})
		}
		for _, p := range policies {
			res, err := Decide(p, snap)
			if err != nil {
				t.Fatalf("round %d, %s: %v", round, p.Spec(), err)
			}
			picked, err = selectedIndexes(p, &snap, &bufs, picked[:0])
			if err != nil {
				t.Fatalf("round %d, %s: %v", round, p.Spec(), err)
			}
			got := []string{}
			for _, i := range picked {
				got = append(got, snap.Candidates[i].ItemID)
			}
			if !slices.Equal(got, res.Selected) {
				t.Fatalf("round %d, %s: selected %v, Decide selected %v", round, p.Spec(), got, res.Selected)
			}
			selections += len(got)
		}
	}
	if budgets < 100 || selections < 1000 {
		t.Errorf("%d snapshots with budgets, %d selections: too few to tell", budgets, selections)
	}
	_, err := selectedIndexes(Impact{}, &Snapshot{}, &bufs, nil)
	requireDecideError(t, err)
}

func requireDecideError(t *testing.T, err error) {
	t.Helper()
	if _, want := Decide(Impact{}, Snapshot{}); err == nil || want == nil || err.Error() != want.Error() {
		t.Fatalf("error %v, Decide's %v", err, want)
	}
}
