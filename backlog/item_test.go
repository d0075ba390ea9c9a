package backlog_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/backlog"
	"github.com/footprint-hq/footprint/sprint"
	"github.com/footprint-hq/footprint/storage"
)

var allStatuses = []backlog.ItemStatus{
	backlog.StatusOpen, backlog.StatusSelected, backlog.StatusDone,
	backlog.StatusRejected, backlog.StatusDuplicate, backlog.StatusArchived,
}

func TestItemTransitions(t *testing.T) {
	at := time.Date(2026, time.October, 1, 12, 0, 0, 0, time.UTC)
	moves := []struct {
		name  string
		to    backlog.ItemStatus
		apply func(*backlog.Item) error
	}{
		{"select", backlog.StatusSelected, func(it *backlog.Item) error { return it.Select("m1", at) }},
		{"complete", backlog.StatusDone, func(it *backlog.Item) error { return it.Complete(at) }},
		{"return", backlog.StatusOpen, func(it *backlog.Item) error { return it.Return(at) }},
		{"release", backlog.StatusOpen, func(it *backlog.Item) error { return it.Release(at) }},
		{"reject", backlog.StatusRejected, func(it *backlog.Item) error { return it.Reject("out of scope", at) }},
		{"duplicate", backlog.StatusDuplicate, func(it *backlog.Item) error { return it.MarkDuplicate("other", at) }},
		{"archive", backlog.StatusArchived, func(it *backlog.Item) error { return it.Archive(at) }},
	}
	allowed := map[string][]backlog.ItemStatus{
		"select":    {backlog.StatusOpen},
		"complete":  {backlog.StatusSelected},
		"return":    {backlog.StatusSelected},
		"release":   {backlog.StatusSelected},
		"reject":    {backlog.StatusOpen},
		"duplicate": {backlog.StatusOpen},
		"archive":   {backlog.StatusOpen},
	}
	for _, from := range allStatuses {
		for _, m := range moves {
			t.Run(fmt.Sprintf("%s from %s", m.name, from), func(t *testing.T) {
				it := &backlog.Item{ID: "i1", Status: from, MeetingID: "m0", CarryOvers: 2}
				before := *it
				err := m.apply(it)
				ok := contains(allowed[m.name], from)
				assert.Equal(t, ok, backlog.CanTransition(from, m.to))
				if !ok {
					var terr *backlog.TransitionError
					require.ErrorAs(t, err, &terr)
					assert.Equal(t, backlog.TransitionError{ItemID: "i1", From: from, To: m.to}, *terr)
					assert.ErrorIs(t, err, backlog.ErrInvalidTransition)
					assert.ErrorIs(t, err, storage.ErrInvalidState)
					assert.Equal(t, fmt.Sprintf("backlog: item i1 cannot go from %s to %s", from, m.to), err.Error())
					assert.Equal(t, before, *it, "a refused transition changes nothing")
					return
				}
				require.NoError(t, err)
				assert.Equal(t, m.to, it.Status)
				assert.Equal(t, at, it.StatusChangedAt)
				assert.Equal(t, at, it.UpdatedAt)
				switch m.name {
				case "select":
					assert.Equal(t, "m1", it.MeetingID)
					require.NotNil(t, it.FirstSelectedAt)
					assert.Equal(t, at, *it.FirstSelectedAt)
				case "return":
					assert.Equal(t, 3, it.CarryOvers, "a return counts a carry-over")
					assert.Empty(t, it.MeetingID)
				case "release":
					assert.Equal(t, 2, it.CarryOvers, "a release counts no carry-over")
					assert.Empty(t, it.MeetingID)
				case "complete":
					assert.Equal(t, "m0", it.MeetingID, "a done item keeps its meeting")
				case "reject":
					assert.Equal(t, "out of scope", it.Reason)
				case "duplicate":
					assert.Equal(t, "other", it.DuplicateOf)
				}
			})
		}
	}
}

func TestItemTransitionInputs(t *testing.T) {
	at := time.Date(2026, time.October, 1, 12, 0, 0, 0, time.UTC)
	it := &backlog.Item{ID: "i1", Status: backlog.StatusOpen}
	requireFields(t, it.Reject("  ", at), "reason")
	requireFields(t, it.MarkDuplicate("", at), "of")
	requireFields(t, it.MarkDuplicate("i1", at), "of")
	assert.Equal(t, backlog.StatusOpen, it.Status, "bad input changes nothing")

	first := at.Add(-time.Hour)
	it.FirstSelectedAt = &first
	require.NoError(t, it.Select("m2", at))
	assert.Equal(t, first, *it.FirstSelectedAt, "the first selection is kept")
	require.NoError(t, it.Release(at))
	assert.False(t, it.Editable(), "an item once selected stays locked for its author")
	assert.True(t, (&backlog.Item{Status: backlog.StatusOpen}).Editable())
}

