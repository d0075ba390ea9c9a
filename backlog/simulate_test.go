package backlog_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/backlog"
)

func TestSimulateIsDeterministic(t *testing.T) {
	for _, p := range propertyPolicies {
		cfg := backlog.DefaultSimConfig(42)
		a, err := backlog.Simulate(p, cfg)
		require.NoError(t, err)
		b, err := backlog.Simulate(p, cfg)
		require.NoError(t, err)
		assert.Equal(t, a, b, "same seed, same report: %s", p.Spec())
	}
	cfg := backlog.DefaultSimConfig(42)
	impact, err := backlog.Simulate(backlog.Impact{}, cfg)
	require.NoError(t, err)
	wsjf, err := backlog.Simulate(backlog.WSJF{}, cfg)
	require.NoError(t, err)
	assert.Equal(t, impact.Items, wsjf.Items, "the world does not depend on the policy")
	cfg.Seed = 43
	other, err := backlog.Simulate(backlog.Impact{}, cfg)
	require.NoError(t, err)
	assert.NotEqual(t, impact, other, "another seed draws another world")
}

func TestSimulateInvariants(t *testing.T) {
	for seed := uint64(1); seed <= 30; seed++ {
		cfg := backlog.DefaultSimConfig(seed)
		cfg.Capacity.Budget = ptr(12.0)
		for _, p := range propertyPolicies {
			rep, err := backlog.Simulate(p, cfg)
			require.NoError(t, err)
			assert.Equal(t, rep.Items, rep.Selected+rep.Open, "%s: every item is selected or still open", p.Spec())
			assert.LessOrEqual(t, rep.Selected, cfg.Quarters*cfg.Capacity.MaxTopics)
			assert.LessOrEqual(t, rep.Starved, rep.Open)
			assert.LessOrEqual(t, rep.Value, 10*float64(rep.Selected))
			assert.GreaterOrEqual(t, rep.Value, float64(rep.Selected))
			assert.LessOrEqual(t, rep.MedianWait, float64(rep.MaxWait))
			assert.Less(t, rep.MaxWait, cfg.Quarters)
		}
	}
}

// With one topic per quarter and no arrivals, ten items wait in line: the
// meetings take one each, at waits 0, 1, 2, 3 and 4 quarters, and the five
// left had waited 4 quarters each when the last meeting passed them over,
// as long as the one it took.
func TestSimulateQueue(t *testing.T) {
	cfg := backlog.SimConfig{Seed: 1, Quarters: 5, InitialItems: 10, Participants: 3,
		Capacity: backlog.Capacity{MaxTopics: 1}, StarvedAfter: 4}
	rep, err := backlog.Simulate(backlog.Impact{}, cfg)
	require.NoError(t, err)
	assert.Equal(t, backlog.SimReport{Policy: "impact", Quarters: 5, Items: 10, Selected: 5, Value: rep.Value,
		MedianWait: 2, MaxWait: 4, Open: 5, Starved: 5}, *rep)
	cfg.StarvedAfter = 5
	rep, err = backlog.Simulate(backlog.Impact{}, cfg)
	require.NoError(t, err)
	assert.Equal(t, 0, rep.Starved, "nobody waited 5 quarters")

	// Without noise, Impact picks the items of highest true impact; with
	// room for everything, all of them are delivered at once.
	cfg = backlog.SimConfig{Seed: 3, Quarters: 1, InitialItems: 4, Participants: 1,
		Capacity: backlog.Capacity{MaxTopics: 4}, StarvedAfter: 1}
	all, err := backlog.Simulate(backlog.Impact{}, cfg)
	require.NoError(t, err)
	assert.Equal(t, 4, all.Selected)
	assert.Equal(t, 0, all.MaxWait)
	cfg.Capacity.MaxTopics = 1
	best, err := backlog.Simulate(backlog.Impact{}, cfg)
	require.NoError(t, err)
	worst, err := backlog.Simulate(leastImpact{}, cfg)
	require.NoError(t, err)
	assert.Greater(t, best.Value, worst.Value, "seed 3 draws items of different impact")
	assert.Equal(t, all.Value, best.Value+worst.Value+rest(t, cfg), "highest + lowest + the two between")
	assert.GreaterOrEqual(t, best.Value*4, all.Value, "the best of four is at least their mean")
}

