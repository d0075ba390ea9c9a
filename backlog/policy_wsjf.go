package backlog

import "fmt"

// WSJF is weighted shortest job first:
//
//	cost of delay = business value + time criticality + risk reduction
//	score         = cost of delay ÷ job size
//
// Business value is the aggregated impact; time criticality and risk
// reduction count 0 when nobody estimated them; job size is the aggregated
// effort. A candidate without an effort estimate scores 0.
type WSJF struct{}

// Spec returns {Name: "wsjf"}.
func (WSJF) Spec() PolicySpec { return PolicySpec{Name: PolicyWSJF} }

// Requires returns effort: WSJF divides by it.
func (WSJF) Requires() []EstimateField { return []EstimateField{FieldEffort} }

// Score computes WSJF with components businessValue, timeCriticality,
// riskReduction, costOfDelay and jobSize.
func (p WSJF) Score(in Input) ([]Score, error) { return scoreAll(p, in, 5) }

// wsjf computes the parts of a WSJF score.
func wsjf(e *Aggregate) (bv, tc, rr, cod, size, v float64) {
	bv, tc, rr, size = e.Impact, val(e.TimeCriticality), val(e.RiskReduction), val(e.Effort)
	cod = bv + tc + rr
	if size > 0 {
		v = cod / size
	}
	return bv, tc, rr, cod, size, v
}

func (WSJF) values(in Input) ([]float64, func(int, []Component) []Component, error) {
	vals := make([]float64, len(in.Candidates))
	for i := range in.Candidates {
		_, _, _, _, _, vals[i] = wsjf(&in.Candidates[i].Estimate)
	}
	return vals, func(i int, dst []Component) []Component {
		bv, tc, rr, cod, size, _ := wsjf(&in.Candidates[i].Estimate)
		return append(dst, Component{"businessValue", bv}, Component{"timeCriticality", tc},
			Component{"riskReduction", rr}, Component{"costOfDelay", cod}, Component{"jobSize", size})
	}, nil
}

// Explain says "cost of delay 7 + 3 + 2 = 12 ÷ job size 5 = 2.4".
func (WSJF) Explain(c Candidate, s Score) string {
	if c.Estimate.Effort == nil || *c.Estimate.Effort <= 0 {
		return "no job size (effort) estimate: score 0"
	}
	e := c.Estimate
	return fmt.Sprintf("cost of delay %s + %s + %s = %s ÷ job size %s = %s",
		num(e.Impact), num(val(e.TimeCriticality)), num(val(e.RiskReduction)),
		num(e.Impact+val(e.TimeCriticality)+val(e.RiskReduction)), num(*e.Effort), num(s.Value))
}
