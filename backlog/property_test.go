package backlog_test

import (
	"cmp"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/backlog"
)

// efforts and budgets are the values random snapshots draw from: whole
// numbers, and decimals whose sums round in binary floating point (0.1 +
// 0.2 is 0.30000000000000004), including some just above a whole number.
var (
	efforts = []float64{1, 2, 3, 5, 8, 0.1, 0.2, 0.3, 0.7, 1.1, 2.2, 3.3, 1000.0000009, 1e-9}
	budgets = []float64{0, 1, 3, 5, 8, 10, 13, 19, 0.3, 0.6, 1.4, 3.3, 5.5, 6.6, 1000, 1000.0000009}
)

// randomSnapshot draws candidates in random order with coarse values, so
// that ties in score, impact and support are frequent, some estimates
// missing, and ballots naming candidates and strangers.
func randomSnapshot(r *rand.Rand) backlog.Snapshot {
	n := r.IntN(40)
	maybe := func(v float64) *float64 {
		if r.IntN(4) == 0 {
			return nil
		}
		return &v
	}
	ids := make([]string, n)
	cands := make([]backlog.Candidate, n)
	for i := range cands {
		ids[i] = fmt.Sprintf("item-%03d", r.IntN(1000)*1000+i) // unique, random order
		cands[i] = backlog.Candidate{
			ItemID: ids[i],
			Estimate: backlog.Aggregate{
				Impact:          float64(r.IntN(4)) * 2.5,
				TimeCriticality: maybe(float64(r.IntN(3))),
				RiskReduction:   maybe(float64(r.IntN(3))),
				Reach:           maybe(float64(r.IntN(3) * 100)),
				Confidence:      maybe([]float64{50, 100}[r.IntN(2)]),
				Effort:          maybe(efforts[r.IntN(len(efforts))]),
			},
			Estimates:  r.IntN(3),
			Support:    r.IntN(3),
			Age:        r.IntN(4),
			CarryOvers: r.IntN(2),
		}
	}
	ballots := make([]backlog.Ballot, r.IntN(4))
	for b := range ballots {
		var items []string
		for range r.IntN(n + 3) {
			if r.IntN(5) == 0 || n == 0 {
				items = append(items, "stranger")
			} else {
				items = append(items, ids[r.IntN(n)])
			}
		}
		ballots[b] = backlog.Ballot{Participant: fmt.Sprintf("p%d", b), Items: items}
	}
	capa := backlog.Capacity{MaxTopics: 1 + r.IntN(5)}
	if r.IntN(2) == 0 {
		capa.Budget = ptr(budgets[r.IntN(len(budgets))])
	}
	return backlog.Snapshot{Capacity: capa, Candidates: cands, Ballots: ballots}
}

var propertyPolicies = []backlog.Policy{
	backlog.Impact{}, backlog.WSJF{}, backlog.RICE{}, backlog.Borda{},
	backlog.Aging{Base: backlog.WSJF{}, Rate: 0.5}, backlog.Aging{Base: backlog.Borda{}, Rate: 0.1},
}

