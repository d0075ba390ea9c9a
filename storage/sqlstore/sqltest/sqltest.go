// Package sqltest gives tests databases to run Footprint's SQL store on: a
// fresh SQLite file, or a fresh PostgreSQL database on a throwaway server
// the test binary starts and stops itself.
//
// A package whose tests use PostgreSQL routes its TestMain through Run,
// which stops the server when the tests are done:
//
//	func TestMain(m *testing.M) { os.Exit(sqltest.Run(m)) }
//
//	func TestSomething(t *testing.T) {
//		for _, d := range sqlstore.Dialects {
//			t.Run(d.String(), func(t *testing.T) {
//				store := sqltest.Open(t, d) // skipped without PostgreSQL
//				...
//			})
//		}
//	}
//
// PostgreSQL comes, in this order, from the server named by the
// FOOTPRINT_TEST_POSTGRES_DSN environment variable (a postgres:// URL of a
// role that may create databases), or from a throwaway
// server started with Debian's PostgreSQL binaries
// (/usr/lib/postgresql/*/bin/initdb and pg_ctl, from the postgresql
// package) in a temporary directory, reachable through a unix socket
// only, as the postgres system user when the tests run as root. Without
// either, tests that ask for PostgreSQL are skipped with a message that
// says so — or fail, when FOOTPRINT_TEST_REQUIRE_POSTGRES is set.
package sqltest

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/footprint-hq/footprint/storage/sqlstore"
	"github.com/footprint-hq/footprint/storage/sqlstore/postgres"
	"github.com/footprint-hq/footprint/storage/sqlstore/sqlite"
)

// Environment variables read by the package.
const (
	// EnvPostgresDSN points the tests at an existing PostgreSQL server
	// instead of a throwaway one: a postgres:// URL of a role that may
	// create databases.
	EnvPostgresDSN = "FOOTPRINT_TEST_POSTGRES_DSN"
	// EnvRequirePostgres, when set, makes tests that would be skipped for
	// want of PostgreSQL fail instead; CI sets it.
	EnvRequirePostgres = "FOOTPRINT_TEST_REQUIRE_POSTGRES"
)

// SQLite returns the path of a new SQLite database file (not yet created)
// in a directory removed when tb ends.
func SQLite(tb testing.TB) string {
	tb.Helper()
	return filepath.Join(tb.TempDir(), "footprint.db")
}

// DSN returns a new, empty database of dialect d: SQLite(tb) or
// Postgres(tb).
func DSN(tb testing.TB, d sqlstore.Dialect) string {
	tb.Helper()
	if d == sqlstore.Postgres {
		return Postgres(tb)
	}
	return SQLite(tb)
}

// Open returns a Store on a new, empty database of dialect d, migrated
// unless opts say otherwise, and closed when tb ends. For PostgreSQL it
// skips tb when no server is available (see Postgres).
func Open(tb testing.TB, d sqlstore.Dialect, opts ...sqlstore.Option) *sqlstore.Store {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var (
		s   *sqlstore.Store
		err error
	)
	if d == sqlstore.Postgres {
		s, err = postgres.Open(ctx, Postgres(tb), opts...)
	} else {
		s, err = sqlite.Open(ctx, SQLite(tb), opts...)
	}
	if err != nil {
		tb.Fatalf("sqltest: open %s store: %v", d, err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("sqltest: close %s store: %v", d, err)
		}
	})
	return s
}

// Run runs the tests of m and then stops the PostgreSQL server the tests
// started, if any, and returns the exit code for os.Exit. Call it from
// TestMain in every package whose tests call Postgres.
func Run(m *testing.M) int {
	runCalled.Store(true)
	code := m.Run()
	if err := srv.shutdown(); err != nil {
		os.Stderr.WriteString("sqltest: " + err.Error() + "\n")
		if code == 0 {
			code = 1
		}
	}
	return code
}
