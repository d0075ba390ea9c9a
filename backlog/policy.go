package backlog

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/footprint-hq/footprint/storage"
)

// Policy scores the candidates of a prioritisation meeting. Implementations
// must be pure and deterministic: the same Input always gives the same
// scores, with no clock, randomness, context or store. Rank orders the
// candidates by these scores and breaks ties itself.
//
// A Policy may also implement Explainer, to describe a score in words, and
// Requirer, to make participants supply the estimate fields it needs.
type Policy interface {
	// Spec names the policy and its parameters, defaults filled in. A
	// closed meeting records it, and a builder given it must return a
	// policy that scores the same way.
	Spec() PolicySpec
	// Score returns one Score per candidate, in the order of
	// in.Candidates. Scores must be finite numbers; higher ranks first.
	Score(in Input) ([]Score, error)
}

// Explainer is implemented by policies that describe a score in words.
type Explainer interface {
	// Explain says how s, the score the policy gave c, was computed.
	Explain(c Candidate, s Score) string
}

// Requirer is implemented by policies that need estimate fields besides
// impact. Service.SubmitEstimates rejects an estimate for a meeting with
// such a policy when a required field is missing, naming the field.
type Requirer interface {
	// Requires lists the fields every estimate must have.
	Requires() []EstimateField
}

// EstimateField names an optional field of an Estimate, as in JSON.
type EstimateField string

// Optional estimate fields.
const (
	FieldTimeCriticality EstimateField = "timeCriticality"
	FieldRiskReduction   EstimateField = "riskReduction"
	FieldReach           EstimateField = "reach"
	FieldConfidence      EstimateField = "confidence"
	FieldEffort          EstimateField = "effort"
)

// Input is what a policy scores: the candidates and the participants'
// ranked ballots.
type Input struct {
	Candidates []Candidate `json:"candidates"`
	Ballots    []Ballot    `json:"ballots"`
}

// Score is a policy's verdict on one candidate.
type Score struct {
	// Value orders the candidates: higher ranks first.
	Value float64 `json:"value"`
	// Components are the named values the policy combined, in the order
	// its formula uses them.
	Components []Component `json:"components"`
}

// Component is one named part of a score.
type Component struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
}

// PolicySpec names a policy and its parameters, so that a meeting can
// record the policy it used and build it again.
type PolicySpec struct {
	// Name identifies the policy, in lower case, such as "wsjf".
	Name string `json:"name"`
	// Params are the policy's numeric parameters, such as the Aging
	// policy's "rate".
	Params map[string]float64 `json:"params,omitempty"`
	// Base is the policy a decorator such as Aging wraps.
	Base *PolicySpec `json:"base,omitempty"`
}

// String returns a compact form such as "aging(rate=0.1; wsjf)".
func (p PolicySpec) String() string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(p.Params)) {
		parts = append(parts, k+"="+num(p.Params[k]))
	}
	s := strings.Join(parts, ", ")
	if p.Base != nil {
		if s != "" {
			s += "; "
		}
		s += p.Base.String()
	}
	if s == "" {
		return p.Name
	}
	return p.Name + "(" + s + ")"
}

// PolicyBuilder builds a policy from its specification. It returns a
// *storage.ValidationError for a specification it cannot build, with field
// paths relative to the specification ("params.rate").
type PolicyBuilder func(spec PolicySpec) (Policy, error)

// Built-in policy names.
const (
	PolicyImpact = "impact"
	PolicyWSJF   = "wsjf"
	PolicyRICE   = "rice"
	PolicyBorda  = "borda"
	PolicyAging  = "aging"
)

// DefaultAgingRate is the Aging policy's rate when its spec gives none.
const DefaultAgingRate = 0.1

type builder func(spec PolicySpec, build func(PolicySpec) (Policy, error)) (Policy, error)

var builtins = map[string]builder{
	PolicyImpact: simple(Impact{}),
	PolicyWSJF:   simple(WSJF{}),
	PolicyRICE:   simple(RICE{}),
	PolicyBorda:  simple(Borda{}),
	PolicyAging:  buildAging,
}

// PolicyNames lists the names of the built-in policies, sorted.
func PolicyNames() []string { return slices.Sorted(maps.Keys(builtins)) }

// PolicyByName returns a built-in policy with its default parameters:
// "impact", "wsjf", "rice", "borda", or "aging" (Aging over Impact with
// DefaultAgingRate). It returns an error wrapping ErrUnknownPolicy for
// another name.
func PolicyByName(name string) (Policy, error) { return BuildPolicy(PolicySpec{Name: name}) }

