package sqlstore_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/storage/sqlstore"
	"github.com/footprint-hq/footprint/storage/sqlstore/postgres"
	"github.com/footprint-hq/footprint/storage/sqlstore/sqlite"
	"github.com/footprint-hq/footprint/storage/sqlstore/sqltest"
)

// TestSQLiteWritersTakeTurnsInOrder holds the write lock in one
// transaction while writers arrive one after another, then lets go: they
// must commit in the order they arrived, not in whatever order SQLite's
// busy handler happens to wake them.
func TestSQLiteWritersTakeTurnsInOrder(t *testing.T) {
	s := sqltest.Open(t, sqlstore.SQLite)
	ctx := context.Background()
	require.NoError(t, s.CreateGoal(ctx, testGoal("g1", "ana")))
	locked, release, held := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		held <- s.Atomic(ctx, func(ctx context.Context) error {
			close(locked)
			<-release
			return nil
		})
	}()
	<-locked
	const writers = 12
	var (
		mu    sync.Mutex
		order []int
		wg    sync.WaitGroup
	)
	for i := range writers {
		wg.Go(func() {
			_, err := s.UpdateGoal(ctx, "g1", 0, func(g *okr.Goal) error {
				mu.Lock()
				order = append(order, i)
				mu.Unlock()
				g.Title = fmt.Sprint("writer ", i)
				return nil
			})
			assert.NoError(t, err)
		})
		// Writer i+1 arrives once writer i is waiting.
		require.Eventually(t, func() bool { return sqlstore.Waiting(s) == int64(i+1) }, 10*time.Second, time.Millisecond)
	}
	close(release)
	require.NoError(t, <-held)
	wg.Wait()
	want := make([]int, writers)
	for i := range want {
		want[i] = i
	}
	assert.Equal(t, want, order, "first come, first served")
	g, err := s.Goal(ctx, "g1")
	require.NoError(t, err)
	assert.Equal(t, int64(1+writers), g.Version, "every writer committed once")
}

// TestTransactionWaitEndsWithItsContext: a transaction waiting for its
// turn gives up when its context ends, and changes nothing.
func TestTransactionWaitEndsWithItsContext(t *testing.T) {
	for _, d := range sqlstore.Dialects {
		t.Run(d.String(), func(t *testing.T) {
			db, err := sqlite.OpenDB(sqltest.SQLite(t))
			if d == sqlstore.Postgres {
				db, err = postgres.OpenDB(sqltest.Postgres(t), sqlstore.WithMaxOpenConns(2)) // one transaction at a time
			}
			require.NoError(t, err)
			s, err := sqlstore.New(context.Background(), db, d, sqlstore.WithCloseDB())
			require.NoError(t, err)
			t.Cleanup(func() { _ = s.Close() })
			ctx := context.Background()
			require.NoError(t, s.CreateGoal(ctx, testGoal("g1", "ana")))
			locked, release, held := make(chan struct{}), make(chan struct{}), make(chan error, 1)
			go func() {
				held <- s.Atomic(ctx, func(ctx context.Context) error {
					close(locked)
					<-release
					return nil
				})
			}()
			<-locked
			wctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
			defer cancel()
			ran := false
			err = s.Atomic(wctx, func(ctx context.Context) error {
				ran = true
				_, err := s.UpdateGoal(ctx, "g1", 0, func(g *okr.Goal) error { g.Title = "never"; return nil })
				return err
			})
			assert.ErrorIs(t, err, context.DeadlineExceeded)
			assert.ErrorContains(t, err, "waiting for its turn")
			assert.False(t, ran, "the transaction never began")
			close(release)
			require.NoError(t, <-held)
			g, err := s.Goal(ctx, "g1")
			require.NoError(t, err)
			assert.Equal(t, int64(1), g.Version)

			// A statement outside a transaction is not held up by one
			// under way: the pool keeps a connection for it.
			locked, release = make(chan struct{}), make(chan struct{})
			go func() {
				held <- s.Atomic(ctx, func(ctx context.Context) error {
					close(locked)
					<-release
					return nil
				})
			}()
			<-locked
			rctx, rcancel := context.WithTimeout(ctx, 5*time.Second)
			defer rcancel()
			_, err = s.Goal(rctx, "g1")
			assert.NoError(t, err)
			close(release)
			require.NoError(t, <-held)
		})
	}
}

func TestPoolsAreBounded(t *testing.T) {
	db, err := sqlite.OpenDB(sqltest.SQLite(t))
	require.NoError(t, err)
	assert.Equal(t, sqlstore.DefaultMaxOpenConns, db.Stats().MaxOpenConnections)
	require.NoError(t, db.Close())
	db, err = sqlite.OpenDB(sqltest.SQLite(t), sqlstore.WithMaxOpenConns(4))
	require.NoError(t, err)
	assert.Equal(t, 4, db.Stats().MaxOpenConnections)
	require.NoError(t, db.Close())
	db, err = postgres.OpenDB("postgres://localhost/none", sqlstore.WithMaxOpenConns(1))
	require.NoError(t, err)
	assert.Equal(t, 2, db.Stats().MaxOpenConnections, "never fewer than two: one for transactions, one for the rest")
	require.NoError(t, db.Close())
}
