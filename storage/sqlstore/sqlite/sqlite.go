// Package sqlite opens Footprint's SQL store on a SQLite database file,
// through modernc.org/sqlite: SQLite compiled to pure Go, so hosts build
// without cgo.
//
// Importing the package registers modernc.org/sqlite's database/sql
// driver under the name "sqlite". A host that already uses another SQLite
// driver registered under that name need not import this package: it
// opens its own pool with the settings below and passes it to
// sqlstore.New with sqlstore.SQLite.
//
// # Settings
//
// Every connection of the pool is set up through the DSN (see DSN), not
// through migrations, because SQLite settings belong to a connection:
//
//   - journal_mode=WAL: readers never block the writer nor the other way
//     round, and a commit appends to the write-ahead log instead of
//     rewriting the database file;
//   - foreign_keys=ON: references between tables are enforced;
//   - busy_timeout=5000: a connection waits up to five seconds for the
//     write lock instead of failing at once;
//   - _txlock=immediate: every read-write transaction begins with BEGIN
//     IMMEDIATE, taking the write lock at its start. A transaction that
//     began deferred, read, and then tried to write while another
//     connection held the lock would fail with SQLITE_BUSY at once — no
//     busy timeout helps, because waiting could not make its snapshot
//     current again;
//   - synchronous=NORMAL by default, or FULL with
//     sqlstore.WithSynchronousFull. In WAL mode NORMAL writes every commit
//     to the log before reporting success but syncs the log to the disk
//     only at checkpoints: a commit survives a crash of the process (the
//     operating system still has the data), yet the last commits may be
//     lost on a power loss or an operating-system crash, though the
//     database is never corrupted. FULL syncs the log at every commit, so
//     a commit survives power loss too, at the price of one fsync per
//     write transaction.
//
// A SQLite database serves one machine. Several processes may share the
// file, but start them one at a time the first time, since migrations on
// SQLite take no lock; use PostgreSQL to run several instances of a host.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"modernc.org/sqlite"

	"github.com/footprint-hq/footprint/storage/sqlstore"
)

// BusyTimeoutMillis is how long a connection waits for the write lock
// before it gives up with SQLITE_BUSY.
const BusyTimeoutMillis = 5000

// DSN returns the modernc.org/sqlite data source name of the database
// file at path with the settings described in the package documentation;
// synchronousFull chooses synchronous=FULL over NORMAL.
func DSN(path string, synchronousFull bool) string {
	sync := "NORMAL"
	if synchronousFull {
		sync = "FULL"
	}
	return fmt.Sprintf("%s?_pragma=busy_timeout(%d)&_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=synchronous(%s)&_txlock=immediate",
		path, BusyTimeoutMillis, sync)
}

// OpenDB opens a connection pool on the database file at path, creating
// the file when it does not exist, with the settings of DSN. The pool
// holds up to sqlstore.DefaultMaxOpenConns connections (or as many as
// sqlstore.WithMaxOpenConns says) and keeps them all open once opened, so
// that concurrent callers neither reopen the file (re-running the
// settings) on every call nor open one connection per caller. Of opts only
// sqlstore.WithSynchronousFull and sqlstore.WithMaxOpenConns matter here.
func OpenDB(path string, opts ...sqlstore.Option) (*sql.DB, error) {
	if path == "" || path == ":memory:" || strings.HasPrefix(path, "file:") || strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("sqlite: %q is not a plain database file path", path)
	}
	o := sqlstore.Collect(opts...)
	connector, err := sqlite.NewConnector(DSN(path, o.SynchronousFull))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	db := sql.OpenDB(connector)
	db.SetMaxOpenConns(o.PoolSize())
	db.SetMaxIdleConns(o.PoolSize())
	return db, nil
}

// Open opens the database file at path, creating it when it does not
// exist, and returns a Store that owns the connection pool: Store.Close
// closes it. Unless opts include sqlstore.WithoutMigrations, the schema is
// brought up to date first.
func Open(ctx context.Context, path string, opts ...sqlstore.Option) (*sqlstore.Store, error) {
	db, err := OpenDB(path, opts...)
	if err != nil {
		return nil, err
	}
	s, err := sqlstore.New(ctx, db, sqlstore.SQLite, append(slices.Clip(opts), sqlstore.WithCloseDB())...)
	if err != nil {
		return nil, errors.Join(err, db.Close())
	}
	return s, nil
}
