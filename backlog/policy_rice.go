package backlog

import (
	"fmt"
	"strings"
)

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
