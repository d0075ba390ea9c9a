package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/storage"
	"github.com/footprint-hq/footprint/storage/sqlstore"
	"github.com/footprint-hq/footprint/storage/sqlstore/postgres"
	"github.com/footprint-hq/footprint/storage/sqlstore/sqlite"
	"github.com/footprint-hq/footprint/storage/sqlstore/sqltest"
)

var base = time.Date(2026, time.March, 2, 9, 30, 0, 0, time.UTC)

func testGoal(id, owner string) *okr.Goal {
	return &okr.Goal{ID: id, Owner: owner, Title: "Become an agile coach", Tags: []string{"agile"},
		Status: okr.GoalActive, Visibility: okr.VisibilityPrivate, CreatedAt: base, UpdatedAt: base, Version: 1}
}

// appliedVersions returns how often each schema version is recorded as
// applied.
func appliedVersions(t *testing.T, db *sql.DB) map[int64]int {
	t.Helper()
	rows, err := db.Query("SELECT version_id, COUNT(*) FROM " + sqlstore.MigrationTable + " WHERE is_applied GROUP BY version_id")
	require.NoError(t, err)
	defer rows.Close()
	got := map[int64]int{}
	for rows.Next() {
		var v int64
		var n int
		require.NoError(t, rows.Scan(&v, &n))
		got[v] = n
	}
	require.NoError(t, rows.Err())
	return got
}

// everyMigrationOnce is what appliedVersions returns for a database
// migrated to the latest version: goose's initial version 0 and each
// embedded migration, once.
func everyMigrationOnce() map[int64]int {
	want := map[int64]int{0: 1}
	for _, v := range sqlstore.MigrationVersions() {
		want[v] = 1
	}
	return want
}

// TestConcurrentStartsMigrateOnce starts several stores at once on one
// fresh PostgreSQL database, each on its own pool: all must start, and
// each migration must be recorded once.
func TestConcurrentStartsMigrateOnce(t *testing.T) {
	dsn := sqltest.Postgres(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// The database holds an empty version table, as after a deployment
	// of a build without migrations: the instances race for the first
	// migration itself, not for creating that table.
	pool, err := postgres.OpenDB(dsn)
	require.NoError(t, err)
	defer pool.Close()
	current, latest, err := sqlstore.SchemaVersion(ctx, pool, sqlstore.Postgres)
	require.NoError(t, err)
	require.Equal(t, int64(0), current)
	require.Equal(t, slices.Max(sqlstore.MigrationVersions()), latest)

	const instances = 4
	stores := make([]*sqlstore.Store, instances)
	errs := make([]error, instances)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range instances {
		db, err := postgres.OpenDB(dsn)
		require.NoError(t, err)
		require.NoError(t, db.PingContext(ctx)) // connected before the start
		t.Cleanup(func() { assert.NoError(t, db.Close()) })
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			stores[i], errs[i] = sqlstore.New(ctx, db, sqlstore.Postgres)
		}()
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		require.NoError(t, err, "instance %d", i)
	}
	assert.Equal(t, everyMigrationOnce(), appliedVersions(t, stores[0].DB()))
	require.NoError(t, stores[1].CreateGoal(ctx, testGoal("g1", "ana")))
	_, err = stores[instances-1].Goal(ctx, "g1")
	assert.NoError(t, err)
	current, _, err = sqlstore.SchemaVersion(ctx, pool, sqlstore.Postgres)
	require.NoError(t, err)
	assert.Equal(t, latest, current)
}

// TestExplicitMigration opens stores that leave the schema to the host.
func TestExplicitMigration(t *testing.T) {
	for _, d := range sqlstore.Dialects {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			s := sqltest.Open(t, d, sqlstore.WithoutMigrations())
			err := s.CreateGoal(ctx, testGoal("g1", "ana"))
			require.Error(t, err, "without migrations there are no tables")
			require.NoError(t, sqlstore.Migrate(ctx, s.DB(), d))
			require.NoError(t, sqlstore.Migrate(ctx, s.DB(), d), "migrating twice changes nothing")
			require.NoError(t, s.CreateGoal(ctx, testGoal("g1", "ana")))
			assert.Equal(t, everyMigrationOnce(), appliedVersions(t, s.DB()))
		})
	}
}