// BuildPolicy builds a built-in policy from its specification: the name,
// the parameters that differ from the defaults and, for "aging", the base
// policy (Impact when nil). It returns a *storage.ValidationError naming
// the bad field of the spec ("name", "params.rate", "base.name"); an
// unknown name also matches ErrUnknownPolicy.
func BuildPolicy(spec PolicySpec) (Policy, error) { return buildWith(spec, nil) }

// buildWith builds spec looking names up in custom first, then among the
// built-ins.
func buildWith(spec PolicySpec, custom map[string]PolicyBuilder) (Policy, error) {
	var build func(PolicySpec) (Policy, error)
	build = func(spec PolicySpec) (Policy, error) {
		name := strings.ToLower(strings.TrimSpace(spec.Name))
		if name == "" {
			return nil, storage.Invalid("name", "is required")
		}
		spec.Name = name
		if b, ok := custom[name]; ok {
			p, err := b(spec)
			switch {
			case err != nil:
				return nil, err
			case p == nil:
				return nil, storage.Invalid("name", fmt.Sprintf("policy %q: its builder returned no policy", name))
			case p.Spec().Name != name:
				// The meeting would record the other name and fail to
				// build it again when estimates come in or it closes.
				return nil, storage.Invalid("name", fmt.Sprintf("policy %q: its builder returned a policy named %q", name, p.Spec().Name))
			}
			return p, nil
		}
		b, ok := builtins[name]
		if !ok {
			names := slices.Sorted(maps.Keys(builtins))
			for n := range custom {
				names = append(names, n)
			}
			slices.Sort(names)
			return nil, &unknownPolicyError{name: name, known: names}
		}
		return b(spec, build)
	}
	return build(spec)
}

// unknownPolicyError is a validation error on "name" that also matches
// ErrUnknownPolicy.
type unknownPolicyError struct {
	name  string
	known []string
}

// Error names the policy and the known ones.
func (e *unknownPolicyError) Error() string {
	return fmt.Sprintf("backlog: unknown policy %q (known: %s)", e.name, strings.Join(e.known, ", "))
}

// Unwrap makes the error match ErrUnknownPolicy and a
// *storage.ValidationError on "name".
func (e *unknownPolicyError) Unwrap() []error {
	return []error{ErrUnknownPolicy, &storage.ValidationError{Fields: []storage.FieldError{
		{Field: "name", Message: "must be one of: " + strings.Join(e.known, ", ")},
	}}}
}

// simple builds a policy without parameters or base.
func simple(p Policy) builder {
	return func(spec PolicySpec, _ func(PolicySpec) (Policy, error)) (Policy, error) {
		var errs []storage.FieldError
		for _, k := range slices.Sorted(maps.Keys(spec.Params)) {
			errs = append(errs, storage.FieldError{Field: "params." + k, Message: "is not a parameter of policy " + spec.Name})
		}
		if spec.Base != nil {
			errs = append(errs, storage.FieldError{Field: "base", Message: "must be omitted: policy " + spec.Name + " wraps no other"})
		}
		if errs != nil {
			return nil, &storage.ValidationError{Fields: errs}
		}
		return p, nil
	}
}

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

// Explain returns the explanation of score s of candidate c under policy
// p: the policy's own when it is an Explainer, else the score followed by
// its components, such as "score 7 (impact 7)".
func Explain(p Policy, c Candidate, s Score) string {
	if e, ok := p.(Explainer); ok {
		return e.Explain(c, s)
	}
	return explainComponents(s)
}

// explainComponents says "score 7 (impact 7)".
func explainComponents(s Score) string {
	var b strings.Builder
	b.WriteString("score ")
	b.WriteString(num(s.Value))
	for i, comp := range s.Components {
		if i == 0 {
			b.WriteString(" (")
		} else {
			b.WriteString(", ")
		}
		b.WriteString(comp.Name)
		b.WriteByte(' ')
		b.WriteString(num(comp.Value))
		if i == len(s.Components)-1 {
			b.WriteByte(')')
		}
	}
	return b.String()
}

