package main

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"time"
)

// WriteMarkdown writes the report as Markdown: the setting, the table of
// levels, the table of servers, then notes and the first error of each
// kind.
func (r *Report) WriteMarkdown(w io.Writer) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "Load test: %s.\n\n", r.Setting)
	fmt.Fprintln(b, "| backend | mix | concurrency | requests | req/s | p50 | p99 | max | errors | server CPU | postgres CPU | load test CPU |")
	fmt.Fprintln(b, "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
	for _, row := range r.Rows {
		fmt.Fprintf(b, "| %s | %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			row.Backend, row.Mix, row.Concurrency, thousands(int64(row.Requests)), thousands(int64(row.PerSecond()+0.5)),
			fmtDuration(row.P50), fmtDuration(row.P99), fmtDuration(row.Max), thousands(int64(row.Errors)),
			fmtCores(row.ServerCPU), fmtCores(row.PostgresCPU), fmtCores(row.LoadTestCPU))
	}
	fmt.Fprintln(b)
	fmt.Fprintln(b, "CPU columns: cores busy on average during the level (CPU time ÷ wall time) in the server process, the local PostgreSQL cluster and the load test process, which for bare is the server too.")
	fmt.Fprintln(b)
	fmt.Fprintln(b, "| server | board bytes, seeded (min–max) | board bytes after the load | peak RSS after seeding | peak RSS after the load | RSS at the end |")
	fmt.Fprintln(b, "|---|--:|--:|--:|--:|--:|")
	for _, s := range r.Servers {
		after := sizes(s.BoardAfterMin, s.BoardAfterMax)
		if s.Backend == BackendBare {
			after = "the same bytes"
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s |\n", s.Backend, sizes(s.BoardMin, s.BoardMax), after,
			mebibytes(s.PeakSeeded), mebibytes(s.PeakLoaded), mebibytes(s.RSSEnd))
	}
	if len(r.Notes) > 0 {
		fmt.Fprintln(b)
		for _, n := range r.Notes {
			fmt.Fprintf(b, "- %s\n", n)
		}
	}
	if r.LevelsWithErrors() > 0 {
		fmt.Fprintln(b)
		fmt.Fprintln(b, "Errors, with the first of each kind:")
		fmt.Fprintln(b)
		for _, row := range r.Rows {
			for _, k := range row.ErrorKinds {
				fmt.Fprintf(b, "- %s %s c=%d: %s × %s; first: %s\n", row.Backend, row.Mix, row.Concurrency, thousands(int64(k.Count)), k.Kind, k.First)
			}
		}
		for _, s := range r.Servers {
			for _, l := range s.Log {
				fmt.Fprintf(b, "- %s server log: %s\n", s.Backend, l)
			}
		}
	}
	if r.Took > 0 {
		fmt.Fprintf(b, "\nWhole run: %s.\n", r.Took.Round(100*time.Millisecond))
	}
	return b.Flush()
}

// fmtDuration writes a latency in milliseconds with two or three
// significant digits.
func fmtDuration(d time.Duration) string {
	ms := float64(d) / float64(time.Millisecond)
	switch {
	case ms < 10:
		return fmt.Sprintf("%.2f ms", ms)
	case ms < 100:
		return fmt.Sprintf("%.1f ms", ms)
	default:
		return fmt.Sprintf("%s ms", thousands(int64(ms+0.5)))
	}
}

// fmtCores writes a number of busy cores, or "—" when unknown.
func fmtCores(n float64) string {
	if n < 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f", n)
}

// mebibytes writes a size in MiB, or "—" when unknown.
func mebibytes(n int64) string {
	if n < 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}

// sizes writes a range of sizes in bytes.
func sizes(lo, hi int) string {
	if lo == hi {
		return thousands(int64(lo))
	}
	return thousands(int64(lo)) + "–" + thousands(int64(hi))
}

// thousands writes n with commas between groups of three digits.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	out := make([]byte, 0, len(s)+len(s)/3+1)
	if neg {
		out = append(out, '-')
	}
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}