func TestReopenSQLite(t *testing.T) {
	ctx := context.Background()
	path := sqltest.SQLite(t)
	s, err := sqlite.Open(ctx, path)
	require.NoError(t, err)
	require.NoError(t, s.CreateGoal(ctx, testGoal("g1", "ana")))
	require.NoError(t, s.Close())
	s, err = sqlite.Open(ctx, path)
	require.NoError(t, err)
	defer s.Close()
	g, err := s.Goal(ctx, "g1")
	require.NoError(t, err)
	assert.Equal(t, testGoal("g1", "ana"), g)
	assert.Equal(t, everyMigrationOnce(), appliedVersions(t, s.DB()))

	var mode string
	require.NoError(t, s.DB().QueryRow("PRAGMA journal_mode").Scan(&mode))
	assert.Equal(t, "wal", mode)
	var sync int
	require.NoError(t, s.DB().QueryRow("PRAGMA synchronous").Scan(&sync))
	assert.Equal(t, 1, sync, "NORMAL by default")
}

func TestSynchronousFull(t *testing.T) {
	s, err := sqlite.Open(context.Background(), sqltest.SQLite(t), sqlstore.WithSynchronousFull())
	require.NoError(t, err)
	defer s.Close()
	var sync int
	require.NoError(t, s.DB().QueryRow("PRAGMA synchronous").Scan(&sync))
	assert.Equal(t, 2, sync, "FULL")
}

func TestNewRejectsSQLiteWithoutSettings(t *testing.T) {
	db, err := sql.Open("sqlite", sqltest.SQLite(t))
	require.NoError(t, err)
	defer db.Close()
	_, err = sqlstore.New(context.Background(), db, sqlstore.SQLite)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "foreign_keys=0")

	_, err = sqlstore.New(context.Background(), db, sqlstore.Dialect("oracle"))
	assert.Error(t, err)
}

func TestOpenRejectsWhatIsNotAPath(t *testing.T) {
	for _, path := range []string{"", ":memory:", "file:x.db", "x.db?mode=ro"} {
		_, err := sqlite.Open(context.Background(), path)
		assert.Error(t, err, path)
	}
}

// TestCancelledTransaction cancels the context of a transaction that holds
// the write lock (SQLite) or a row lock (PostgreSQL), and of a statement
// waiting for that lock: both must roll back cleanly, release their
// locks and connections, and leave the store usable.
func TestCancelledTransaction(t *testing.T) {
	for _, d := range sqlstore.Dialects {
		t.Run(d.String(), func(t *testing.T) {
			s := sqltest.Open(t, d)
			ctx, stop := context.WithTimeout(context.Background(), time.Minute)
			defer stop()
			require.NoError(t, s.CreateGoal(ctx, testGoal("g1", "ana")))
			rename := func(title string) func(*okr.Goal) error {
				return func(g *okr.Goal) error { g.Title = title; return nil }
			}

			// Cancelled after a write, while holding the lock.
			cctx, cancel := context.WithCancel(ctx)
			err := s.Atomic(cctx, func(cctx context.Context) error {
				if _, err := s.UpdateGoal(cctx, "g1", 0, rename("lost")); err != nil {
					return err
				}
				cancel()
				return nil // the callback does not notice; the commit must
			})
			assert.ErrorIs(t, err, context.Canceled)

			// Cancelled while waiting for the lock another transaction holds.
			locked, release, done := make(chan struct{}), make(chan struct{}), make(chan error)
			go func() {
				done <- s.Atomic(ctx, func(ctx context.Context) error {
					if _, err := s.UpdateGoal(ctx, "g1", 0, rename("kept")); err != nil {
						return err
					}
					close(locked)
					<-release
					return nil
				})
			}()
			<-locked
			wctx, wcancel := context.WithTimeout(ctx, 300*time.Millisecond)
			start := time.Now()
			_, err = s.UpdateGoal(wctx, "g1", 0, rename("waited"))
			wcancel()
			assert.ErrorIs(t, err, context.DeadlineExceeded)
			assert.Less(t, time.Since(start), 3*time.Second, "the wait ends with the context, before the busy timeout")
			close(release)
			require.NoError(t, <-done)

			// The store is usable and holds exactly the committed change.
			uctx, ucancel := context.WithTimeout(ctx, 10*time.Second)
			defer ucancel()
			g, err := s.UpdateGoal(uctx, "g1", 0, func(g *okr.Goal) error {
				assert.Equal(t, "kept", g.Title)
				g.Title = "after"
				return nil
			})
			require.NoError(t, err)
			assert.Equal(t, int64(3), g.Version, "one committed update before this one")
			assert.Equal(t, 0, s.DB().Stats().InUse, "no connection is left behind")
		})
	}
}

