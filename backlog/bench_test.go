package backlog_test

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/footprint-hq/footprint/backlog"
)

// benchN is the number of candidates both benchmarks order.
const benchN = 100_000

// benchCandidates returns n candidates in item ID order, as a store lists
// them, with an aggregated impact drawn uniformly from [1, 10) (a mean of
// estimates) and support from 0 to 19.
func benchCandidates(n int) []backlog.Candidate {
	r := rand.New(rand.NewPCG(1, 2))
	cands := make([]backlog.Candidate, n)
	for i := range cands {
		cands[i] = backlog.Candidate{
			ItemID:    fmt.Sprintf("item-%08d", i),
			Estimate:  backlog.Aggregate{Impact: 1 + 9*r.Float64()},
			Estimates: 5,
			Support:   r.IntN(20),
		}
	}
	return cands
}

// BenchmarkRank ranks 100,000 candidates with the Impact policy: scoring
// with breakdowns, checking IDs and scores, and ordering with the
// deterministic tie-breaks. Entries and explanations are built on demand
// and not part of it.
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
// of them pays. Each iteration sorts a fresh copy of the unsorted keys.
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
