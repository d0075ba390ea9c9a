package backlog

import "fmt"

// Impact ranks by aggregated impact on business performance, the source
// text's rule: score = impact.
type Impact struct{}

// Spec returns {Name: "impact"}.
func (Impact) Spec() PolicySpec { return PolicySpec{Name: PolicyImpact} }

// Score returns each candidate's aggregated impact, with one component,
// "impact".
func (p Impact) Score(in Input) ([]Score, error) { return scoreAll(p, in, 1) }

func (Impact) values(in Input) ([]float64, func(int, []Component) []Component, error) {
	vals := make([]float64, len(in.Candidates))
	for i := range in.Candidates {
		vals[i] = in.Candidates[i].Estimate.Impact
	}
	return vals, func(i int, dst []Component) []Component {
		return append(dst, Component{"impact", in.Candidates[i].Estimate.Impact})
	}, nil
}

// Explain says "impact 7 (from 4 estimates)".
func (Impact) Explain(c Candidate, s Score) string {
	if c.Estimates == 0 {
		return "not estimated: impact 0"
	}
	return fmt.Sprintf("impact %s (from %s)", num(s.Value), count(c.Estimates, "estimate"))
}