func TestErrorCategories(t *testing.T) {
	for _, d := range sqlstore.Dialects {
		t.Run(d.String(), func(t *testing.T) {
			s := sqltest.Open(t, d)
			ctx := context.Background()
			require.NoError(t, s.CreateGoal(ctx, testGoal("g1", "ana")))

			err := s.CreateObjective(ctx, &okr.Objective{ID: "o1", GoalID: "missing", Owner: "ana", Version: 1})
			assert.ErrorIs(t, err, storage.ErrNotFound, "a reference to a missing row")
			if d == sqlstore.SQLite {
				var coded interface{ Code() int } // *sqlite.Error
				assert.ErrorAs(t, err, &coded, "the driver's error stays in the chain")
			} else {
				var coded interface{ SQLState() string } // *pgconn.PgError
				assert.ErrorAs(t, err, &coded, "the driver's error stays in the chain")
			}

			// A duplicate does not break the transaction it happens in, on
			// either database.
			err = s.Atomic(ctx, func(ctx context.Context) error {
				err := s.CreateGoal(ctx, testGoal("g1", "ben"))
				if !errors.Is(err, storage.ErrAlreadyExists) {
					return fmt.Errorf("want already exists, got %w", err)
				}
				return s.CreateGoal(ctx, testGoal("g2", "ana"))
			})
			require.NoError(t, err)
			g, err := s.Goal(ctx, "g1")
			require.NoError(t, err)
			assert.Equal(t, "ana", g.Owner)
			_, err = s.Goal(ctx, "g2")
			assert.NoError(t, err)
		})
	}
}

// TestTimesRoundTrip stores times with nanoseconds in another zone: they
// come back as the same instant, exactly, in UTC.
func TestTimesRoundTrip(t *testing.T) {
	for _, d := range sqlstore.Dialects {
		t.Run(d.String(), func(t *testing.T) {
			s := sqltest.Open(t, d)
			ctx := context.Background()
			at := time.Date(2026, time.March, 2, 9, 30, 1, 123456789, time.FixedZone("CET", 3600))
			sg := &okr.Suggestion{ID: "s1", From: "lead", To: "ana", Status: okr.SuggestionPending,
				CreatedAt: at, DecidedAt: &at, Version: 1}
			require.NoError(t, s.CreateSuggestion(ctx, sg))
			got, err := s.Suggestion(ctx, "s1")
			require.NoError(t, err)
			assert.Equal(t, at.UTC(), got.CreatedAt)
			assert.Equal(t, time.UTC, got.CreatedAt.Location())
			require.NotNil(t, got.DecidedAt)
			assert.Equal(t, at.UTC(), *got.DecidedAt)

			require.NoError(t, s.CreateSuggestion(ctx, &okr.Suggestion{ID: "s2", Version: 1}))
			got, err = s.Suggestion(ctx, "s2")
			require.NoError(t, err)
			assert.True(t, got.CreatedAt.IsZero())
			assert.Nil(t, got.DecidedAt)
			assert.Nil(t, got.Objective.Tags, "nil stays nil")
		})
	}
}

