package okr_test

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/storage"
)

func TestProgressAndScore(t *testing.T) {
	tests := []struct {
		name                   string
		kind                   okr.KeyResultKind
		start, target, current float64
		progress, score        float64
	}{
		{"increase halfway", okr.Increase, 0, 10, 5, 0.5, 0.5},
		{"increase from a non-zero start", okr.Increase, 20, 30, 25, 0.5, 0.5},
		{"increase not moved", okr.Increase, 20, 30, 20, 0, 0},
		{"increase reached", okr.Increase, 0, 10, 10, 1, 1},
		{"increase over-achieved", okr.Increase, 0, 10, 12, 1.2, 1},
		{"increase went backwards", okr.Increase, 0, 10, -2, -0.2, 0},
		{"decrease partly", okr.Decrease, 10, 5, 7, 0.6, 0.6},
		{"decrease reached", okr.Decrease, 10, 5, 5, 1, 1},
		{"decrease over-achieved", okr.Decrease, 10, 5, 4, 1.2, 1},
		{"decrease went the wrong way", okr.Decrease, 10, 5, 12, -0.4, 0},
		{"decrease to zero", okr.Decrease, 40, 0, 10, 0.75, 0.75},
		{"milestone not done", okr.Milestone, 0, 1, 0, 0, 0},
		{"milestone done", okr.Milestone, 0, 1, 1, 1, 1},
		{"target equal to start", okr.Increase, 3, 3, 5, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := okr.Progress(tt.kind, tt.start, tt.target, tt.current)
			assert.InDelta(t, tt.progress, p, 1e-12, "progress")
			assert.InDelta(t, tt.score, okr.Score(p), 1e-12, "score")
			kr := okr.KeyResult{Kind: tt.kind, Start: tt.start, Target: tt.target, Current: tt.current, Weight: 1}
			assert.InDelta(t, tt.progress, kr.Progress(), 1e-12)
			assert.InDelta(t, tt.score, kr.Score(), 1e-12)
		})
	}
	assert.Equal(t, 0.0, okr.Score(math.NaN()))
}

func TestWeightedScore(t *testing.T) {
	kr := func(current, weight float64) okr.KeyResult {
		return okr.KeyResult{Kind: okr.Increase, Start: 0, Target: 10, Current: current, Weight: weight}
	}
	tests := []struct {
		name string
		krs  []okr.KeyResult
		want float64
	}{
		{"none", nil, 0},
		{"one", []okr.KeyResult{kr(4, 1)}, 0.4},
		{"equal weights", []okr.KeyResult{kr(4, 1), kr(8, 1)}, 0.6},
		{"weights 2 and 1", []okr.KeyResult{kr(5, 2), kr(10, 1)}, 2.0 / 3},
		{"over-achievement is clamped before averaging", []okr.KeyResult{kr(20, 1), kr(0, 1)}, 0.5},
		{"a milestone among metrics", []okr.KeyResult{kr(5, 1), {Kind: okr.Milestone, Target: 1, Current: 1, Weight: 3}}, (0.5 + 3) / 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.InDelta(t, tt.want, okr.WeightedScore(tt.krs), 1e-12)
			assert.InDelta(t, tt.want, okr.Objective{KeyResults: tt.krs}.Score(), 1e-12)
		})
	}
}

func TestObjectiveScoreOnceClosed(t *testing.T) {
	krs := []okr.KeyResult{{Kind: okr.Increase, Start: 0, Target: 10, Current: 9, Weight: 1}}
	o := okr.Objective{Status: okr.ObjectiveClosed, KeyResults: krs, Closing: &okr.Closing{Score: 0.5}}
	assert.Equal(t, 0.5, o.Score(), "a closed objective keeps the score computed at closing")
	override := 0.7
	o.Closing.Override = &override
	assert.Equal(t, 0.7, o.Score(), "the owner's override wins")
}

