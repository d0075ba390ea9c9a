package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"time"
)

// DefaultPeople are the seeded people the load test signs in as by
// default; each has an active objective to check in on.
var DefaultPeople = []string{"ana", "ben", "chen", "dara", "eli", "nia", "omar", "sam"}

// maxConcurrency bounds a level: more workers than this would measure
// the load generator, not the server.
const maxConcurrency = 1024

// Backend names, as the report prints them.
const (
	BackendSQLite   = "sqlite"
	BackendPostgres = "postgres"
	BackendBare     = "bare"
)

// Mix names, as the report prints them.
const (
	MixRead  = "read"
	MixWrite = "write"
)

// Config is one run of the load test.
type Config struct {
	// Duration is the measured time of each level.
	Duration time.Duration
	// Warmup is the unmeasured time before each level.
	Warmup time.Duration
	// Concurrency lists the levels: how many requests are under way at
	// once.
	Concurrency []int
	// People are the seeded people to sign in as; DefaultPeople when
	// empty.
	People []string
	// Postgres, when set, is the URL of a PostgreSQL database to run the
	// server on as well. It is written to.
	Postgres string
	// PGLocal runs the server on a throwaway local PostgreSQL as well,
	// when initdb and pg_ctl are found (in PGBin when set).
	PGLocal bool
	// PGBin is the directory of initdb and pg_ctl for PGLocal.
	PGBin string
	// Timeout bounds the whole run; none when zero.
	Timeout time.Duration
	// Log receives progress; nothing when nil.
	Log io.Writer
}

// Report is what a run measured.
type Report struct {
	// Rows hold one level each, in the order they ran.
	Rows []Row
	// Servers describe each backend's server.
	Servers []ServerStats
	// Notes are remarks about the run, such as a backend skipped.
	Notes []string
	// Setting describes the run: durations, machine, Go version.
	Setting string
	// Took is how long the whole run took, build included.
	Took time.Duration
}

// Row is one level: a mix at one concurrency against one backend.
type Row struct {
	// Backend is BackendSQLite, BackendPostgres or BackendBare.
	Backend string
	// Mix is MixRead or MixWrite.
	Mix string
	// Concurrency is how many workers sent requests at once.
	Concurrency int
	// Requests counts the requests answered, errors included.
	Requests int
	// Elapsed runs from the level's start until its last worker stopped.
	Elapsed time.Duration
	// P50, P99 and Max are latencies of all requests, errors included.
	P50, P99, Max time.Duration
	// Errors counts transport errors and answers other than 2xx.
	Errors int
	// ErrorKinds hold each kind of error seen, with its first instance.
	ErrorKinds []ErrorKind
	// ServerCPU, PostgresCPU and LoadTestCPU are the CPU time used during
	// the level by the server process, by the local PostgreSQL cluster
	// and by this process (which, for the bare backend, is the server
	// too), divided by Elapsed: cores busy on average. Negative when
	// unknown.
	ServerCPU, PostgresCPU, LoadTestCPU float64
}

// PerSecond returns the requests answered per second.
func (r Row) PerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Elapsed.Seconds()
}

// ErrorKind is one kind of error of a level: an HTTP status, or a kind
// of transport error.
type ErrorKind struct {
	// Kind is "HTTP <status>" or "transport: <kind>".
	Kind string
	// Count is how many errors of the kind the level had.
	Count int
	// First is the first error of the kind: the transport error, or the
	// status with the start of the answer's body.
	First string
}

// ServerStats describe one backend's server.
type ServerStats struct {
	// Backend is the backend the server ran on.
	Backend string
	// BoardMin and BoardMax are the smallest and largest board in bytes,
	// over the people, as seeded; BoardAfterMin and BoardAfterMax after
	// the load, zero when not measured.
	BoardMin, BoardMax           int
	BoardAfterMin, BoardAfterMax int
	// PeakSeeded and PeakLoaded are the server process's peak resident
	// set (VmHWM) in bytes once it answered, seeding done, and after the
	// load; RSSEnd its resident set (VmRSS) at the end. Negative when
	// unknown, as for the bare handler, which runs in this process.
	PeakSeeded, PeakLoaded, RSSEnd int64
	// Log holds the server's log records at level ERROR, the first few.
	Log []string
}

// LevelsWithErrors counts the levels that had errors.
func (r *Report) LevelsWithErrors() int {
	n := 0
	for _, row := range r.Rows {
		if row.Errors > 0 {
			n++
		}
	}
	return n
}

