package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// tx is the state of one Atomic call.
type tx struct {
	store *Store
	sqlTx *sql.Tx
	done  bool
}

type txKey struct{}

// txFor returns the transaction ctx is bound to, if it belongs to s and is
// still running.
func (s *Store) txFor(ctx context.Context) *tx {
	t, _ := ctx.Value(txKey{}).(*tx)
	if t == nil || t.store != s || t.done {
		return nil
	}
	return t
}

// Atomic runs fn in one database transaction; store calls made with the
// context it passes join it. When fn returns an error or panics, the
// transaction is rolled back; when the context is cancelled before the
// commit, the transaction is rolled back and Atomic returns an error
// wrapping the context's error. A call with a context already bound to a
// transaction of this Store joins it.
//
// On SQLite the transaction takes the database's write lock when it
// begins, so transactions that write run one at a time and never fail
// half-way with SQLITE_BUSY; on PostgreSQL it runs at the database's
// default isolation (READ COMMITTED), and Update methods lock the row they
// change until the transaction ends.
//
// Transactions of one Store wait their turn in the Store, in the order
// they arrive, before they take a connection: on SQLite one runs at a
// time (the database has one writer; waiting in SQLite's busy handler
// instead would wake every waiter on a timer, in no order, and give long
// tails under load); on PostgreSQL as many run at once as the pool has
// connections but one, so that statements outside transactions always
// find one. A caller whose context ends while it waits gets the context's
// error. Processes sharing a SQLite file still wait for each other in
// SQLite's busy handler, up to its timeout.
func (s *Store) Atomic(ctx context.Context, fn func(ctx context.Context) error) error {
	if s.txFor(ctx) != nil {
		return fn(ctx)
	}
	if s.txs != nil {
		s.waiting.Add(1)
		select {
		case s.txs <- struct{}{}:
			s.waiting.Add(-1)
			defer func() { <-s.txs }()
		case <-ctx.Done():
			s.waiting.Add(-1)
			return fmt.Errorf("sqlstore: begin transaction: waiting for its turn: %w", ctx.Err())
		}
	}
	sqlTx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.fail(ctx, "begin transaction", err)
	}
	t := &tx{store: s, sqlTx: sqlTx}
	defer func() {
		// Runs on error and on panic alike; after a commit it is a no-op.
		t.done = true
		_ = sqlTx.Rollback()
	}()
	if err := fn(context.WithValue(ctx, txKey{}, t)); err != nil {
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return s.fail(ctx, "commit", err)
	}
	return nil
}

// stmt returns the prepared statement of query: bound to the transaction
// of ctx if there is one, else on the pool, where a single statement is a
// transaction of its own (it sees one consistent snapshot, and its writes
// commit or fail as a whole).
//
// Statements are prepared on the pool once and kept; database/sql
// prepares them again on each connection that runs them. A statement that
// fails to prepare (say, its table does not exist yet) is prepared again
// on its next use.
func (s *Store) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	t := s.txFor(ctx)
	st, ok := s.stmts.Load(query)
	if !ok {
		if t != nil && s.poolExhausted() {
			// Preparing on the pool would wait for a connection while the
			// transaction holds one — forever, with a pool of one. Prepare
			// on the transaction's own connection, for this use only.
			st, err := t.sqlTx.PrepareContext(ctx, query)
			if err != nil {
				return nil, s.fail(ctx, "prepare", err)
			}
			return st, nil
		}
		prepared, err := s.db.PrepareContext(ctx, query)
		if err != nil {
			return nil, s.fail(ctx, "prepare", err)
		}
		if st, ok = s.stmts.LoadOrStore(query, prepared); ok {
			_ = prepared.Close() // another goroutine was first
		}
	}
	if t != nil {
		return t.sqlTx.StmtContext(ctx, st.(*sql.Stmt)), nil
	}
	return st.(*sql.Stmt), nil
}

// poolExhausted reports whether every connection the pool may open is in
// use.
func (s *Store) poolExhausted() bool {
	stats := s.db.Stats()
	return stats.MaxOpenConnections > 0 && stats.InUse >= stats.MaxOpenConnections
}

// write runs fn in the transaction of ctx, or in a transaction of its own
// that commits when fn succeeds. fn runs its statements with ctx.
func (s *Store) write(ctx context.Context, fn func(ctx context.Context) error) error {
	if s.txFor(ctx) != nil {
		return fn(ctx)
	}
	return s.Atomic(ctx, fn)
}

// fail wraps a database error with what was being done, the storage
// category of the error when it has one, and the context's error when the
// context has ended (a cancelled statement often reports only that it was
// interrupted).
func (s *Store) fail(ctx context.Context, doing string, err error) error {
	if cat := s.dialect.category(err); cat != nil {
		return fmt.Errorf("sqlstore: %s: %w: %w", doing, cat, err)
	}
	if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
		return fmt.Errorf("sqlstore: %s: %w: %w", doing, cerr, err)
	}
	return fmt.Errorf("sqlstore: %s: %w", doing, err)
}
