package backlog_test

import (
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/backlog"
	"github.com/footprint-hq/footprint/storage"
)

func ptr[T any](v T) *T { return &v }

// want is the expected place of one candidate in a ranking.
type want struct {
	id          string
	score       float64
	components  []backlog.Component
	explanation string
}

func comps(kv ...any) []backlog.Component {
	out := make([]backlog.Component, 0, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		out = append(out, backlog.Component{Name: kv[i].(string), Value: toFloat(kv[i+1])})
	}
	return out
}

func toFloat(v any) float64 {
	switch v := v.(type) {
	case int:
		return float64(v)
	case float64:
		return v
	}
	panic("not a number")
}

// checkRanking ranks in with p and compares with the expected order,
// scores, components and explanations, computed by hand.
func checkRanking(t *testing.T, p backlog.Policy, in backlog.Input, wants []want) {
	t.Helper()
	r, err := backlog.Rank(p, in)
	require.NoError(t, err)
	require.Equal(t, len(wants), r.Len())
	for i, w := range wants {
		e := r.Entry(i)
		assert.Equal(t, w.id, e.ItemID, "rank %d", i+1)
		assert.Equal(t, i+1, e.Rank)
		assert.InDelta(t, w.score, e.Score, 1e-9, "score of %s", w.id)
		if w.components != nil {
			require.Len(t, e.Components, len(w.components), "components of %s", w.id)
			for j, c := range w.components {
				assert.Equal(t, c.Name, e.Components[j].Name)
				assert.InDelta(t, c.Value, e.Components[j].Value, 1e-9, "%s of %s", c.Name, w.id)
			}
		}
		if w.explanation != "" {
			assert.Equal(t, w.explanation, r.Explain(i), "explanation of %s", w.id)
		}
	}
}

func TestImpact(t *testing.T) {
	in := backlog.Input{Candidates: []backlog.Candidate{
		{ItemID: "a", Estimate: backlog.Aggregate{Impact: 7}, Estimates: 3},
		{ItemID: "b", Estimate: backlog.Aggregate{Impact: 4.5}, Estimates: 2},
		{ItemID: "c", Estimate: backlog.Aggregate{Impact: 9}, Estimates: 1},
		{ItemID: "d"},
	}}
	checkRanking(t, backlog.Impact{}, in, []want{
		{"c", 9, comps("impact", 9), "impact 9 (from 1 estimate)"},
		{"a", 7, comps("impact", 7), "impact 7 (from 3 estimates)"},
		{"b", 4.5, comps("impact", 4.5), "impact 4.5 (from 2 estimates)"},
		{"d", 0, comps("impact", 0), "not estimated: impact 0"},
	})
}

func TestWSJF(t *testing.T) {
	in := backlog.Input{Candidates: []backlog.Candidate{
		// cost of delay 7 + 3 + 2 = 12, ÷ 4 = 3
		{ItemID: "a", Estimate: backlog.Aggregate{Impact: 7, TimeCriticality: ptr(3.0), RiskReduction: ptr(2.0), Effort: ptr(4.0)}},
		// 5 + 0 + 1 = 6, ÷ 2 = 3: ties with a, which has more impact
		{ItemID: "b", Estimate: backlog.Aggregate{Impact: 5, RiskReduction: ptr(1.0), Effort: ptr(2.0)}},
		// 9 + 1 + 0 = 10, ÷ 10 = 1
		{ItemID: "c", Estimate: backlog.Aggregate{Impact: 9, TimeCriticality: ptr(1.0), RiskReduction: ptr(0.0), Effort: ptr(10.0)}},
		// no job size: 0
		{ItemID: "d", Estimate: backlog.Aggregate{Impact: 6, TimeCriticality: ptr(9.0)}},
	}}
	checkRanking(t, backlog.WSJF{}, in, []want{
		{"a", 3, comps("businessValue", 7, "timeCriticality", 3, "riskReduction", 2, "costOfDelay", 12, "jobSize", 4),
			"cost of delay 7 + 3 + 2 = 12 ÷ job size 4 = 3"},
		{"b", 3, comps("businessValue", 5, "timeCriticality", 0, "riskReduction", 1, "costOfDelay", 6, "jobSize", 2),
			"cost of delay 5 + 0 + 1 = 6 ÷ job size 2 = 3"},
		{"c", 1, nil, "cost of delay 9 + 1 + 0 = 10 ÷ job size 10 = 1"},
		{"d", 0, comps("businessValue", 6, "timeCriticality", 9, "riskReduction", 0, "costOfDelay", 15, "jobSize", 0),
			"no job size (effort) estimate: score 0"},
	})
	assert.Equal(t, []backlog.EstimateField{backlog.FieldEffort}, backlog.WSJF{}.Requires())
}