func TestQuarter(t *testing.T) {
	q, err := backlog.ParseQuarter("2026-Q3")
	require.NoError(t, err)
	assert.Equal(t, backlog.Quarter{Year: 2026, Num: 3}, q)
	assert.Equal(t, "2026-Q3", q.String())
	assert.Equal(t, backlog.Quarter{Year: 2027, Num: 1}, q.Add(2))
	assert.Equal(t, backlog.Quarter{Year: 2025, Num: 4}, q.Add(-3))
	assert.Equal(t, time.Date(2026, time.July, 1, 0, 0, 0, 0, time.UTC), q.Start())
	assert.Equal(t, q, backlog.QuarterOf(time.Date(2026, time.September, 30, 23, 59, 0, 0, time.UTC)))
	assert.Equal(t, backlog.Quarter{Year: 2026, Num: 1}, backlog.QuarterOf(time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)))

	q2 := backlog.Quarter{Year: 2026, Num: 2}
	assert.Equal(t, 0, q.Since(q2), "suggested in Q2, ranked for Q3: no quarter waited")
	assert.Equal(t, 1, q.Add(1).Since(q2))
	assert.Equal(t, 4, backlog.Quarter{Year: 2027, Num: 3}.Since(q2))
	assert.Equal(t, 0, q2.Since(q), "never negative")

	for _, bad := range []string{"", "2026", "2026-Q5", "2026-Q0", "26-Q1", "2026-q1", "2026-Q1x"} {
		_, err := backlog.ParseQuarter(bad)
		assert.Error(t, err, bad)
	}

	b, err := json.Marshal(struct {
		Q backlog.Quarter `json:"q"`
		Z backlog.Quarter `json:"z"`
	}{Q: q})
	require.NoError(t, err)
	assert.JSONEq(t, `{"q":"2026-Q3","z":""}`, string(b))
	var back struct {
		Q backlog.Quarter `json:"q"`
		Z backlog.Quarter `json:"z"`
	}
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, q, back.Q)
	assert.True(t, back.Z.IsZero())
	assert.Error(t, json.Unmarshal([]byte(`{"q":"Q3-2026"}`), &back))
}

// Fiscal quarters follow sprint.QuarterPeriod: fiscal year y starts in
// calendar year y.
func TestFiscalQuarters(t *testing.T) {
	oct := time.October
	at := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, time.UTC) }
	tests := []struct {
		t    time.Time
		want backlog.Quarter
	}{
		{at(2026, time.November, 15, 12), backlog.Quarter{Year: 2026, Num: 1}},
		{at(2026, time.February, 15, 12), backlog.Quarter{Year: 2025, Num: 2}},
		{at(2026, time.September, 30, 23), backlog.Quarter{Year: 2025, Num: 4}},
		{at(2026, time.October, 1, 0), backlog.Quarter{Year: 2026, Num: 1}},
		{at(2027, time.April, 1, 0), backlog.Quarter{Year: 2026, Num: 3}},
		{time.Date(2026, time.October, 1, 1, 0, 0, 0, time.FixedZone("CEST", 2*3600)), backlog.Quarter{Year: 2025, Num: 4}}, // 30 September in UTC
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, backlog.FiscalQuarterOf(tt.t, oct), "%v", tt.t)
	}
	assert.Equal(t, at(2026, time.October, 1, 0), backlog.Quarter{Year: 2026, Num: 1}.FiscalStart(oct))
	assert.Equal(t, at(2027, time.January, 1, 0), backlog.Quarter{Year: 2026, Num: 2}.FiscalStart(oct))
	assert.Equal(t, at(2027, time.July, 1, 0), backlog.Quarter{Year: 2026, Num: 4}.FiscalStart(oct))
	assert.Equal(t, backlog.QuarterOf(at(2026, time.May, 5, 0)), backlog.FiscalQuarterOf(at(2026, time.May, 5, 0), time.January))

	// The same quarters as the sprint package's, for every start month.
	for m := time.January; m <= time.December; m++ {
		for q := 1; q <= 4; q++ {
			period := sprint.QuarterPeriod(m, 2026, q)
			quarter := backlog.Quarter{Year: 2026, Num: q}
			assert.Equal(t, period.Start, quarter.FiscalStart(m), "start of %s, year from %s", quarter, m)
			assert.Equal(t, quarter, backlog.FiscalQuarterOf(period.Start, m), "%s, year from %s", period.Start, m)
			assert.Equal(t, quarter, backlog.FiscalQuarterOf(period.End.Add(23*time.Hour), m), "%s, year from %s", period.End, m)
		}
	}

	assert.Panics(t, func() { backlog.FiscalQuarterOf(at(2026, time.May, 5, 0), 0) })
	assert.Panics(t, func() { backlog.Quarter{Year: 2026, Num: 1}.FiscalStart(13) })
	assert.Panics(t, func() { backlog.WithFiscalYearStart(13) })
}

func contains[T comparable](xs []T, x T) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
