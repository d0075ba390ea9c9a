package okr

import (
	"math"
	"time"
)

// Progress returns how far current has moved from start toward target:
//
//	(current − start) / (target − start)
//
// The same formula serves increasing and decreasing metrics, because the
// sign of (target − start) follows the direction. Progress is returned as
// is: above 1 when the target is exceeded, below 0 when the metric moved
// the wrong way. For a milestone it is 1 when current ≥ 1 (done) and 0
// otherwise. When target equals start (which a Service never stores) it
// is 0.
func Progress(kind KeyResultKind, start, target, current float64) float64 {
	if kind == Milestone {
		if current >= 1 {
			return 1
		}
		return 0
	}
	if target == start {
		return 0
	}
	return (current - start) / (target - start)
}

// Score clamps a progress value to [0, 1].
func Score(progress float64) float64 {
	switch {
	case math.IsNaN(progress) || progress < 0:
		return 0
	case progress > 1:
		return 1
	default:
		return progress
	}
}

// Progress returns the key result's progress from its current value.
func (kr KeyResult) Progress() float64 {
	return Progress(kr.Kind, kr.Start, kr.Target, kr.Current)
}

// Score returns the key result's score: its progress clamped to [0, 1].
func (kr KeyResult) Score() float64 { return Score(kr.Progress()) }

// WeightedScore returns the weight-averaged score of key results:
//
//	Σ weightᵢ × scoreᵢ / Σ weightᵢ
//
// It is 0 when there are no key results or their weights sum to zero.
func WeightedScore(krs []KeyResult) float64 {
	var sum, weights float64
	for _, kr := range krs {
		sum += kr.Weight * kr.Score()
		weights += kr.Weight
	}
	if weights <= 0 {
		return 0
	}
	return sum / weights
}

// Score returns the objective's score: the final score once closed,
// otherwise the weighted score of its key results.
func (o Objective) Score() float64 {
	if o.Closing != nil {
		return o.Closing.Final()
	}
	return WeightedScore(o.KeyResults)
}

// GoalProgress returns the mean score of the active and closed objectives
// among objs; drafts do not count. It is 0 when none counts.
func GoalProgress(objs []Objective) float64 {
	var sum float64
	var n int
	for _, o := range objs {
		if o.Status == ObjectiveDraft {
			continue
		}
		sum += o.Score()
		n++
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}

// Grade is the colour of a score on the 0–1 scale.
type Grade string

// Grades, following Google's OKR convention: 0.0–0.3 red, 0.4–0.6 yellow,
// 0.7–1.0 green. Exactly: score < 0.4 is red, 0.4 ≤ score < 0.7 is yellow,
// score ≥ 0.7 is green.
const (
	Red    Grade = "red"
	Yellow Grade = "yellow"
	Green  Grade = "green"
)

// GradeOf returns the colour of a score.
func GradeOf(score float64) Grade {
	switch {
	case score >= 0.7:
		return Green
	case score >= 0.4:
		return Yellow
	default:
		return Red
	}
}

// Date returns the calendar date of t in UTC, as midnight UTC.
func Date(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Year returns the period of calendar year y: January 1 to December 31.
func Year(y int) Period {
	return Period{
		Start: time.Date(y, time.January, 1, 0, 0, 0, 0, time.UTC),
		End:   time.Date(y, time.December, 31, 0, 0, 0, 0, time.UTC),
	}
}

// Days returns the number of calendar days in the period, both ends
// included; 0 when End is before Start.
func (p Period) Days() int {
	d := days(Date(p.Start), Date(p.End)) + 1
	if d < 0 {
		return 0
	}
	return d
}

// Elapsed returns the fraction of the period gone by at the given moment,
// counted in whole calendar days (UTC) with the day of at included: on the
// first day of a 365-day period it is 1/365, on the last day and after it
// is 1, before the first day it is 0.
func (p Period) Elapsed(at time.Time) float64 {
	total := p.Days()
	if total == 0 {
		return 0
	}
	gone := days(Date(p.Start), Date(at)) + 1
	switch {
	case gone <= 0:
		return 0
	case gone >= total:
		return 1
	default:
		return float64(gone) / float64(total)
	}
}

// Contains reports whether the day of t lies within the period.
func (p Period) Contains(t time.Time) bool {
	d := Date(t)
	return !d.Before(Date(p.Start)) && !d.After(Date(p.End))
}

func days(from, to time.Time) int {
	return int(math.Round(to.Sub(from).Hours() / 24))
}

// PaceStatus says whether an objective or key result keeps up with the
// time gone by in its period.
type PaceStatus string

// Pace statuses.
const (
	// PaceNotStarted: the period has not begun.
	PaceNotStarted PaceStatus = "not_started"
	PaceOnTrack    PaceStatus = "on_track"
	PaceAtRisk     PaceStatus = "at_risk"
	PaceOffTrack   PaceStatus = "off_track"
)

// Pace holds the rules that turn a score and a date into a PaceStatus.
//
// The expected score at a date is the elapsed fraction of the period times
// the target of the objective's kind. The gap is expected − score. A gap of
// at most OnTrackGap is on track, at most AtRiskGap at risk, and anything
// larger off track.
type Pace struct {
	// CommittedTarget is the score a committed objective should reach by
	// the end of its period.
	CommittedTarget float64
	// AspirationalTarget is the score an aspirational objective should
	// reach by the end of its period.
	AspirationalTarget float64
	// OnTrackGap and AtRiskGap bound the gap between expected and actual
	// score; 0 ≤ OnTrackGap ≤ AtRiskGap.
	OnTrackGap float64
	AtRiskGap  float64
}

// DefaultPace expects committed objectives to reach 1.0 and aspirational
// ones 0.7, and allows a gap of 0.1 on track and 0.25 at risk.
var DefaultPace = Pace{CommittedTarget: 1, AspirationalTarget: 0.7, OnTrackGap: 0.1, AtRiskGap: 0.25}

// Target returns the score expected at the end of a period for kind.
func (p Pace) Target(kind ObjectiveKind) float64 {
	if kind == Aspirational {
		return p.AspirationalTarget
	}
	return p.CommittedTarget
}

// Expected returns the score expected at the given moment: the elapsed
// fraction of the period times the target of kind.
func (p Pace) Expected(kind ObjectiveKind, period Period, at time.Time) float64 {
	return period.Elapsed(at) * p.Target(kind)
}

// Status returns the pace status of score at the given moment.
func (p Pace) Status(kind ObjectiveKind, period Period, score float64, at time.Time) PaceStatus {
	if Date(at).Before(Date(period.Start)) {
		return PaceNotStarted
	}
	gap := p.Expected(kind, period, at) - score
	switch {
	case gap <= p.OnTrackGap+1e-9:
		return PaceOnTrack
	case gap <= p.AtRiskGap+1e-9:
		return PaceAtRisk
	default:
		return PaceOffTrack
	}
}

// Trend is a key result's latest confidence and its change since the
// previous check-in.
type Trend struct {
	Latest int `json:"latest"`
	// Change is Latest minus the previous confidence; 0 when there was
	// only one check-in.
	Change int `json:"change"`
}

// Trend returns the key result's confidence trend, or nil before its first
// check-in.
func (kr KeyResult) Trend() *Trend {
	if kr.Confidence == nil {
		return nil
	}
	t := &Trend{Latest: *kr.Confidence}
	if kr.PreviousConfidence != nil {
		t.Change = *kr.Confidence - *kr.PreviousConfidence
	}
	return t
}