// The plan of a list served by an index on its filter column: SQLite's
// "SEARCH t USING INDEX t_owner (owner=? AND id>?)" (or USING PRIMARY KEY,
// for a table keyed by the filter column and more), PostgreSQL's
// "Index Cond: ((owner = 'x'::text) AND (id > '01'::text))" (whose
// conditions need not come in the index's order).
var (
	sqliteSearch   = regexp.MustCompile(`SEARCH \S+ USING ((COVERING )?INDEX \S+|PRIMARY KEY) \(\w+=\?`)
	postgresSearch = regexp.MustCompile(`Index Cond: .*\(+\w+ = `)
)

// TestListsUseIndexes checks that the database answers every list the
// services of every domain make from an index, without reading unrelated rows nor
// sorting: no full table scan, no sort step.
func TestListsUseIndexes(t *testing.T) {
	for _, d := range sqlstore.Dialects {
		t.Run(d.String(), func(t *testing.T) {
			s := sqltest.Open(t, d)
			ctx := context.Background()
			conn, err := s.DB().Conn(ctx)
			require.NoError(t, err)
			defer conn.Close()
			explain := "EXPLAIN QUERY PLAN "
			if d == sqlstore.Postgres {
				// Empty tables are cheapest to scan; ask whether an index
				// can serve the query at all.
				_, err := conn.ExecContext(ctx, "SET enable_seqscan = off")
				require.NoError(t, err)
				explain = "EXPLAIN "
			}
			for name, q := range sqlstore.ListQueries(d) {
				rows, err := conn.QueryContext(ctx, explain+q.SQL, q.Args...)
				require.NoError(t, err, name)
				var plan []string
				for rows.Next() {
					cols, err := rows.Columns()
					require.NoError(t, err)
					dest := make([]any, len(cols))
					for i := range dest {
						dest[i] = new(any)
					}
					require.NoError(t, rows.Scan(dest...))
					plan = append(plan, fmt.Sprint(*dest[len(dest)-1].(*any)))
				}
				require.NoError(t, rows.Close())
				text := strings.Join(plan, "\n")
				// Every list filters on a column: the index searched must
				// start with it (an equality), not be the primary key
				// walked in ID order past unrelated rows.
				switch d {
				case sqlstore.SQLite:
					assert.Regexp(t, sqliteSearch, text, "%s:\n%s", name, text)
					assert.NotContains(t, text, "SCAN", "%s reads every row:\n%s", name, text)
					assert.NotContains(t, text, "TEMP B-TREE", "%s sorts:\n%s", name, text)
				case sqlstore.Postgres:
					assert.Regexp(t, postgresSearch, text, "%s:\n%s", name, text)
					assert.NotContains(t, text, "Seq Scan", "%s:\n%s", name, text)
					assert.NotContains(t, text, "Sort", "%s sorts:\n%s", name, text)
				}
			}
		})
	}
}

// TestBusySQLiteIsAConflict opens a pool whose transactions begin deferred
// (no _txlock=immediate) and a short busy timeout: concurrent writers then
// meet SQLITE_BUSY, which the store reports as storage.ErrConflict — a
// change not made, to retry — never as an unclassified error.
func TestBusySQLiteIsAConflict(t *testing.T) {
	dsn := "file:" + sqltest.SQLite(t) + "?_pragma=foreign_keys(1)&_pragma=busy_timeout(1)&_pragma=journal_mode(WAL)"
	db, err := sql.Open("sqlite", dsn)
	require.NoError(t, err)
	defer db.Close()
	ctx := context.Background()
	st, err := sqlstore.New(ctx, db, sqlstore.SQLite)
	require.NoError(t, err)
	g := testGoal("01J000000000000000000000G1", "ana")
	require.NoError(t, st.CreateGoal(ctx, g))
	var wg sync.WaitGroup
	var mu sync.Mutex
	conflicts := 0
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 25 {
				_, err := st.UpdateGoal(ctx, g.ID, 0, func(g *okr.Goal) error { g.Title += "!"; return nil })
				if err == nil {
					continue
				}
				if !errors.Is(err, storage.ErrConflict) {
					t.Errorf("a busy database must read as a conflict, got %v", err)
					return
				}
				mu.Lock()
				conflicts++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	t.Logf("%d of 200 updates met a busy database", conflicts)
}
