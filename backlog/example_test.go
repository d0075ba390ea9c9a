package backlog_test

import (
	"fmt"

	"github.com/footprint-hq/footprint/backlog"
)

func num(v float64) *float64 { return &v }

// Rank three topics with weighted shortest job first: the small, urgent
// topic beats the big, valuable one.
func ExampleWSJF() {
	candidates := []backlog.Candidate{
		{ItemID: "01", Title: "Observability", Estimate: backlog.Aggregate{
			Impact: 8, TimeCriticality: num(5), RiskReduction: num(3), Effort: num(8)}},
		{ItemID: "02", Title: "Go generics", Estimate: backlog.Aggregate{
			Impact: 5, TimeCriticality: num(2), RiskReduction: num(1), Effort: num(2)}},
		{ItemID: "03", Title: "Domain-driven design", Estimate: backlog.Aggregate{
			Impact: 9, TimeCriticality: num(1), RiskReduction: num(5), Effort: num(13)}},
	}
	ranking, err := backlog.Rank(backlog.WSJF{}, backlog.Input{Candidates: candidates})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i := range ranking.Len() {
		fmt.Printf("%d. %s: %s\n", i+1, ranking.Candidate(i).Title, ranking.Explain(i))
	}
	// Output:
	// 1. Go generics: cost of delay 5 + 2 + 1 = 8 ÷ job size 2 = 4
	// 2. Observability: cost of delay 8 + 5 + 3 = 16 ÷ job size 8 = 2
	// 3. Domain-driven design: cost of delay 9 + 1 + 5 = 15 ÷ job size 13 = 1.15
}

// Compare two policies on the same simulated backlog. On this one,
// ranking by impact alone delivers the most value but lets low-impact
// items wait eleven quarters; aging gives up a little value for a maximum
// wait of five quarters and half as many starved items.
func ExampleSimulate() {
	cfg := backlog.DefaultSimConfig(42) // 12 quarters, 4 new items a quarter, 3 topics
	policies := []backlog.Policy{
		backlog.Impact{},
		backlog.Aging{Base: backlog.Impact{}, Rate: 1},
	}
	fmt.Printf("%-24s %6s %8s %8s %8s\n", "policy", "value", "median", "max", "starved")
	for _, p := range policies {
		rep, err := backlog.Simulate(p, cfg)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-24s %6.0f %8.1f %8d %8d\n", rep.Policy, rep.Value, rep.MedianWait, rep.MaxWait, rep.Starved)
	}
	// Output:
	// policy                    value   median      max  starved
	// impact                      227      0.0       11       11
	// aging(rate=1; impact)       215      2.0        5        6
}