func TestRankingProperties(t *testing.T) {
	for seed := uint64(1); seed <= 200; seed++ {
		r := rand.New(rand.NewPCG(seed, 42))
		snap := randomSnapshot(r)
		in := snap.Input()
		for _, p := range propertyPolicies {
			name := fmt.Sprintf("seed %d, %s", seed, p.Spec())
			ranking, err := backlog.Rank(p, in)
			require.NoError(t, err, name)

			// A permutation of the input.
			got := ranking.ItemIDs()
			ids := make([]string, len(in.Candidates))
			for i, c := range in.Candidates {
				ids[i] = c.ItemID
			}
			require.ElementsMatch(t, ids, got, name)
			entries := ranking.Entries()
			for i, e := range entries {
				require.Equal(t, i+1, e.Rank, name)
			}

			// In the documented order.
			for i := 1; i < ranking.Len(); i++ {
				a, b := ranking.Candidate(i-1), ranking.Candidate(i)
				sa, sb := ranking.Score(i-1).Value, ranking.Score(i).Value
				require.GreaterOrEqual(t, sa, sb, name)
				if sa != sb {
					continue
				}
				require.GreaterOrEqual(t, a.Estimate.Impact, b.Estimate.Impact, name)
				if a.Estimate.Impact != b.Estimate.Impact {
					continue
				}
				require.GreaterOrEqual(t, a.Support, b.Support, name)
				if a.Support == b.Support {
					require.Less(t, a.ItemID, b.ItemID, name)
				}
			}

			// The scores and breakdowns are the policy's.
			scores, err := p.Score(in)
			require.NoError(t, err)
			at := map[string]int{}
			for i, c := range in.Candidates {
				at[c.ItemID] = i
			}
			for i, e := range entries {
				want := scores[at[e.ItemID]]
				require.Equal(t, want, ranking.Score(i), name)
				require.Equal(t, want.Value, e.Score, name)
				require.Equal(t, want.Components, e.Components, name)
			}

			// Deterministic, and independent of the input's order.
			again, err := backlog.Rank(p, in)
			require.NoError(t, err)
			require.Equal(t, entries, again.Entries(), name)
			shuffled := slices.Clone(in.Candidates)
			r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
			other, err := backlog.Rank(p, backlog.Input{Candidates: shuffled, Ballots: in.Ballots})
			require.NoError(t, err)
			require.Equal(t, got, other.ItemIDs(), name)
		}
	}
}

func TestSelectionProperties(t *testing.T) {
	for seed := uint64(1); seed <= 200; seed++ {
		r := rand.New(rand.NewPCG(seed, 7))
		snap := randomSnapshot(r)
		effort := map[string]*float64{}
		for _, c := range snap.Candidates {
			effort[c.ItemID] = c.Estimate.Effort
		}
		for _, p := range propertyPolicies {
			name := fmt.Sprintf("seed %d, %s", seed, p.Spec())
			res, err := backlog.Decide(p, snap)
			require.NoError(t, err, name)
			again, err := backlog.Decide(p, snap)
			require.NoError(t, err)
			require.Equal(t, res, again, "deciding is deterministic: %s", name)

			// Never more topics or effort than the capacity, exactly.
			require.LessOrEqual(t, len(res.Selected), snap.Capacity.MaxTopics, name)
			if snap.Capacity.Budget != nil {
				require.LessOrEqual(t, res.Effort, *snap.Capacity.Budget, name)
				require.LessOrEqual(t, decimalSum(t, res.Selected, effort).Cmp(decimal(t, *snap.Capacity.Budget)), 0, name)
			}
			// Selection is greedy down the ranking, with efforts added as
			// the decimals they are written as: replay it.
			used, picked := new(big.Rat), []string{}
			for _, e := range res.Entries {
				fits := e.Score > 0 && len(picked) < snap.Capacity.MaxTopics
				if fits && snap.Capacity.Budget != nil {
					eff := effort[e.ItemID]
					fits = eff != nil && new(big.Rat).Add(used, decimal(t, *eff)).Cmp(decimal(t, *snap.Capacity.Budget)) <= 0
				}
				require.Equal(t, fits, e.Selected, "%s: %s", name, e.ItemID)
				if fits {
					picked = append(picked, e.ItemID)
					if eff := effort[e.ItemID]; eff != nil {
						used.Add(used, decimal(t, *eff))
					}
				}
			}
			require.Equal(t, picked, res.Selected, name)
			want, _ := used.Float64()
			require.Equal(t, want, res.Effort, name)
		}
	}
}

// decimal returns v as the decimal number it is written as: its shortest
// text form, exactly.
func decimal(t *testing.T, v float64) *big.Rat {
	r, ok := new(big.Rat).SetString(strconv.FormatFloat(v, 'g', -1, 64))
	require.True(t, ok)
	return r
}

