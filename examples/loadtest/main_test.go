package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestRunSmall runs the load test at a tiny scale, SQLite and the bare
// handler only, so that it keeps working as the server changes.
func TestRunSmall(t *testing.T) {
	if _, err := goCommand(); err != nil {
		t.Skipf("cannot build the intranet to load: %v", err)
	}
	var log bytes.Buffer
	levels := []int{1, 8}
	rep, err := Run(context.Background(), Config{
		Duration:    300 * time.Millisecond,
		Warmup:      50 * time.Millisecond,
		Concurrency: levels,
		Timeout:     5 * time.Minute,
		Log:         &log,
	})
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, log.String())
	}
	var md bytes.Buffer
	if err := rep.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", md.String())

	var want []string
	for _, backend := range []string{BackendSQLite, BackendBare} {
		for _, mix := range []string{MixRead, MixWrite} {
			for _, c := range levels {
				want = append(want, fmt.Sprintf("%s %s %d", backend, mix, c))
			}
		}
	}
	var got []string
	for _, row := range rep.Rows {
		got = append(got, fmt.Sprintf("%s %s %d", row.Backend, row.Mix, row.Concurrency))
		if row.Requests == 0 || row.Elapsed <= 0 || row.P50 <= 0 || row.P99 < row.P50 || row.Max < row.P99 {
			t.Errorf("%s %s c=%d: %d requests in %s, p50 %s, p99 %s, max %s", row.Backend, row.Mix, row.Concurrency,
				row.Requests, row.Elapsed, row.P50, row.P99, row.Max)
		}
		if row.Errors != 0 {
			t.Errorf("%s %s c=%d: %d errors: %+v", row.Backend, row.Mix, row.Concurrency, row.Errors, row.ErrorKinds)
		}
		if line := fmt.Sprintf("| %s | %s | %d | %s |", row.Backend, row.Mix, row.Concurrency, thousands(int64(row.Requests))); !strings.Contains(md.String(), line) {
			t.Errorf("the table lacks the row starting %q", line)
		}
	}
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("rows:\n got %v\nwant %v", got, want)
	}
	if rep.LevelsWithErrors() != 0 {
		t.Errorf("%d levels had errors", rep.LevelsWithErrors())
	}

	if len(rep.Servers) != 2 || rep.Servers[0].Backend != BackendSQLite || rep.Servers[1].Backend != BackendBare {
		t.Fatalf("servers: %+v", rep.Servers)
	}
	sq := rep.Servers[0]
	if sq.BoardMin <= 0 || sq.BoardMax < sq.BoardMin || sq.BoardAfterMax <= sq.BoardMax {
		t.Errorf("SQLite boards: %d–%d bytes seeded, %d–%d after the check-ins", sq.BoardMin, sq.BoardMax, sq.BoardAfterMin, sq.BoardAfterMax)
	}
	if procStatus(1, "VmHWM") > 0 && (sq.PeakSeeded <= 0 || sq.PeakLoaded < sq.PeakSeeded || sq.RSSEnd <= 0) {
		t.Errorf("SQLite server memory: peak %d after seeding, %d after the load, %d at the end", sq.PeakSeeded, sq.PeakLoaded, sq.RSSEnd)
	}
	for _, head := range []string{"| backend | mix | concurrency | requests | req/s | p50 | p99 | max | errors | server CPU | postgres CPU | load test CPU |", "| server |", "| sqlite | ", "| bare | "} {
		if !strings.Contains(md.String(), head) {
			t.Errorf("the report lacks %q", head)
		}
	}
}

func TestPercentile(t *testing.T) {
	var lat []time.Duration
	for i := 1; i <= 100; i++ {
		lat = append(lat, time.Duration(i)*time.Millisecond)
	}
	for p, want := range map[float64]time.Duration{0.5: 50 * time.Millisecond, 0.99: 99 * time.Millisecond, 1: 100 * time.Millisecond} {
		if got := percentile(lat, p); got != want {
			t.Errorf("percentile(1..100 ms, %g) = %s, want %s", p, got, want)
		}
	}
	if got := percentile(lat[:1], 0.99); got != time.Millisecond {
		t.Errorf("percentile of one = %s", got)
	}
	if got := percentile(nil, 0.5); got != 0 {
		t.Errorf("percentile of none = %s", got)
	}
}

func TestLoopbackOnly(t *testing.T) {
	tr := newTransport(1)
	defer tr.CloseIdleConnections()
	_, err := tr.DialContext(context.Background(), "tcp", "192.0.2.1:80")
	if err == nil || transportKind(err) != "transport: not loopback" {
		t.Errorf("dialing a non-loopback address: %v (%s)", err, transportKind(err))
	}
}

func TestParseLevels(t *testing.T) {
	if got, err := parseLevels("1, 8,64"); err != nil || fmt.Sprint(got) != "[1 8 64]" {
		t.Errorf("parseLevels = %v, %v", got, err)
	}
	for _, bad := range []string{"", "0", "x", "1,2000"} {
		if _, err := parseLevels(bad); err == nil {
			t.Errorf("parseLevels(%q) took it", bad)
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -1234: "-1,234"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