func TestGoalProgress(t *testing.T) {
	obj := func(status okr.ObjectiveStatus, current float64) okr.Objective {
		return okr.Objective{Status: status, KeyResults: []okr.KeyResult{{Kind: okr.Increase, Target: 10, Current: current, Weight: 1}}}
	}
	closed := obj(okr.ObjectiveClosed, 0)
	closed.Closing = &okr.Closing{Score: 0.9}
	assert.Equal(t, 0.0, okr.GoalProgress(nil))
	assert.InDelta(t, 0.4, okr.GoalProgress([]okr.Objective{obj(okr.ObjectiveActive, 4)}), 1e-12)
	assert.InDelta(t, 0.65, okr.GoalProgress([]okr.Objective{obj(okr.ObjectiveActive, 4), closed}), 1e-12)
	assert.InDelta(t, 0.65, okr.GoalProgress([]okr.Objective{obj(okr.ObjectiveActive, 4), closed, obj(okr.ObjectiveDraft, 10)}), 1e-12,
		"drafts do not count")
	assert.Equal(t, 0.0, okr.GoalProgress([]okr.Objective{obj(okr.ObjectiveDraft, 10)}))
}

func TestGradeOf(t *testing.T) {
	tests := []struct {
		score float64
		want  okr.Grade
	}{
		{0, okr.Red}, {0.3, okr.Red}, {0.3999, okr.Red},
		{0.4, okr.Yellow}, {0.6, okr.Yellow}, {0.6999, okr.Yellow},
		{0.7, okr.Green}, {1, okr.Green},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, okr.GradeOf(tt.score), "score %v", tt.score)
	}
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestPeriodElapsed(t *testing.T) {
	y := okr.Year(2026)
	assert.Equal(t, 365, y.Days())
	assert.Equal(t, 366, okr.Year(2024).Days(), "leap year")
	q := okr.Period{Start: day(2026, 4, 1), End: day(2026, 6, 30)}
	assert.Equal(t, 91, q.Days())
	assert.Equal(t, 0, okr.Period{Start: day(2026, 2, 1), End: day(2026, 1, 1)}.Days())
	tests := []struct {
		name string
		p    okr.Period
		at   time.Time
		want float64
	}{
		{"before the first day", y, day(2025, 12, 31).Add(23 * time.Hour), 0},
		{"the first day counts", y, day(2026, 1, 1), 1.0 / 365},
		{"time of day does not matter", y, day(2026, 1, 1).Add(23*time.Hour + 59*time.Minute), 1.0 / 365},
		{"mid year", y, day(2026, 7, 2), 183.0 / 365},
		{"the last day", y, day(2026, 12, 31), 1},
		{"after the end", y, day(2027, 3, 1), 1},
		{"other zones count by UTC date", y, time.Date(2026, 1, 2, 0, 30, 0, 0, time.FixedZone("CET", 3600)), 1.0 / 365},
		{"one-day period", okr.Period{Start: day(2026, 5, 5), End: day(2026, 5, 5)}, day(2026, 5, 5), 1},
		{"quarter, day 10", q, day(2026, 4, 10), 10.0 / 91},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.InDelta(t, tt.want, tt.p.Elapsed(tt.at), 1e-12)
		})
	}
	assert.True(t, y.Contains(day(2026, 12, 31).Add(20*time.Hour)))
	assert.False(t, y.Contains(day(2027, 1, 1)))
}