// atAge selects exactly the candidates that have waited k quarters.
type atAge struct{ k int }

func (atAge) Spec() backlog.PolicySpec { return backlog.PolicySpec{Name: "at-age"} }
func (p atAge) Score(in backlog.Input) ([]backlog.Score, error) {
	out := make([]backlog.Score, len(in.Candidates))
	for i, c := range in.Candidates {
		if c.Age == p.k {
			out[i].Value = 1
		}
	}
	return out, nil
}

// Waits and starvation count the same quarters: an item that has waited K
// quarters at the last meeting is either selected with a wait of K or
// starved with StarvedAfter K; one that has waited K − 1 is neither.
func TestSimulateStarvedBoundary(t *testing.T) {
	const k = 3
	cfg := backlog.SimConfig{Seed: 5, InitialItems: 4, Participants: 1, Capacity: backlog.Capacity{MaxTopics: 10}, StarvedAfter: k}
	for _, tt := range []struct {
		quarters int // the last meeting's items have waited quarters − 1
		policy   backlog.Policy
		want     backlog.SimReport
	}{
		{k + 1, atAge{k}, backlog.SimReport{Selected: 4, MaxWait: k, MedianWait: k}},
		{k + 1, atAge{-1}, backlog.SimReport{Open: 4, Starved: 4}},
		{k, atAge{k - 1}, backlog.SimReport{Selected: 4, MaxWait: k - 1, MedianWait: k - 1}},
		{k, atAge{-1}, backlog.SimReport{Open: 4, Starved: 0}},
	} {
		cfg.Quarters = tt.quarters
		rep, err := backlog.Simulate(tt.policy, cfg)
		require.NoError(t, err)
		assert.Equal(t, tt.want, backlog.SimReport{Selected: rep.Selected, MaxWait: rep.MaxWait, MedianWait: rep.MedianWait,
			Open: rep.Open, Starved: rep.Starved}, "%d quarters, selecting at age %d", tt.quarters, tt.policy.(atAge).k)
	}
}

func TestSimulateInvalidConfig(t *testing.T) {
	_, err := backlog.Simulate(backlog.Impact{}, backlog.SimConfig{Noise: -1, Aggregation: "mode"})
	requireFields(t, err, "quarters", "participants", "noise", "aggregation", "capacity.maxTopics", "starvedAfter")
}

// leastImpact prefers the items of least impact: score = 11 − impact.
type leastImpact struct{}

func (leastImpact) Spec() backlog.PolicySpec { return backlog.PolicySpec{Name: "least-impact"} }
func (leastImpact) Score(in backlog.Input) ([]backlog.Score, error) {
	out := make([]backlog.Score, len(in.Candidates))
	for i, c := range in.Candidates {
		out[i] = backlog.Score{Value: 11 - c.Estimate.Impact}
	}
	return out, nil
}

// rest returns the value of the two middle items of a one-quarter world
// of four: the second best (two best minus the best) plus the second worst
// (two worst minus the worst).
func rest(t *testing.T, cfg backlog.SimConfig) float64 {
	cfg.Capacity.MaxTopics = 2
	twoBest, err := backlog.Simulate(backlog.Impact{}, cfg)
	require.NoError(t, err)
	twoWorst, err := backlog.Simulate(leastImpact{}, cfg)
	require.NoError(t, err)
	cfg.Capacity.MaxTopics = 1
	best, err := backlog.Simulate(backlog.Impact{}, cfg)
	require.NoError(t, err)
	worst, err := backlog.Simulate(leastImpact{}, cfg)
	require.NoError(t, err)
	return (twoBest.Value - best.Value) + (twoWorst.Value - worst.Value)
}
