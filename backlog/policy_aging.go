package backlog

import (
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/footprint-hq/footprint/storage"
)

func buildAging(spec PolicySpec, build func(PolicySpec) (Policy, error)) (Policy, error) {
	a := Aging{Rate: DefaultAgingRate}
	var errs []storage.FieldError
	for _, k := range slices.Sorted(maps.Keys(spec.Params)) {
		v := spec.Params[k]
		switch {
		case k != "rate":
			errs = append(errs, storage.FieldError{Field: "params." + k, Message: "is not a parameter of policy aging"})
		case !(v > 0 && v <= 100): // 0 would mean the default in an Aging value
			errs = append(errs, storage.FieldError{Field: "params.rate", Message: "must be greater than 0 and at most 100"})
		default:
			a.Rate = v
		}
	}
	base := PolicySpec{Name: PolicyImpact}
	if spec.Base != nil {
		base = *spec.Base
	}
	b, err := build(base)
	if err != nil {
		var verr *storage.ValidationError
		if !errors.As(err, &verr) {
			return nil, err
		}
		for _, f := range verr.Fields {
			errs = append(errs, storage.FieldError{Field: "base." + f.Field, Message: f.Message})
		}
	}
	if errs != nil {
		ve := &storage.ValidationError{Fields: errs}
		if errors.Is(err, ErrUnknownPolicy) {
			return nil, errors.Join(ErrUnknownPolicy, ve)
		}
		return nil, ve
	}
	a.Base = b
	return a, nil
}

// Aging decorates a policy against starvation: the longer a candidate has
// waited, the higher its score.
//
//	score = base score × (1 + rate × age)
//
// where age is the candidate's Age in quarters. The factor is a multiple,
// so it works on any base policy's scale; a base score of 0 stays 0.
type Aging struct {
	// Base is the policy whose scores are raised; Impact when nil.
	Base Policy
	// Rate is the raise per quarter waited: 0.1 adds 10 % of the base
	// score per quarter. 0 means DefaultAgingRate, so Aging{} is Aging
	// over Impact at the default rate, as PolicyByName("aging") is; for no
	// raise at all, use the base policy itself.
	Rate float64
}

func (a Aging) base() Policy {
	if a.Base == nil {
		return Impact{}
	}
	return a.Base
}

func (a Aging) rate() float64 {
	if a.Rate == 0 {
		return DefaultAgingRate
	}
	return a.Rate
}

// Spec returns {Name: "aging", Params: {"rate": Rate}, Base: base's spec},
// with the default rate when Rate is 0.
func (a Aging) Spec() PolicySpec {
	b := a.base().Spec()
	return PolicySpec{Name: PolicyAging, Params: map[string]float64{"rate": a.rate()}, Base: &b}
}

// Requires returns what the base policy requires.
func (a Aging) Requires() []EstimateField {
	if r, ok := a.base().(Requirer); ok {
		return r.Requires()
	}
	return nil
}

// Score raises the base policy's scores. The components are the base
// policy's followed by baseScore, age and agingFactor.
func (a Aging) Score(in Input) ([]Score, error) { return scoreAll(a, in, 4) }

func (a Aging) values(in Input) ([]float64, func(int, []Component) []Component, error) {
	base := a.base()
	var (
		baseVals      []float64
		baseBreakdown func(int, []Component) []Component
		err           error
	)
	if v, ok := valuerOf(base); ok {
		baseVals, baseBreakdown, err = v.values(in)
		if err != nil {
			return nil, nil, err
		}
	} else {
		scores, err := base.Score(in)
		if err != nil {
			return nil, nil, err
		}
		baseVals = make([]float64, len(scores))
		for i := range scores {
			baseVals[i] = scores[i].Value
		}
		baseBreakdown = func(i int, dst []Component) []Component { return append(dst, scores[i].Components...) }
	}
	if len(baseVals) != len(in.Candidates) {
		return nil, nil, fmt.Errorf("base policy %s returned %d scores for %d candidates", base.Spec().Name, len(baseVals), len(in.Candidates))
	}
	factor := func(i int) (age, f float64) {
		age = float64(in.Candidates[i].Age)
		return age, 1 + a.rate()*age
	}
	vals := make([]float64, len(baseVals))
	for i, v := range baseVals {
		_, f := factor(i)
		vals[i] = v * f
	}
	return vals, func(i int, dst []Component) []Component {
		age, f := factor(i)
		dst = baseBreakdown(i, dst)
		return append(dst, Component{"baseScore", baseVals[i]}, Component{"age", age}, Component{"agingFactor", f})
	}, nil
}

// Explain gives the base policy's explanation followed by "; waited 2
// quarters: × 1.2 = 2.88".
func (a Aging) Explain(c Candidate, s Score) string {
	n := len(s.Components)
	if n < 3 {
		return explainComponents(s)
	}
	base := Score{Value: s.Components[n-3].Value, Components: s.Components[:n-3]}
	return fmt.Sprintf("%s; waited %s: × %s = %s",
		Explain(a.base(), c, base), count(c.Age, "quarter"), num(s.Components[n-1].Value), num(s.Value))
}