func TestPace(t *testing.T) {
	y := okr.Year(2026)
	mid := day(2026, 7, 2) // 183/365 ≈ 0.5014 elapsed
	p := okr.DefaultPace
	assert.InDelta(t, 183.0/365, p.Expected(okr.Committed, y, mid), 1e-12)
	assert.InDelta(t, 0.7*183/365, p.Expected(okr.Aspirational, y, mid), 1e-12)
	tests := []struct {
		name  string
		kind  okr.ObjectiveKind
		score float64
		at    time.Time
		want  okr.PaceStatus
	}{
		{"before the period", okr.Committed, 0, day(2025, 12, 1), okr.PaceNotStarted},
		{"ahead", okr.Committed, 0.8, mid, okr.PaceOnTrack},
		{"slightly behind", okr.Committed, 0.45, mid, okr.PaceOnTrack},
		{"at risk", okr.Committed, 0.3, mid, okr.PaceAtRisk},
		{"off track", okr.Committed, 0.2, mid, okr.PaceOffTrack},
		{"aspirational expects less", okr.Aspirational, 0.3, mid, okr.PaceOnTrack},
		{"aspirational off track", okr.Aspirational, 0.05, mid, okr.PaceOffTrack},
		{"end of period, committed needs 1.0", okr.Committed, 0.85, day(2026, 12, 31), okr.PaceAtRisk},
		{"end of period, met", okr.Committed, 1, day(2026, 12, 31), okr.PaceOnTrack},
		{"gap of exactly 0.1 is on track", okr.Committed, 0.9, day(2026, 12, 31), okr.PaceOnTrack},
		{"gap of exactly 0.25 is at risk", okr.Committed, 0.75, day(2026, 12, 31), okr.PaceAtRisk},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, p.Status(tt.kind, y, tt.score, tt.at))
		})
	}
	strict := okr.Pace{CommittedTarget: 1, AspirationalTarget: 0.7, OnTrackGap: 0, AtRiskGap: 0.05}
	assert.Equal(t, okr.PaceOffTrack, strict.Status(okr.Committed, y, 0.4, mid), "thresholds are configurable")
}

func TestTrend(t *testing.T) {
	seven, four := 7, 4
	assert.Nil(t, okr.KeyResult{}.Trend())
	assert.Equal(t, &okr.Trend{Latest: 7}, okr.KeyResult{Confidence: &seven}.Trend())
	assert.Equal(t, &okr.Trend{Latest: 4, Change: -3}, okr.KeyResult{Confidence: &four, PreviousConfidence: &seven}.Trend())
}

func TestKeyResultRecord(t *testing.T) {
	at := day(2026, 3, 3)
	kr := okr.KeyResult{Kind: okr.Increase, Start: 0, Target: 10, Weight: 1}
	require.NoError(t, kr.Record(4, 6, at))
	require.NoError(t, kr.Record(5, 8, at))
	assert.Equal(t, 5.0, kr.Current)
	assert.Equal(t, 2, kr.CheckIns)
	assert.Equal(t, &okr.Trend{Latest: 8, Change: 2}, kr.Trend())
	assert.Equal(t, at, *kr.LastCheckInAt)

	before := kr
	for _, tt := range []struct {
		kind       okr.KeyResultKind
		value      float64
		confidence int
		field      string
	}{
		{okr.Increase, math.Inf(1), 5, "value"},
		{okr.Increase, 2e12, 5, "value"},
		{okr.Increase, 3, 11, "confidence"},
		{okr.Increase, 3, -1, "confidence"},
		{okr.Milestone, 0.5, 5, "value"},
	} {
		k := before
		k.Kind = tt.kind
		err := k.Record(tt.value, tt.confidence, at)
		var verr *storage.ValidationError
		require.ErrorAs(t, err, &verr)
		assert.True(t, verr.Has(tt.field), "%v", verr)
		assert.Equal(t, before.Current, k.Current, "a refused check-in changes nothing")
		assert.Equal(t, before.CheckIns, k.CheckIns)
	}
	m := okr.KeyResult{Kind: okr.Milestone, Target: 1, Weight: 1}
	require.NoError(t, m.Record(1, 9, at))
	assert.Equal(t, 1.0, m.Score())
}

func TestKeyResultFrom(t *testing.T) {
	start, target, weight := 5.0, 2.0, 0.0
	_, errs := okr.KeyResultFrom(okr.KeyResultInput{Title: "t", Kind: okr.Increase, Start: &start, Target: &target, Weight: &weight}, "measure.")
	fields := []string{}
	for _, e := range errs {
		fields = append(fields, e.Field)
	}
	assert.ElementsMatch(t, []string{"measure.weight", "measure.target"}, fields)
	kr, errs := okr.KeyResultFrom(okr.KeyResultInput{Title: "t", Kind: okr.Decrease, Start: &start, Target: &target}, "")
	assert.Empty(t, errs)
	assert.Equal(t, okr.KeyResult{Title: "t", Kind: okr.Decrease, Start: 5, Target: 2, Current: 5, Weight: 1}, kr)
}