func TestRICE(t *testing.T) {
	in := backlog.Input{Candidates: []backlog.Candidate{
		// 200 × 6 × 0.8 ÷ 4 = 240
		{ItemID: "a", Estimate: backlog.Aggregate{Impact: 6, Reach: ptr(200.0), Confidence: ptr(80.0), Effort: ptr(4.0)}},
		// 50 × 10 × 1 ÷ 2 = 250
		{ItemID: "b", Estimate: backlog.Aggregate{Impact: 10, Reach: ptr(50.0), Confidence: ptr(100.0), Effort: ptr(2.0)}},
		// 1000 × 2 × 0.5 ÷ 8 = 125
		{ItemID: "c", Estimate: backlog.Aggregate{Impact: 2, Reach: ptr(1000.0), Confidence: ptr(50.0), Effort: ptr(8.0)}},
		// no confidence: 0
		{ItemID: "d", Estimate: backlog.Aggregate{Impact: 10, Reach: ptr(1000.0), Effort: ptr(1.0)}},
	}}
	checkRanking(t, backlog.RICE{}, in, []want{
		{"b", 250, comps("reach", 50, "impact", 10, "confidence", 100, "effort", 2), "reach 50 × impact 10 × confidence 100% ÷ effort 2 = 250"},
		{"a", 240, comps("reach", 200, "impact", 6, "confidence", 80, "effort", 4), "reach 200 × impact 6 × confidence 80% ÷ effort 4 = 240"},
		{"c", 125, nil, "reach 1000 × impact 2 × confidence 50% ÷ effort 8 = 125"},
		{"d", 0, nil, "no confidence estimate: score 0"},
	})
	assert.ElementsMatch(t, []backlog.EstimateField{backlog.FieldReach, backlog.FieldConfidence, backlog.FieldEffort}, backlog.RICE{}.Requires())
}

func TestBorda(t *testing.T) {
	in := backlog.Input{
		Candidates: []backlog.Candidate{{ItemID: "a"}, {ItemID: "b"}, {ItemID: "c"}, {ItemID: "d"}},
		Ballots: []backlog.Ballot{
			{Participant: "p1", Items: []string{"a", "b", "c"}},      // a 3, b 2, c 1
			{Participant: "p2", Items: []string{"b", "a"}},           // b 2, a 1
			{Participant: "p3", Items: []string{"c", "x", "a", "c"}}, // x is no candidate, c repeats: c 2, a 1
		},
	}
	checkRanking(t, backlog.Borda{}, in, []want{
		{"a", 5, comps("points", 5, "ballots", 3), "5 points from 3 ballots"},
		{"b", 4, comps("points", 4, "ballots", 2), "4 points from 2 ballots"},
		{"c", 3, comps("points", 3, "ballots", 2), "3 points from 2 ballots"},
		{"d", 0, comps("points", 0, "ballots", 0), "0 points from 0 ballots"},
	})
}

