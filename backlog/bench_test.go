package backlog_test

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/footprint-hq/footprint/backlog"
)

// benchN is the number of candidates both benchmarks order.
const benchN = 100_000

// benchCandidates returns n candidates as a store lists them for a
// meeting: ordered by item ID, the IDs ULIDs made over time (ascending, a
// shared time prefix, random tails). Their data is what meetings produce,
// so ties are frequent: the impact is a median of 1 to 10 participants'
// whole-number estimates, a half point from 1 to 10, and support is 0 to
// 20.
func benchCandidates(n int) []backlog.Candidate {
	r := rand.New(rand.NewPCG(1, 2))
	entropy := ulid.Monotonic(rand.NewChaCha8([32]byte{1}), 0)
	ms := ulid.Timestamp(time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC))
	cands := make([]backlog.Candidate, n)
	for i := range cands {
		ms += uint64(r.IntN(600_000)) // up to 10 minutes between suggestions
		k := 1 + r.IntN(10)
		ests := make([]int, k)
		for j := range ests {
			ests[j] = 1 + r.IntN(10)
		}
		slices.Sort(ests)
		median := float64(ests[k/2])
		if k%2 == 0 {
			median = float64(ests[k/2-1]+ests[k/2]) / 2
		}
		cands[i] = backlog.Candidate{
			ItemID:    ulid.MustNew(ms, entropy).String(),
			Estimate:  backlog.Aggregate{Impact: median},
			Estimates: k,
			Support:   r.IntN(21),
		}
	}
	return cands
}

// TestBenchCandidates checks that the benchmark's data is what it claims:
// ascending IDs, half-point impacts from 1 to 10, support 0 to 20, and
// many ties.
func TestBenchCandidates(t *testing.T) {
	cands := benchCandidates(10_000)
	impacts := map[float64]int{}
	for i, c := range cands {
		if i > 0 && cands[i-1].ItemID >= c.ItemID {
			t.Fatalf("IDs not ascending at %d: %s, %s", i, cands[i-1].ItemID, c.ItemID)
		}
		if len(c.ItemID) != 26 {
			t.Fatalf("ID %q is not ULID-like", c.ItemID)
		}
		v := c.Estimate.Impact
		if v < 1 || v > 10 || v*2 != float64(int(v*2)) {
			t.Fatalf("impact %v is not a half point from 1 to 10", v)
		}
		if c.Support < 0 || c.Support > 20 {
			t.Fatalf("support %d outside 0–20", c.Support)
		}
		impacts[v]++
	}
	if len(impacts) < 15 || len(impacts) > 19 {
		t.Fatalf("%d distinct impacts, want most of the 19 half points", len(impacts))
	}
}

// BenchmarkRank ranks 100,000 candidates with the Impact policy: scoring,
// checking IDs and scores, and ordering with the deterministic tie-breaks.
// Entries and explanations are built on demand and not part of it.
func BenchmarkRank(b *testing.B) {
	b.Run(fmt.Sprintf("n=%d", benchN), func(b *testing.B) {
		in := backlog.Input{Candidates: benchCandidates(benchN)}
		b.ReportAllocs()
		for b.Loop() {
			ranking, err := backlog.Rank(backlog.Impact{}, in)
			if err != nil || ranking.Len() != benchN {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkSortBaseline sorts the same candidates' impacts, precomputed as
// float64 keys, highest first with slices.SortFunc: the floor any ranking
// of them pays. Each iteration sorts a fresh copy of the keys in the
// candidates' (ID) order.
func BenchmarkSortBaseline(b *testing.B) {
	b.Run(fmt.Sprintf("n=%d", benchN), func(b *testing.B) {
		cands := benchCandidates(benchN)
		keys := make([]float64, len(cands))
		for i, c := range cands {
			keys[i] = c.Estimate.Impact
		}
		work := make([]float64, len(keys))
		b.ReportAllocs()
		for b.Loop() {
			copy(work, keys)
			slices.SortFunc(work, func(a, b float64) int { return cmp.Compare(b, a) })
		}
	})
}

// budgetCandidates returns benchCandidates(n) with effort estimates: the
// median of as many participants' estimates as each has, drawn from 1, 2,
// 3, 5, 8 and 13, so that half points are frequent.
func budgetCandidates(n int) []backlog.Candidate {
	cands := benchCandidates(n)
	r := rand.New(rand.NewPCG(3, 4))
	sizes := []float64{1, 2, 3, 5, 8, 13}
	for i := range cands {
		k := cands[i].Estimates
		ests := make([]float64, k)
		for j := range ests {
			ests[j] = sizes[r.IntN(len(sizes))]
		}
		slices.Sort(ests)
		effort := ests[k/2]
		if k%2 == 0 {
			effort = (ests[k/2-1] + ests[k/2]) / 2
		}
		cands[i].Estimate.Effort = &effort
	}
	return cands
}

// BenchmarkDecide decides on 10,000 to 1,000,000 candidates under the
// Impact policy with no limit on topics: without a budget (no-budget, the
// baseline: every candidate is selected), with a budget of 1000.5 (budget:
// every candidate is checked against what the items above it left, and a
// few hundred are selected), and with a budget of 10,000,000.5 that every
// candidate fits (budget-fits-all: the same selection as no-budget, each
// item checked and added exactly).
func BenchmarkDecide(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		cands := budgetCandidates(n)
		some, all := 1000.5, 10_000_000.5
		for _, c := range []struct {
			name   string
			budget *float64
		}{{"no-budget", nil}, {"budget", &some}, {"budget-fits-all", &all}} {
			b.Run(fmt.Sprintf("n=%d/%s", n, c.name), func(b *testing.B) {
				snap := backlog.Snapshot{Candidates: cands, Capacity: backlog.Capacity{MaxTopics: n, Budget: c.budget}}
				selected := -1
				b.ReportAllocs()
				for b.Loop() {
					res, err := backlog.Decide(backlog.Impact{}, snap)
					if err != nil || len(res.Entries) != n || len(res.Selected) == 0 {
						b.Fatal(err)
					}
					selected = len(res.Selected)
				}
				if (c.budget == &some) == (selected == n) {
					b.Fatalf("%d of %d selected", selected, n)
				}
			})
		}
	}
}
