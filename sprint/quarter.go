package sprint

import (
	"time"

	"github.com/footprint-hq/footprint/backlog"
	"github.com/footprint-hq/footprint/okr"
)

// FiscalQuarter returns the fiscal quarter of the sprint, named by its
// Year and Quarter, as the backlog names the quarter a prioritisation
// meeting is for: sprint and backlog share this one quarter type.
func (sp *Sprint) FiscalQuarter() backlog.Quarter {
	return backlog.Quarter{Year: sp.Year, Num: sp.Quarter}
}

// QuarterPeriod returns the days of a fiscal quarter. Fiscal year y starts
// on the first day of month start in calendar year y (with start =
// January, fiscal and calendar years agree); quarter q (1–4) starts 3×(q−1)
// months later and ends the day before the next quarter starts.
func QuarterPeriod(start time.Month, year, quarter int) okr.Period {
	first := time.Date(year, start+time.Month(3*(quarter-1)), 1, 0, 0, 0, 0, time.UTC)
	return okr.Period{Start: first, End: first.AddDate(0, 3, -1)}
}