func TestAging(t *testing.T) {
	in := backlog.Input{Candidates: []backlog.Candidate{
		{ItemID: "a", Estimate: backlog.Aggregate{Impact: 6, Effort: ptr(2.0)}, Estimates: 1, Age: 0}, // 6 × 1
		{ItemID: "b", Estimate: backlog.Aggregate{Impact: 4, Effort: ptr(1.0)}, Estimates: 1, Age: 2}, // 4 × (1 + 0.5 × 2) = 8
		{ItemID: "c", Estimate: backlog.Aggregate{Impact: 5, Effort: ptr(5.0)}, Estimates: 1, Age: 1}, // 5 × 1.5 = 7.5
	}}
	checkRanking(t, backlog.Aging{Rate: 0.5}, in, []want{
		{"b", 8, comps("impact", 4, "baseScore", 4, "age", 2, "agingFactor", 2), "impact 4 (from 1 estimate); waited 2 quarters: × 2 = 8"},
		{"c", 7.5, comps("impact", 5, "baseScore", 5, "age", 1, "agingFactor", 1.5), "impact 5 (from 1 estimate); waited 1 quarter: × 1.5 = 7.5"},
		{"a", 6, comps("impact", 6, "baseScore", 6, "age", 0, "agingFactor", 1), "impact 6 (from 1 estimate); waited 0 quarters: × 1 = 6"},
	})
	// Over WSJF (score = impact ÷ effort here): a 3, b 4 × 1.2 = 4.8, c 1 × 1.1 = 1.1.
	checkRanking(t, backlog.Aging{Base: backlog.WSJF{}, Rate: 0.1}, in, []want{
		{"b", 4.8, nil, "cost of delay 4 + 0 + 0 = 4 ÷ job size 1 = 4; waited 2 quarters: × 1.2 = 4.8"},
		{"a", 3, nil, ""},
		{"c", 1.1, nil, ""},
	})
	// The zero Aging is Aging over Impact at the default rate, as built
	// from its name.
	zero, err := backlog.Rank(backlog.Aging{}, in)
	require.NoError(t, err)
	byName, err := backlog.PolicyByName("aging")
	require.NoError(t, err)
	assert.Equal(t, byName.Spec(), backlog.Aging{}.Spec())
	named, err := backlog.Rank(byName, in)
	require.NoError(t, err)
	assert.Equal(t, named.Entries(), zero.Entries())
	assert.Equal(t, []string{"a", "c", "b"}, zero.ItemIDs(), "a 6 × 1, c 5 × 1.1, b 4 × 1.2")
	assert.InDelta(t, 4.8, zero.Score(2).Value, 1e-9)
	assert.Equal(t, []backlog.EstimateField{backlog.FieldEffort}, backlog.Aging{Base: backlog.WSJF{}}.Requires())
	assert.Nil(t, backlog.Aging{}.Requires(), "Impact requires nothing")
}

// constant scores every candidate 1, so only the tie-breaks order them.
type constant struct{}

func (constant) Spec() backlog.PolicySpec { return backlog.PolicySpec{Name: "constant"} }
func (constant) Score(in backlog.Input) ([]backlog.Score, error) {
	out := make([]backlog.Score, len(in.Candidates))
	for i := range out {
		out[i] = backlog.Score{Value: 1}
	}
	return out, nil
}

func TestRankTieBreaks(t *testing.T) {
	in := backlog.Input{Candidates: []backlog.Candidate{
		{ItemID: "c", Estimate: backlog.Aggregate{Impact: 5}, Support: 1},
		{ItemID: "a", Estimate: backlog.Aggregate{Impact: 5}, Support: 1},
		{ItemID: "b", Estimate: backlog.Aggregate{Impact: 7}, Support: 0},
		{ItemID: "d", Estimate: backlog.Aggregate{Impact: 5}, Support: 3},
		{ItemID: "e", Estimate: backlog.Aggregate{Impact: 5}, Support: 1},
	}}
	r, err := backlog.Rank(constant{}, in)
	require.NoError(t, err)
	// b: most impact; d: most support; then a, c, e by ID.
	assert.Equal(t, []string{"b", "d", "a", "c", "e"}, r.ItemIDs())
	assert.Equal(t, "score 1", r.Explain(0), "a policy without Explainer gets the score and its components")
}

// doubled is a host's policy that embeds a built-in and scores its own way.
type doubled struct{ backlog.Impact }

func (doubled) Score(in backlog.Input) ([]backlog.Score, error) {
	out := make([]backlog.Score, len(in.Candidates))
	for i, c := range in.Candidates {
		v := c.Estimate.Impact
		if c.ItemID == "b" {
			v *= 2
		}
		out[i] = backlog.Score{Value: v, Components: []backlog.Component{{Name: "doubled", Value: v}}}
	}
	return out, nil
}

