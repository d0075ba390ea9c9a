package backlog_test

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/backlog"
)

// decision is the expected outcome for one item.
type decision struct {
	id       string
	selected bool
	reason   backlog.Reason
}

func checkDecision(t *testing.T, res *backlog.Result, wants []decision, effort float64) {
	t.Helper()
	require.Len(t, res.Entries, len(wants))
	var selected []string
	for i, w := range wants {
		e := res.Entries[i]
		assert.Equal(t, w.id, e.ItemID, "rank %d", i+1)
		assert.Equal(t, w.selected, e.Selected, "selected %s", w.id)
		assert.Equal(t, w.reason, e.Reason, "reason of %s", w.id)
		assert.NotEmpty(t, e.Explanation)
		if w.selected {
			selected = append(selected, w.id)
		}
	}
	if selected == nil {
		selected = []string{}
	}
	assert.Equal(t, selected, res.Selected)
	assert.InDelta(t, effort, res.Effort, 1e-9)
}

func impactCandidate(id string, impact float64, effort *float64) backlog.Candidate {
	return backlog.Candidate{ItemID: id, Estimate: backlog.Aggregate{Impact: impact, Effort: effort}, Estimates: 1}
}

func TestDecideTopics(t *testing.T) {
	snap := backlog.Snapshot{
		Policy:   backlog.Impact{}.Spec(),
		Capacity: backlog.Capacity{MaxTopics: 3},
		Candidates: []backlog.Candidate{
			impactCandidate("a", 9, nil), impactCandidate("b", 8, nil), impactCandidate("c", 0, nil),
			impactCandidate("d", 7, ptr(40.0)), impactCandidate("e", 6, nil),
		},
	}
	res, err := backlog.Decide(backlog.Impact{}, snap)
	require.NoError(t, err)
	checkDecision(t, res, []decision{
		{"a", true, backlog.ReasonSelected},
		{"b", true, backlog.ReasonSelected},
		{"d", true, backlog.ReasonSelected},
		{"e", false, backlog.ReasonTopicsFull},
		{"c", false, backlog.ReasonNoScore},
	}, 40)
}

func TestDecideBudget(t *testing.T) {
	snap := backlog.Snapshot{
		Capacity: backlog.Capacity{MaxTopics: 3, Budget: ptr(10.0)},
		Candidates: []backlog.Candidate{
			impactCandidate("a", 9, ptr(6.0)), // selected, 4 left
			impactCandidate("b", 8, ptr(5.0)), // 5 > 4
			impactCandidate("c", 7, nil),      // no effort
			impactCandidate("d", 6, ptr(4.0)), // selected, 0 left
			impactCandidate("e", 5, ptr(1.0)), // 1 > 0
			impactCandidate("f", 4, ptr(0.5)), // 0.5 > 0
		},
	}
	res, err := backlog.Decide(backlog.Impact{}, snap)
	require.NoError(t, err)
	checkDecision(t, res, []decision{
		{"a", true, backlog.ReasonSelected},
		{"b", false, backlog.ReasonOverBudget},
		{"c", false, backlog.ReasonNoEffort},
		{"d", true, backlog.ReasonSelected},
		{"e", false, backlog.ReasonOverBudget},
		{"f", false, backlog.ReasonOverBudget},
	}, 10)

	// Topics run out before the budget does.
	snap.Capacity = backlog.Capacity{MaxTopics: 1, Budget: ptr(100.0)}
	res, err = backlog.Decide(backlog.Impact{}, snap)
	require.NoError(t, err)
	assert.Equal(t, []string{"a"}, res.Selected)
	assert.Equal(t, backlog.ReasonTopicsFull, res.Entries[1].Reason)

	// Efforts add up as the decimals they are written as, exactly: 0.1 +
	// 0.2 (0.30000000000000004 in floating point) fits a budget of 0.3,
	// and the reported effort is 0.3.
	snap = backlog.Snapshot{
		Capacity:   backlog.Capacity{MaxTopics: 3, Budget: ptr(0.3)},
		Candidates: []backlog.Candidate{impactCandidate("a", 9, ptr(0.1)), impactCandidate("b", 8, ptr(0.2)), impactCandidate("c", 7, ptr(0.01))},
	}
	res, err = backlog.Decide(backlog.Impact{}, snap)
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b"}, res.Selected)
	assert.Equal(t, backlog.ReasonOverBudget, res.Entries[2].Reason)
	assert.Equal(t, 0.3, res.Effort)
}

