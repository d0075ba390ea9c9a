package backlog

import "slices"

// AggregateEstimates combines the estimates of one item field by field
// with the given aggregation (Median when empty). Fields nobody gave stay
// nil; Impact is 0 without estimates. Estimates are taken in the order
// given; the median does not depend on it.
func AggregateEstimates(ests []Estimate, how Aggregation) Aggregate {
	pick := func(f func(*Estimate) *float64) *float64 {
		var vs []float64
		for i := range ests {
			if v := f(&ests[i]); v != nil {
				vs = append(vs, *v)
			}
		}
		if len(vs) == 0 {
			return nil
		}
		v := combine(vs, how)
		return &v
	}
	a := Aggregate{
		TimeCriticality: pick(func(e *Estimate) *float64 { return e.TimeCriticality }),
		RiskReduction:   pick(func(e *Estimate) *float64 { return e.RiskReduction }),
		Reach:           pick(func(e *Estimate) *float64 { return e.Reach }),
		Confidence:      pick(func(e *Estimate) *float64 { return e.Confidence }),
		Effort:          pick(func(e *Estimate) *float64 { return e.Effort }),
	}
	if v := pick(func(e *Estimate) *float64 { return e.Impact }); v != nil {
		a.Impact = *v
	}
	return a
}

func combine(vs []float64, how Aggregation) float64 {
	if how == Mean {
		sum := 0.0
		for _, v := range vs {
			sum += v
		}
		return sum / float64(len(vs))
	}
	slices.Sort(vs)
	n := len(vs)
	if n%2 == 1 {
		return vs[n/2]
	}
	return (vs[n/2-1] + vs[n/2]) / 2
}