// A policy that embeds a built-in is ranked by its own Score, also as the
// base of Aging.
func TestRankUsesAnEmbeddingPolicysScore(t *testing.T) {
	in := backlog.Input{Candidates: []backlog.Candidate{
		{ItemID: "a", Estimate: backlog.Aggregate{Impact: 7}},
		{ItemID: "b", Estimate: backlog.Aggregate{Impact: 4}},
	}}
	for _, p := range []backlog.Policy{doubled{}, backlog.Aging{Base: doubled{}, Rate: 0.5}} {
		r, err := backlog.Rank(p, in)
		require.NoError(t, err)
		assert.Equal(t, []string{"b", "a"}, r.ItemIDs(), p.Spec().Name)
		assert.Equal(t, 8.0, r.Score(0).Value)
		assert.Equal(t, "doubled", r.Score(0).Components[0].Name)
	}
}

// broken breaks the Policy contract in the way its field says.
type broken struct {
	scores []backlog.Score
	err    error
}

func (broken) Spec() backlog.PolicySpec { return backlog.PolicySpec{Name: "broken"} }
func (b broken) Score(backlog.Input) ([]backlog.Score, error) {
	return b.scores, b.err
}

func TestRankErrors(t *testing.T) {
	two := backlog.Input{Candidates: []backlog.Candidate{{ItemID: "a"}, {ItemID: "b"}}}
	nan := 0.0
	nan /= nan
	tests := []struct {
		name string
		p    backlog.Policy
		in   backlog.Input
		is   error
	}{
		{"repeated ID in order", backlog.Impact{}, backlog.Input{Candidates: []backlog.Candidate{{ItemID: "a"}, {ItemID: "a"}}}, storage.ErrInvalid},
		{"repeated ID out of order", backlog.Impact{}, backlog.Input{Candidates: []backlog.Candidate{{ItemID: "b"}, {ItemID: "a"}, {ItemID: "b"}}}, storage.ErrInvalid},
		{"missing ID", backlog.Impact{}, backlog.Input{Candidates: []backlog.Candidate{{ItemID: "a"}, {}}}, storage.ErrInvalid},
		{"negative support", backlog.Impact{}, backlog.Input{Candidates: []backlog.Candidate{{ItemID: "a"}, {ItemID: "b", Support: -1}}}, storage.ErrInvalid},
		{"NaN impact", backlog.Impact{}, backlog.Input{Candidates: []backlog.Candidate{{ItemID: "a", Estimate: backlog.Aggregate{Impact: math.NaN()}}}}, storage.ErrInvalid},
		{"base of aging fails", backlog.Aging{Base: broken{scores: []backlog.Score{{Value: 1}}}}, two, backlog.ErrPolicyFailed},
		{"policy error", broken{err: errors.New("boom")}, two, backlog.ErrPolicyFailed},
		{"too few scores", broken{scores: []backlog.Score{{Value: 1}}}, two, backlog.ErrPolicyFailed},
		{"NaN score", broken{scores: []backlog.Score{{Value: 1}, {Value: nan}}}, two, backlog.ErrPolicyFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := backlog.Rank(tt.p, tt.in)
			assert.ErrorIs(t, err, tt.is)
		})
	}
	r, err := backlog.Rank(backlog.Impact{}, backlog.Input{})
	require.NoError(t, err)
	assert.Equal(t, 0, r.Len())
	assert.Empty(t, r.Entries())
}

