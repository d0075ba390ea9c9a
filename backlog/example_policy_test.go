package backlog_test

import (
	"fmt"

	"github.com/footprint-hq/footprint/backlog"
)

// crowdImpact is a host's own policy: impact, raised by 10 % per
// supporter, so that what many people ask for rises.
type crowdImpact struct{}

// Spec names the policy; a meeting records it.
func (crowdImpact) Spec() backlog.PolicySpec { return backlog.PolicySpec{Name: "crowd-impact"} }

// Score must be pure: the same input always gives the same scores.
func (crowdImpact) Score(in backlog.Input) ([]backlog.Score, error) {
	out := make([]backlog.Score, len(in.Candidates))
	for i, c := range in.Candidates {
		factor := 1 + 0.1*float64(c.Support)
		out[i] = backlog.Score{
			Value: c.Estimate.Impact * factor,
			Components: []backlog.Component{
				{Name: "impact", Value: c.Estimate.Impact},
				{Name: "supportFactor", Value: factor},
			},
		}
	}
	return out, nil
}

// Explain is optional (backlog.Explainer).
func (crowdImpact) Explain(c backlog.Candidate, s backlog.Score) string {
	return fmt.Sprintf("impact %g × (1 + 0.1 × support %d) = %.1f", c.Estimate.Impact, c.Support, s.Value)
}

// Write your own policy, test it like any function, and let the meeting
// select with it. Register it on a Service with backlog.WithPolicy.
func ExamplePolicy() {
	snap := backlog.Snapshot{
		Capacity: backlog.Capacity{MaxTopics: 2},
		Candidates: []backlog.Candidate{
			{ItemID: "k8s-operators", Estimate: backlog.Aggregate{Impact: 8}, Support: 0},
			{ItemID: "secure-coding", Estimate: backlog.Aggregate{Impact: 6}, Support: 5},
			{ItemID: "go-generics", Estimate: backlog.Aggregate{Impact: 7}, Support: 1},
		},
	}
	res, err := backlog.Decide(crowdImpact{}, snap)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range res.Entries {
		fmt.Printf("%d. %s: %s (%s)\n", e.Rank, e.ItemID, e.Explanation, e.Reason)
	}
	// Output:
	// 1. secure-coding: impact 6 × (1 + 0.1 × support 5) = 9.0 (fits the capacity)
	// 2. k8s-operators: impact 8 × (1 + 0.1 × support 0) = 8.0 (fits the capacity)
	// 3. go-generics: impact 7 × (1 + 0.1 × support 1) = 7.7 (max topics reached)
}
