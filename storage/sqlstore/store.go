package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
)

// Store keeps every domain's data in a SQL database. It implements the
// Store interface of each domain package; the compiler checks this in
// the file of each domain. It is safe for concurrent use.
type Store struct {
	db      *sql.DB
	dialect Dialect
	closeDB bool
	// stmts holds a prepared statement per query text, prepared on first
	// use: a database parses each query once per connection, not per call.
	stmts sync.Map // string → *sql.Stmt
	// txs holds a token per transaction under way: transactions wait
	// their turn here, first come first served, instead of at the
	// database (see Atomic).
	txs chan struct{}
	// waiting counts the transactions waiting in txs.
	waiting atomic.Int64
}

// Options configure a Store. Set them with the With functions; driver
// packages read them to open their connection pools.
type Options struct {
	// SkipMigrations leaves the schema alone: the host runs Migrate
	// itself, for example from a deployment step.
	SkipMigrations bool
	// CloseDB makes Store.Close close the connection pool. The Open
	// functions of the driver packages set it.
	CloseDB bool
	// SynchronousFull makes SQLite pools opened from a path (by
	// sqlite.Open and sqlopen.Open) wait for every commit to reach the
	// disk: PRAGMA synchronous=FULL instead of NORMAL. See the package
	// documentation. It has no effect on a pool the host opened, nor on
	// PostgreSQL.
	SynchronousFull bool
	// MaxOpenConns bounds the connection pools the driver packages open
	// (DefaultMaxOpenConns when 0). It has no effect on a pool the host
	// opened: set that pool's own bounds before New.
	MaxOpenConns int
}

// DefaultMaxOpenConns is the size of the connection pools the driver
// packages open unless WithMaxOpenConns says otherwise. Past a few
// connections per core a database answers no faster, while every extra
// connection costs memory on both sides (and, for SQLite, a file handle
// and a page cache of its own).
const DefaultMaxOpenConns = 16

// WithMaxOpenConns bounds the connection pools the driver packages open
// to n connections (n ≥ 2; see DefaultMaxOpenConns).
func WithMaxOpenConns(n int) Option { return func(o *Options) { o.MaxOpenConns = n } }

// PoolSize is the number of connections a driver package opens its pool
// with: o.MaxOpenConns, or DefaultMaxOpenConns when that is 0, and never
// fewer than 2.
func (o Options) PoolSize() int {
	if o.MaxOpenConns <= 0 {
		return DefaultMaxOpenConns
	}
	return max(2, o.MaxOpenConns)
}

// Option configures a Store.
type Option func(*Options)

// WithoutMigrations leaves the schema alone; the host calls Migrate
// itself before using the Store.
func WithoutMigrations() Option { return func(o *Options) { o.SkipMigrations = true } }

// WithCloseDB makes Store.Close close the connection pool passed to New.
func WithCloseDB() Option { return func(o *Options) { o.CloseDB = true } }

// WithSynchronousFull makes SQLite databases opened from a path wait for
// every commit to reach the disk, so that a committed change survives a
// power loss or an operating-system crash, at the price of one fsync per
// commit. Without it (synchronous=NORMAL) commits survive a crash of the
// process but the last ones may be lost on power loss.
func WithSynchronousFull() Option { return func(o *Options) { o.SynchronousFull = true } }

// Collect applies opts in order and returns the result; driver packages
// use it.
func Collect(opts ...Option) Options {
	var o Options
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// New returns a Store on db, a connection pool for dialect d. Unless
// WithoutMigrations is given, it first brings the schema up to date (see
// Migrate). The pool must have the settings the dialect needs; the
// packages storage/sqlstore/sqlite and storage/sqlstore/postgres open
// pools that have them. New checks what it can of a SQLite pool: that
// foreign keys are enforced and a busy timeout is set. It cannot read back
// whether the pool's transactions begin immediately (_txlock=immediate in
// modernc.org/sqlite's DSN; see sqlite.DSN): without that, concurrent
// writers fail at once with storage.ErrConflict instead of taking turns.
//
// New reads the pool's MaxOpenConnections to size the queue transactions
// wait in (see Atomic); set the pool's bounds before New.
func New(ctx context.Context, db *sql.DB, d Dialect, opts ...Option) (*Store, error) {
	if db == nil {
		return nil, errors.New("sqlstore: nil *sql.DB")
	}
	if err := d.check(); err != nil {
		return nil, err
	}
	o := Collect(opts...)
	if d == SQLite {
		if err := checkSQLite(ctx, db); err != nil {
			return nil, err
		}
	}
	if !o.SkipMigrations {
		if err := Migrate(ctx, db, d); err != nil {
			return nil, err
		}
	}
	return &Store{db: db, dialect: d, closeDB: o.CloseDB, txs: txQueue(d, db.Stats().MaxOpenConnections)}, nil
}

// txQueue returns the queue transactions wait in: on SQLite one at a time,
// since the database has a single writer and every transaction takes its
// write lock; on PostgreSQL one fewer than the pool's connections, so that
// one always stays free for statements outside transactions (and for
// preparing statements); nil, no queue, for an unbounded PostgreSQL pool.
func txQueue(d Dialect, maxOpen int) chan struct{} {
	switch {
	case d == SQLite:
		return make(chan struct{}, 1)
	case maxOpen == 0:
		return nil
	default:
		return make(chan struct{}, max(1, maxOpen-1))
	}
}

// checkSQLite verifies the per-connection settings that the correctness of
// the store depends on, as far as they can be read back.
func checkSQLite(ctx context.Context, db *sql.DB) error {
	var fk, busy int
	if err := db.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil {
		return fmt.Errorf("sqlstore: read sqlite settings: %w", err)
	}
	if err := db.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&busy); err != nil {
		return fmt.Errorf("sqlstore: read sqlite settings: %w", err)
	}
	if fk != 1 || busy <= 0 {
		return fmt.Errorf("sqlstore: sqlite pool lacks settings (foreign_keys=%d, busy_timeout=%d): open it with sqlite.OpenDB or the DSN of sqlite.DSN", fk, busy)
	}
	return nil
}

// DB returns the connection pool of the Store.
func (s *Store) DB() *sql.DB { return s.db }

// Dialect returns the dialect of the Store's database.
func (s *Store) Dialect() Dialect { return s.dialect }

// Close releases the Store's prepared statements and, if the Store owns
// the connection pool (see WithCloseDB), closes it; otherwise the host
// closes the pool it passed to New. The Store must not be used after
// Close.
func (s *Store) Close() error {
	var errs []error
	s.stmts.Range(func(query, stmt any) bool {
		errs = append(errs, stmt.(*sql.Stmt).Close())
		s.stmts.Delete(query)
		return true
	})
	if s.closeDB {
		errs = append(errs, s.db.Close())
	}
	return errors.Join(errs...)
}