func TestPolicyRegistry(t *testing.T) {
	assert.Equal(t, []string{"aging", "borda", "impact", "rice", "wsjf"}, backlog.PolicyNames())
	for _, name := range backlog.PolicyNames() {
		p, err := backlog.PolicyByName(name)
		require.NoError(t, err, name)
		assert.Equal(t, name, p.Spec().Name)
		again, err := backlog.BuildPolicy(p.Spec())
		require.NoError(t, err)
		assert.Equal(t, p.Spec(), again.Spec(), "a policy's spec builds the same policy")
	}
	p, err := backlog.PolicyByName(" WSJF ")
	require.NoError(t, err)
	assert.Equal(t, backlog.WSJF{}, p)
	p, err = backlog.PolicyByName("aging")
	require.NoError(t, err)
	assert.Equal(t, backlog.Aging{Base: backlog.Impact{}, Rate: backlog.DefaultAgingRate}, p)
	assert.Equal(t, "aging(rate=0.1; impact)", p.Spec().String())

	p, err = backlog.BuildPolicy(backlog.PolicySpec{Name: "aging", Params: map[string]float64{"rate": 0.3}, Base: &backlog.PolicySpec{Name: "rice"}})
	require.NoError(t, err)
	assert.Equal(t, backlog.Aging{Base: backlog.RICE{}, Rate: 0.3}, p)
	assert.Equal(t, "aging(rate=0.3; rice)", p.Spec().String())

	tests := []struct {
		name    string
		spec    backlog.PolicySpec
		fields  []string
		unknown bool
	}{
		{"no name", backlog.PolicySpec{}, []string{"name"}, false},
		{"unknown", backlog.PolicySpec{Name: "coin-toss"}, []string{"name"}, true},
		{"parameter of a policy without any", backlog.PolicySpec{Name: "wsjf", Params: map[string]float64{"k": 1}}, []string{"params.k"}, false},
		{"base of a policy that wraps none", backlog.PolicySpec{Name: "impact", Base: &backlog.PolicySpec{Name: "wsjf"}}, []string{"base"}, false},
		{"negative rate and unknown parameter", backlog.PolicySpec{Name: "aging", Params: map[string]float64{"rate": -1, "cap": 3}}, []string{"params.rate", "params.cap"}, false},
		{"zero rate", backlog.PolicySpec{Name: "aging", Params: map[string]float64{"rate": 0}}, []string{"params.rate"}, false},
		{"NaN rate", backlog.PolicySpec{Name: "aging", Params: map[string]float64{"rate": math.NaN()}}, []string{"params.rate"}, false},
		{"unknown base", backlog.PolicySpec{Name: "aging", Base: &backlog.PolicySpec{Name: "nope"}}, []string{"base.name"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := backlog.BuildPolicy(tt.spec)
			requireFields(t, err, tt.fields...)
			assert.Equal(t, tt.unknown, errors.Is(err, backlog.ErrUnknownPolicy))
		})
	}
}

func TestAggregateEstimates(t *testing.T) {
	ests := []backlog.Estimate{
		{Impact: ptr(8.0), Effort: ptr(5.0), Reach: ptr(10.0)},
		{Impact: ptr(2.0), Effort: ptr(3.0)},
		{Impact: ptr(5.0)},
		{Impact: ptr(9.0), Effort: ptr(13.0)},
	}
	med := backlog.AggregateEstimates(ests, backlog.Median)
	assert.Equal(t, 6.5, med.Impact, "median of 2, 5, 8, 9 is (5 + 8) / 2")
	require.NotNil(t, med.Effort)
	assert.Equal(t, 5.0, *med.Effort, "median of 3, 5, 13 over those who gave effort")
	assert.Equal(t, 10.0, *med.Reach)
	assert.Nil(t, med.Confidence, "nobody gave confidence")
	assert.Equal(t, med, backlog.AggregateEstimates(ests, ""), "median is the default")

	mean := backlog.AggregateEstimates(ests, backlog.Mean)
	assert.Equal(t, 6.0, mean.Impact)
	assert.Equal(t, 7.0, *mean.Effort)

	none := backlog.AggregateEstimates(nil, backlog.Median)
	assert.Equal(t, backlog.Aggregate{}, none)
}

func requireFields(t *testing.T, err error, fields ...string) {
	t.Helper()
	var verr *storage.ValidationError
	require.ErrorAs(t, err, &verr)
	require.ErrorIs(t, err, storage.ErrInvalid)
	for _, f := range fields {
		assert.True(t, verr.Has(f), "expected an error on %q, got %v", f, verr.Fields)
	}
}
