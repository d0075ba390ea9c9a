package sprint

import (
	"time"

	"github.com/footprint-hq/footprint/okr"
)

// QuarterPeriod returns the days of a fiscal quarter. Fiscal year y starts
// on the first day of month start in calendar year y (with start =
// January, fiscal and calendar years agree); quarter q (1–4) starts 3×(q−1)
// months later and ends the day before the next quarter starts.
func QuarterPeriod(start time.Month, year, quarter int) okr.Period {
	first := time.Date(year, start+time.Month(3*(quarter-1)), 1, 0, 0, 0, 0, time.UTC)
	return okr.Period{Start: first, End: first.AddDate(0, 3, -1)}
}