// num formats a number for explanations: rounded to two decimals, without
// trailing zeros.
func num(v float64) string {
	r := math.Round(v*100) / 100
	if r == 0 {
		r = 0 // no "-0"
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// count says "1 estimate" or "3 estimates".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

func val(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

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

// RICE is reach × impact × confidence ÷ effort:
//
//	score = reach × impact × (confidence ÷ 100) ÷ effort
//
// with confidence in percent. A candidate missing reach, confidence or
// effort scores 0.
type RICE struct{}

// Spec returns {Name: "rice"}.
func (RICE) Spec() PolicySpec { return PolicySpec{Name: PolicyRICE} }

// Requires returns reach, confidence and effort.
func (RICE) Requires() []EstimateField {
	return []EstimateField{FieldReach, FieldConfidence, FieldEffort}
}

// Score computes RICE with components reach, impact, confidence and
// effort.
func (p RICE) Score(in Input) ([]Score, error) { return scoreAll(p, in, 4) }

// rice computes the parts of a RICE score.
func rice(e *Aggregate) (reach, conf, effort, v float64) {
	reach, conf, effort = val(e.Reach), val(e.Confidence), val(e.Effort)
	if e.Reach != nil && e.Confidence != nil && effort > 0 {
		v = reach * e.Impact * (conf / 100) / effort
	}
	return reach, conf, effort, v
}

func (RICE) values(in Input) ([]float64, func(int, []Component) []Component, error) {
	vals := make([]float64, len(in.Candidates))
	for i := range in.Candidates {
		_, _, _, vals[i] = rice(&in.Candidates[i].Estimate)
	}
	return vals, func(i int, dst []Component) []Component {
		e := &in.Candidates[i].Estimate
		reach, conf, effort, _ := rice(e)
		return append(dst, Component{"reach", reach}, Component{"impact", e.Impact},
			Component{"confidence", conf}, Component{"effort", effort})
	}, nil
}

// Explain says "reach 200 × impact 6 × confidence 80% ÷ effort 4 = 240".
func (RICE) Explain(c Candidate, s Score) string {
	e := c.Estimate
	var missing []string
	if e.Reach == nil {
		missing = append(missing, "reach")
	}
	if e.Confidence == nil {
		missing = append(missing, "confidence")
	}
	if e.Effort == nil || *e.Effort <= 0 {
		missing = append(missing, "effort")
	}
	if missing != nil {
		return "no " + strings.Join(missing, ", ") + " estimate: score 0"
	}
	return fmt.Sprintf("reach %s × impact %s × confidence %s%% ÷ effort %s = %s",
		num(*e.Reach), num(e.Impact), num(*e.Confidence), num(*e.Effort), num(s.Value))
}

// Borda counts points over the participants' ranked ballots. A ballot
// ranking m candidates gives its first m points, its second m − 1, … and
// its last 1; candidates it leaves out get 0, and entries that are not
// candidates, or repeat an earlier entry, are ignored. The score is the
// sum over all ballots.
type Borda struct{}

// Spec returns {Name: "borda"}.
func (Borda) Spec() PolicySpec { return PolicySpec{Name: PolicyBorda} }

// Score computes Borda points with components points and ballots (the
// number of ballots that rank the candidate).
func (p Borda) Score(in Input) ([]Score, error) { return scoreAll(p, in, 2) }

func (Borda) values(in Input) ([]float64, func(int, []Component) []Component, error) {
	n := len(in.Candidates)
	index := make(map[string]int, n)
	for i, c := range in.Candidates {
		index[c.ItemID] = i
	}
	points := make([]float64, n)
	ballots := make([]float64, n)
	seen := make([]int, n) // ballot number + 1 that last counted a candidate
	for b, ballot := range in.Ballots {
		ranked := make([]int, 0, len(ballot.Items))
		for _, id := range ballot.Items {
			if i, ok := index[id]; ok && seen[i] != b+1 {
				seen[i] = b + 1
				ranked = append(ranked, i)
			}
		}
		for p, i := range ranked {
			points[i] += float64(len(ranked) - p)
			ballots[i]++
		}
	}
	return points, func(i int, dst []Component) []Component {
		return append(dst, Component{"points", points[i]}, Component{"ballots", ballots[i]})
	}, nil
}

// Explain says "12 points from 3 ballots".
func (Borda) Explain(_ Candidate, s Score) string {
	ballots := 0.0
	for _, c := range s.Components {
		if c.Name == "ballots" {
			ballots = c.Value
		}
	}
	return fmt.Sprintf("%s points from %s", num(s.Value), count(int(ballots), "ballot"))
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
