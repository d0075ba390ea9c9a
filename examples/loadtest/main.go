// Command loadtest measures Footprint's reference server under load on
// loopback, beside a bare net/http handler serving the same bytes.
//
//	go run ./examples/loadtest [-duration 5s] [-pg-local] [-postgres URL]
//
// Run it from inside the repository: it builds the demo intranet
// (examples/intranet) with the go command, starts it as a child process
// on 127.0.0.1 with a fresh SQLite file in a temporary directory, waits
// until it answers (it seeds the demo organisation on its first start),
// and signs in as a few seeded people (-people) through the demo sign-in,
// POST /demo/session, which sets the footprint_demo_person cookie. With
// -postgres URL, or with -pg-local when the PostgreSQL binaries are found,
// it does the same once more with the server on PostgreSQL.
//
// Against each server it runs two mixes, each at every concurrency of
// -concurrency (1, 8 and 64 by default) for -duration (5s by default):
//
//   - read: GET /api/people/{person}/board, each signed-in person reading
//     their own board, in turn over the people;
//   - write: POST /api/objectives/{objective}/key-results/{keyResult}/check-ins
//     on every key result of the people's active objectives, as found on
//     their boards, in turn, with values between each key result's start
//     and target (0 or 1 for a milestone) and confidences from 0 to 10.
//
// The read mix runs first, so it reads the boards as seeded; every
// check-in of the write mix then adds to a board (a board holds each key
// result's history), which is why the report gives the boards' sizes
// after the load too.
//
// The baseline, "bare", is a net/http server in this process on
// 127.0.0.1 that answers the same paths with bytes the SQLite server
// answered: each person's board exactly as it was served before the load,
// and for a check-in, after reading the request body, the body of a real
// check-in answer. It is driven by the same clients in the same way, so
// it shows what loopback HTTP, the load generator itself and the
// machine's CPUs cost: the floor under the server's numbers. The load
// generator shares the machine with the server it drives.
//
// A level of concurrency c has c workers, each sending its next request
// as soon as its last one is answered, over keep-alive connections (one
// http.Transport per level whose MaxIdleConnsPerHost is c). A warm-up of
// -warmup precedes each level and is not counted. A request's latency
// runs from sending it to having read its whole answer; req/s is the
// requests answered divided by the time from the level's start until its
// last worker stops. An error is a transport error or an answer other
// than 2xx; errors are counted by kind, and the first of each kind is
// printed below the tables.
//
// The report is Markdown, to paste into the README: a table of backend,
// mix, concurrency, requests, req/s, p50, p99, max and errors, with the
// CPU time used during the level (as cores busy on average, from
// /proc/<pid>/stat, so Linux only) by the server process, by the local
// PostgreSQL cluster of -pg-local and by the load test itself, to tell
// where the time goes; then a table of the servers: the boards' sizes in
// bytes, and the server process's peak resident set (VmHWM of
// /proc/<pid>/status, so Linux only) after seeding and after the load
// and its resident set (VmRSS) at the end. The program exits 1 when any
// level had errors, unless -allow-errors is given, and when the run takes
// longer than -timeout (10 minutes by default).
//
// It targets loopback only: every request goes to a server it started
// itself on 127.0.0.1, and it refuses any other address. It is no tool
// to load other hosts. The database is another matter: -postgres names a
// database the server writes to, so it must be an empty, throwaway one
// (the server seeds it) — the write mix adds thousands of check-ins.
// -pg-local instead makes a throwaway PostgreSQL cluster in a temporary
// directory with initdb and pg_ctl (found in -pg-bin, on PATH or under
// /usr/lib/postgresql/*/bin; run as the user postgres when this program
// runs as root), listening on 127.0.0.1 only, and stops and removes it at
// the end.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	cfg := Config{Log: os.Stderr}
	flag.DurationVar(&cfg.Duration, "duration", 5*time.Second, "measured time of each level")
	flag.DurationVar(&cfg.Warmup, "warmup", 500*time.Millisecond, "unmeasured time before each level")
	levels := flag.String("concurrency", "1,8,64", "concurrency levels, comma-separated")
	people := flag.String("people", strings.Join(DefaultPeople, ","), "seeded people to sign in as, comma-separated")
	flag.StringVar(&cfg.Postgres, "postgres", "", "also run the server on this PostgreSQL `URL`; it writes to it, so use an empty, throwaway database")
	flag.BoolVar(&cfg.PGLocal, "pg-local", false, "also run the server on a throwaway local PostgreSQL made with initdb and pg_ctl, when they are found")
	flag.StringVar(&cfg.PGBin, "pg-bin", "", "`directory` of initdb and pg_ctl for -pg-local (default: PATH, then /usr/lib/postgresql/*/bin)")
	allowErrors := flag.Bool("allow-errors", false, "exit 0 even when a level had errors")
	flag.DurationVar(&cfg.Timeout, "timeout", 10*time.Minute, "bound on the whole run")
	flag.Parse()

	var err error
	if cfg.Concurrency, err = parseLevels(*levels); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest: -concurrency:", err)
		os.Exit(2)
	}
	cfg.People = splitList(*people)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	rep, err := Run(ctx, cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		stop()
		os.Exit(1)
	}
	if err := rep.WriteMarkdown(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		stop()
		os.Exit(1)
	}
	if n := rep.LevelsWithErrors(); n > 0 && !*allowErrors {
		fmt.Fprintf(os.Stderr, "loadtest: %d level(s) had errors (-allow-errors exits 0 anyway)\n", n)
		stop()
		os.Exit(1)
	}
}

// parseLevels reads a comma-separated list of concurrency levels.
func parseLevels(s string) ([]int, error) {
	var levels []int
	for _, f := range splitList(s) {
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 || n > maxConcurrency {
			return nil, fmt.Errorf("%q is not a concurrency from 1 to %d", f, maxConcurrency)
		}
		levels = append(levels, n)
	}
	if len(levels) == 0 {
		return nil, fmt.Errorf("no levels in %q", s)
	}
	return levels, nil
}

// splitList splits a comma-separated list, dropping empty items.
func splitList(s string) []string {
	var out []string
	for f := range strings.SplitSeq(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