// decimalSum adds the known efforts of ids exactly, as decimals.
func decimalSum(t *testing.T, ids []string, effort map[string]*float64) *big.Rat {
	sum := new(big.Rat)
	for _, id := range ids {
		if e := effort[id]; e != nil {
			sum.Add(sum, decimal(t, *e))
		}
	}
	return sum
}

// fixed scores each candidate with the value of its Reach, so tests choose
// scores freely; it is not a built-in, so Rank takes its Scores as they
// are.
type fixed struct{}

func (fixed) Spec() backlog.PolicySpec { return backlog.PolicySpec{Name: "fixed"} }
func (fixed) Score(in backlog.Input) ([]backlog.Score, error) {
	out := make([]backlog.Score, len(in.Candidates))
	for i, c := range in.Candidates {
		out[i] = backlog.Score{Value: *c.Estimate.Reach}
	}
	return out, nil
}

// referenceOrder orders the candidates as Rank documents, by comparing
// candidates pairwise.
func referenceOrder(cands []backlog.Candidate, score func(c backlog.Candidate) float64) []string {
	sorted := slices.Clone(cands)
	slices.SortFunc(sorted, func(a, b backlog.Candidate) int {
		if sa, sb := score(a), score(b); sa != sb {
			return cmp.Compare(sb, sa)
		}
		if a.Estimate.Impact != b.Estimate.Impact {
			return cmp.Compare(b.Estimate.Impact, a.Estimate.Impact)
		}
		if a.Support != b.Support {
			return cmp.Compare(b.Support, a.Support)
		}
		return strings.Compare(a.ItemID, b.ItemID)
	})
	ids := make([]string, len(sorted))
	for i, c := range sorted {
		ids[i] = c.ItemID
	}
	return ids
}

// Large rankings, with values of every sign and size, in ID order and
// shuffled, agree with ordering by comparison.
func TestRankLargeMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	pick := func(vs ...float64) float64 { return vs[r.IntN(len(vs))] }
	for _, n := range []int{1, 2, 3, 100, 5000, 20000} {
		for round := range 3 {
			cands := make([]backlog.Candidate, n)
			for i := range cands {
				score := pick(0, math.Copysign(0, -1), 1, 1.5, -2, 1e300, -1e300, 5e-324, -5e-324, math.MaxFloat64,
					r.Float64()*100, -r.Float64()*100, float64(r.IntN(5)))
				impact := pick(0, math.Copysign(0, -1), 1, 2.5, 10, -3, math.Inf(1), math.Inf(-1), r.Float64()*10)
				cands[i] = backlog.Candidate{
					ItemID:   fmt.Sprintf("%08d", r.IntN(1000)*100000+i), // unique
					Estimate: backlog.Aggregate{Impact: impact, Reach: &score},
					Support:  []int{0, 1, 2, 255, 256, 65536, math.MaxUint32}[r.IntN(7)],
				}
			}
			if round%2 == 0 {
				slices.SortFunc(cands, func(a, b backlog.Candidate) int { return strings.Compare(a.ItemID, b.ItemID) })
			}
			name := fmt.Sprintf("n=%d round %d", n, round)
			ranking, err := backlog.Rank(fixed{}, backlog.Input{Candidates: cands})
			require.NoError(t, err, name)
			require.Equal(t, referenceOrder(cands, func(c backlog.Candidate) float64 { return *c.Estimate.Reach }), ranking.ItemIDs(), name)

			for i := range cands {
				cands[i].Estimate.Impact = math.Round(cands[i].Estimate.Impact*2) / 2
				if math.IsInf(cands[i].Estimate.Impact, 0) {
					cands[i].Estimate.Impact = 7
				}
			}
			ranking, err = backlog.Rank(backlog.Impact{}, backlog.Input{Candidates: cands})
			require.NoError(t, err, name)
			require.Equal(t, referenceOrder(cands, func(c backlog.Candidate) float64 { return c.Estimate.Impact }), ranking.ItemIDs(), name)
		}
	}
}