// Run runs the load test: it builds and starts the server on each
// backend in turn, drives it, then drives the bare handler with the
// SQLite server's bytes.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	start := time.Now()
	if cfg.Duration <= 0 {
		return nil, errors.New("the duration of a level must be positive")
	}
	if cfg.Warmup < 0 {
		return nil, errors.New("the warm-up must not be negative")
	}
	if len(cfg.Concurrency) == 0 {
		return nil, errors.New("no concurrency levels")
	}
	for _, c := range cfg.Concurrency {
		if c < 1 || c > maxConcurrency {
			return nil, fmt.Errorf("concurrency %d is not from 1 to %d", c, maxConcurrency)
		}
	}
	if len(cfg.People) == 0 {
		cfg.People = DefaultPeople
	}
	if cfg.Postgres != "" && cfg.PGLocal {
		return nil, errors.New("give -postgres or -pg-local, not both")
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	if cfg.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, cfg.Timeout, fmt.Errorf("the run took longer than its bound of %s", cfg.Timeout))
		defer cancel()
	}
	rep := &Report{Setting: fmt.Sprintf("%s per level after a %s warm-up; %d CPUs, %s/%s, %s",
		cfg.Duration, cfg.Warmup, runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version())}
	if la := loadAverage(); la != "" {
		rep.Setting += "; load average " + la + " at the start"
	}

	tmp, err := os.MkdirTemp("", "footprint-loadtest-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	logf(cfg.Log, "building the intranet")
	bin, err := buildIntranet(ctx, tmp)
	if err != nil {
		return nil, err
	}

	sqliteDir := filepath.Join(tmp, "sqlite")
	if err := os.Mkdir(sqliteDir, 0o700); err != nil {
		return nil, err
	}
	fixtures, err := loadServer(ctx, cfg, rep, BackendSQLite, bin, sqliteDir, filepath.Join(sqliteDir, "footprint.db"), nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", BackendSQLite, cause(ctx, err))
	}

	if err := loadPostgres(ctx, cfg, rep, bin, tmp); err != nil {
		return nil, fmt.Errorf("%s: %w", BackendPostgres, cause(ctx, err))
	}

	if err := loadBare(ctx, cfg, rep, fixtures); err != nil {
		return nil, fmt.Errorf("%s: %w", BackendBare, cause(ctx, err))
	}
	if la := loadAverage(); la != "" {
		rep.Setting += ", " + la + " at the end"
	}
	rep.Took = time.Since(start)
	return rep, nil
}

// loadPostgres runs the server on PostgreSQL when the configuration asks
// for it: on the database of cfg.Postgres, or on a local throwaway
// cluster.
func loadPostgres(ctx context.Context, cfg Config, rep *Report, bin, tmp string) error {
	dsn := cfg.Postgres
	if dsn == "" && !cfg.PGLocal {
		return nil
	}
	var dbCPU cpuProbe
	dir := filepath.Join(tmp, "postgres")
	if err := os.Mkdir(dir, 0o700); err != nil {
		return err
	}
	if cfg.PGLocal {
		binDir, err := findPGBin(cfg.PGBin)
		if err != nil {
			note := fmt.Sprintf("PostgreSQL skipped: %v", err)
			logf(cfg.Log, "%s", note)
			rep.Notes = append(rep.Notes, note)
			return nil
		}
		logf(cfg.Log, "starting a throwaway PostgreSQL from %s", binDir)
		pg, err := startLocalPG(ctx, binDir)
		if err != nil {
			return err
		}
		defer func() {
			if err := pg.stop(); err != nil {
				logf(cfg.Log, "stopping the throwaway PostgreSQL: %v", err)
			}
		}()
		rep.Notes = append(rep.Notes, "PostgreSQL: "+pg.describe())
		dsn = pg.url
		dbCPU = clusterCPU(pg.data())
	}
	_, err := loadServer(ctx, cfg, rep, BackendPostgres, bin, dir, dsn, dbCPU)
	return err
}

// cause returns the cause of ctx's end in place of err when ctx has
// ended, since that is then why err happened.
func cause(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%w (%v)", context.Cause(ctx), err)
	}
	return err
}

// logf writes a line of progress.
func logf(w io.Writer, format string, args ...any) {
	fmt.Fprintf(w, "loadtest: "+format+"\n", args...)
}
