// Command policylab compares prioritisation policies on simulated
// learning backlogs: the built-in ones and a policy of its own, written
// here in a few lines, the way a platform team tests its own idea before
// using it in prioritisation meetings.
//
//	go run ./examples/policylab [-quarters 12] [-seeds 20]
//
// Each policy replays the same simulated quarters (the same items,
// arrivals and noisy estimates for a given seed) and the table reports,
// averaged over the seeds: the value delivered (the true impact of what
// was selected), how long selected items waited, and how many items were
// left starving.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/footprint-hq/footprint/backlog"
)

// quickWins is this lab's own policy: impact per unit of effort, raised by
// a quarter for each quarter an item has waited, so that cheap topics go
// first without leaving big ones to starve.
type quickWins struct{}

// Spec names the policy.
func (quickWins) Spec() backlog.PolicySpec { return backlog.PolicySpec{Name: "quick-wins"} }

// Score is pure: the same candidates always get the same scores.
func (quickWins) Score(in backlog.Input) ([]backlog.Score, error) {
	out := make([]backlog.Score, len(in.Candidates))
	for i, c := range in.Candidates {
		effort := 1.0
		if c.Estimate.Effort != nil && *c.Estimate.Effort > 0 {
			effort = *c.Estimate.Effort
		}
		waiting := 1 + 0.25*float64(c.Age)
		out[i] = backlog.Score{
			Value: c.Estimate.Impact / effort * waiting,
			Components: []backlog.Component{
				{Name: "impact", Value: c.Estimate.Impact},
				{Name: "effort", Value: effort},
				{Name: "waiting", Value: waiting},
			},
		}
	}
	return out, nil
}

func main() {
	quarters := flag.Int("quarters", 12, "quarters to simulate")
	seeds := flag.Int("seeds", 20, "simulated backlogs to average over")
	flag.Parse()
	if err := run(os.Stdout, *quarters, *seeds); err != nil {
		fmt.Fprintln(os.Stderr, "policylab:", err)
		os.Exit(1)
	}
}

// row is one policy's averages.
type row struct {
	name                                string
	value, medianWait, maxWait, starved float64
}

// policies are the contenders: every built-in policy, aging on top of
// impact, and quickWins.
func policies() ([]backlog.Policy, error) {
	var ps []backlog.Policy
	for _, name := range backlog.PolicyNames() {
		p, err := backlog.BuildPolicy(backlog.PolicySpec{Name: name})
		if err != nil {
			return nil, err
		}
		ps = append(ps, p)
	}
	return append(ps, quickWins{}), nil
}

// run simulates every policy on the same seeds and prints the table,
// best value first.
func run(w io.Writer, quarters, seeds int) error {
	if quarters < 1 || seeds < 1 {
		return fmt.Errorf("quarters and seeds must be at least 1")
	}
	ps, err := policies()
	if err != nil {
		return err
	}
	var rows []row
	for _, p := range ps {
		r := row{name: p.Spec().Name}
		for seed := range seeds {
			cfg := backlog.DefaultSimConfig(uint64(seed + 1))
			cfg.Quarters = quarters
			rep, err := backlog.Simulate(p, cfg)
			if err != nil {
				return fmt.Errorf("%s, seed %d: %w", r.name, seed+1, err)
			}
			r.value += rep.Value
			r.medianWait += rep.MedianWait
			r.maxWait += float64(rep.MaxWait)
			r.starved += float64(rep.Starved)
		}
		n := float64(seeds)
		r.value, r.medianWait, r.maxWait, r.starved = r.value/n, r.medianWait/n, r.maxWait/n, r.starved/n
		rows = append(rows, r)
	}
	slices.SortStableFunc(rows, func(a, b row) int {
		switch {
		case a.value > b.value:
			return -1
		case a.value < b.value:
			return 1
		}
		return 0
	})
	cfg := backlog.DefaultSimConfig(1)
	fmt.Fprintf(w, "%d quarters, %d simulated backlogs; %d new items a quarter on average, %d topics a quarter\n\n",
		quarters, seeds, cfg.Arrivals, cfg.Capacity.MaxTopics)
	fmt.Fprintf(w, "%-12s %10s %12s %10s %9s\n", "policy", "value", "median wait", "max wait", "starved")
	for _, r := range rows {
		fmt.Fprintf(w, "%-12s %10.1f %12.2f %10.2f %9.2f\n", r.name, r.value, r.medianWait, r.maxWait, r.starved)
	}
	fmt.Fprintln(w, "\nvalue: true impact of the selected items; waits in quarters; starved: items open for")
	fmt.Fprintf(w, "%d quarters or more at the end. quick-wins is defined in examples/policylab/main.go.\n", cfg.StarvedAfter)
	return nil
}
