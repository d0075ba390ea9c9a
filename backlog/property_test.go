package backlog_test

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"
	"strconv"
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
