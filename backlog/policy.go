package backlog

import (
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