// An effort a hair above the budget does not fit: there is no tolerance.
func TestDecideBudgetIsExact(t *testing.T) {
	tests := []struct {
		name    string
		budget  float64
		efforts []float64
		want    []string
		effort  float64
	}{
		{"one item just above", 1000, []float64{1000.0000009}, []string{}, 0},
		{"one item exactly at", 1000, []float64{1000}, []string{"a"}, 1000},
		{"a sum just above", 1000, []float64{600, 400.0000000001}, []string{"a"}, 600},
		{"the next float above", 1, []float64{math.Nextafter(1, 2)}, []string{}, 0},
		{"a sum of decimals just above", 0.3, []float64{0.1, 0.2, 1e-17}, []string{"a", "b"}, 0.3},
		{"tenths that add up exactly", 1, []float64{0.1, 0.2, 0.3, 0.4}, []string{"a", "b", "c", "d"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snap := backlog.Snapshot{Capacity: backlog.Capacity{MaxTopics: 10, Budget: ptr(tt.budget)}}
			for i, e := range tt.efforts {
				snap.Candidates = append(snap.Candidates, impactCandidate(string(rune('a'+i)), float64(10-i), ptr(e)))
			}
			res, err := backlog.Decide(backlog.Impact{}, snap)
			require.NoError(t, err)
			assert.Equal(t, tt.want, res.Selected)
			assert.Equal(t, tt.effort, res.Effort)
			assert.LessOrEqual(t, res.Effort, tt.budget)
			for _, e := range res.Entries {
				if !e.Selected {
					assert.Equal(t, backlog.ReasonOverBudget, e.Reason, e.ItemID)
				}
			}
		})
	}
}

func TestDecideInvalid(t *testing.T) {
	snap := backlog.Snapshot{
		Capacity:   backlog.Capacity{MaxTopics: 0, Budget: ptr(-1.0)},
		Candidates: []backlog.Candidate{impactCandidate("a", 9, ptr(1.0)), impactCandidate("b", 8, ptr(0.0)), impactCandidate("c", 7, ptr(math.Inf(1)))},
	}
	_, err := backlog.Decide(backlog.Impact{}, snap)
	requireFields(t, err, "capacity.maxTopics", "capacity.budget", "candidates[1].estimate.effort", "candidates[2].estimate.effort")
	snap.Capacity = backlog.Capacity{MaxTopics: 1, Budget: ptr(math.Inf(1))}
	snap.Candidates = snap.Candidates[:1]
	_, err = backlog.Decide(backlog.Impact{}, snap)
	requireFields(t, err, "capacity.budget")
}

// A decision survives JSON (as in a database) and deciding again on the
// decoded snapshot gives the identical result.
func TestDecideIsReproducible(t *testing.T) {
	p := backlog.Aging{Base: backlog.WSJF{}, Rate: 0.25}
	snap := backlog.Snapshot{
		Quarter: backlog.Quarter{Year: 2026, Num: 3}, Policy: p.Spec(), Aggregation: backlog.Median,
		Capacity: backlog.Capacity{MaxTopics: 2, Budget: ptr(12.0)},
		Candidates: []backlog.Candidate{
			{ItemID: "a", Estimate: backlog.Aggregate{Impact: 7, TimeCriticality: ptr(3.0), Effort: ptr(5.0)}, Age: 2, Support: 4, Estimates: 3},
			{ItemID: "b", Estimate: backlog.Aggregate{Impact: 4.5, Effort: ptr(2.0)}, Age: 0, Estimates: 2},
			{ItemID: "c", Estimate: backlog.Aggregate{Impact: 9, RiskReduction: ptr(1.0), Effort: ptr(8.0)}, Age: 1, CarryOvers: 1, Estimates: 3},
		},
		Ballots: []backlog.Ballot{},
	}
	res, err := backlog.Decide(p, snap)
	require.NoError(t, err)

	b, err := json.Marshal(snap)
	require.NoError(t, err)
	var decoded backlog.Snapshot
	require.NoError(t, json.Unmarshal(b, &decoded))
	rebuilt, err := backlog.BuildPolicy(decoded.Policy)
	require.NoError(t, err)
	again, err := backlog.Decide(rebuilt, decoded)
	require.NoError(t, err)
	assert.Equal(t, res, again)

	rb, err := json.Marshal(res)
	require.NoError(t, err)
	var decodedRes backlog.Result
	require.NoError(t, json.Unmarshal(rb, &decodedRes))
	assert.Equal(t, *res, decodedRes, "a result survives JSON unchanged")
}
