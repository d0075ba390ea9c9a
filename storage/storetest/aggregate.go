package storetest

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/storage"
)

// concurrentUpdates is how many goroutines update one value at once in
// the "concurrent updates lose nothing" cases.
const concurrentUpdates = 20

// aggregate describes one kind of versioned value of a store S to the
// standard cases that every such value must pass (see run). The store
// methods are given as method expressions, e.g. okr.Store.UpdateGoal.
type aggregate[S, T any] struct {
	// fresh returns a value that is not stored yet, with a key of its
	// own and version 1; it may store what the value depends on.
	fresh func(t *testing.T, s S) *T
	// key returns the key get and update find the value by.
	key func(*T) string
	// version returns the value's version.
	version func(*T) int64
	// create stores a new value; nil when the store holds its one value
	// from the start (fresh then returns the stored value).
	create func(S, context.Context, *T) error
	get    func(S, context.Context, string) (*T, error)
	update func(S, context.Context, string, int64, func(*T) error) (*T, error)
	// edit makes a change that shows in the stored value.
	edit func(*T)
	// mutate changes nested values in place, as a careless callback
	// would, so a store that shares memory with its callers is caught.
	mutate func(*T)
	// grow adds the i-th of several distinct entries to a list of the
	// value; size counts the entries, so that no concurrent grow is lost.
	grow func(v *T, i int)
	size func(*T) int
	// idempotent creates store a value once and skip it after, without an
	// error (webhook deliveries): the create-twice case then checks that
	// the second create changes nothing.
	idempotent bool
}

// run runs the standard cases against a, each as a parallel subtest of t
// on a store of its own from newStore: create and get, create twice, not found,
// a version-0 update, a stale version, a callback error rolling back, and
// concurrent updates losing nothing. Cases about creating are left out
// when a.create is nil.
func (a aggregate[S, T]) run(t *testing.T, newStore func(t *testing.T) S) {
	cases := []struct {
		name   string
		create bool
		check  func(t *testing.T, s S, c context.Context)
	}{
		{"create and get", true, a.createAndGet},
		{"create twice", true, a.createTwice},
		{"not found", true, a.notFound},
		{"version 0 skips the check and still counts", false, a.versionZero},
		{"stale version", false, a.staleVersion},
		{"callback error changes nothing", false, a.callbackError},
		{"concurrent updates lose nothing", false, a.concurrentUpdates},
	}
	for _, tc := range cases {
		if tc.create && a.create == nil {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.check(t, newStore(t), ctx(t))
		})
	}
}

// stored returns a value that is in s.
func (a aggregate[S, T]) stored(t *testing.T, s S, c context.Context) *T {
	t.Helper()
	v := a.fresh(t, s)
	if a.create != nil {
		require.NoError(t, a.create(s, c, v))
	}
	return v
}

func (a aggregate[S, T]) createAndGet(t *testing.T, s S, c context.Context) {
	v := a.stored(t, s, c)
	got, err := a.get(s, c, a.key(v))
	require.NoError(t, err)
	assert.Equal(t, v, got)
}

func (a aggregate[S, T]) createTwice(t *testing.T, s S, c context.Context) {
	v := a.stored(t, s, c)
	if a.idempotent {
		again := *v
		a.edit(&again)
		assert.NoError(t, a.create(s, c, &again), "an idempotent create skips what is stored")
	} else {
		assert.ErrorIs(t, a.create(s, c, v), storage.ErrAlreadyExists)
	}
	got, err := a.get(s, c, a.key(v))
	require.NoError(t, err)
	assert.Equal(t, v, got, "a refused create changes nothing")
}

func (a aggregate[S, T]) notFound(t *testing.T, s S, c context.Context) {
	a.stored(t, s, c) // a store that is not empty
	_, err := a.get(s, c, newID())
	assert.ErrorIs(t, err, storage.ErrNotFound)
	called := false
	_, err = a.update(s, c, newID(), 0, func(*T) error { called = true; return nil })
	assert.ErrorIs(t, err, storage.ErrNotFound)
	assert.False(t, called, "callback must not run for a missing value")
}

func (a aggregate[S, T]) versionZero(t *testing.T, s S, c context.Context) {
	v := a.stored(t, s, c)
	got, err := a.update(s, c, a.key(v), 0, func(x *T) error { a.edit(x); return nil })
	require.NoError(t, err)
	assert.Equal(t, a.version(v)+1, a.version(got))
	stored, err := a.get(s, c, a.key(v))
	require.NoError(t, err)
	assert.Equal(t, got, stored)
}

func (a aggregate[S, T]) staleVersion(t *testing.T, s S, c context.Context) {
	v := a.stored(t, s, c)
	first, err := a.update(s, c, a.key(v), 1, func(x *T) error {
		assert.Equal(t, int64(1), a.version(x), "callback sees the stored version")
		a.edit(x)
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, int64(2), a.version(first))
	called := false
	_, err = a.update(s, c, a.key(v), 1, func(x *T) error { called = true; a.mutate(x); return nil })
	assert.ErrorIs(t, err, storage.ErrConflict)
	assert.False(t, called, "callback must not run on a stale version")
	stored, err := a.get(s, c, a.key(v))
	require.NoError(t, err)
	assert.Equal(t, first, stored)
}

func (a aggregate[S, T]) callbackError(t *testing.T, s S, c context.Context) {
	v := a.stored(t, s, c)
	_, err := a.update(s, c, a.key(v), 0, func(x *T) error { a.mutate(x); return errCallback })
	assert.ErrorIs(t, err, errCallback)
	stored, err := a.get(s, c, a.key(v))
	require.NoError(t, err)
	assert.Equal(t, v, stored)
}

func (a aggregate[S, T]) concurrentUpdates(t *testing.T, s S, c context.Context) {
	v := a.stored(t, s, c)
	const n = concurrentUpdates
	for _, err := range race(n, func(i int) error {
		_, err := a.update(s, c, a.key(v), 0, func(x *T) error { a.grow(x, i); return nil })
		return err
	}) {
		require.NoError(t, err)
	}
	stored, err := a.get(s, c, a.key(v))
	require.NoError(t, err)
	assert.Equal(t, a.size(v)+n, a.size(stored), "every concurrent update must be kept")
	assert.Equal(t, a.version(v)+n, a.version(stored))
}

// race runs fn(0) … fn(n-1) on n goroutines, released together once all
// of them are ready, and returns what each call returned, by i.
func race(n int, fn func(i int) error) []error {
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	errs := make([]error, n)
	ready.Add(n)
	done.Add(n)
	for i := range n {
		go func() {
			defer done.Done()
			ready.Done()
			<-start
			errs[i] = fn(i)
		}()
	}
	ready.Wait()
	close(start)
	done.Wait()
	return errs
}

// wins counts the calls race saw succeed; every other call must have
// failed with lost.
func wins(t *testing.T, errs []error, lost error) int {
	t.Helper()
	won := 0
	for _, err := range errs {
		if err == nil {
			won++
			continue
		}
		assert.ErrorIs(t, err, lost)
	}
	return won
}

// newID returns a new ULID, later than every one before it; it is safe
// for concurrent use. Every fixture takes its IDs from it.
var newID = storage.NewIDSource()

// transaction describes, to the standard atomic cases, work that changes
// several values of a store S in one Atomic call; W holds what the work
// is about (the values setup stored).
type transaction[S, W any] struct {
	// setup returns a store of its own holding the values the work
	// changes.
	setup func(t *testing.T) (S, context.Context, W)
	// atomic is the store's Atomic method, e.g. okr.Store.Atomic.
	atomic func(S, context.Context, func(context.Context) error) error
	// work makes every change, with c bound to the transaction.
	work func(s S, c context.Context, w W) error
	// inside, if set, checks within the transaction that the work's
	// writes are visible to it.
	inside func(t *testing.T, s S, c context.Context, w W)
	// applied checks that every change is stored; unchanged that none is.
	applied, unchanged func(t *testing.T, s S, c context.Context, w W)
}

// run runs the standard atomic cases against x, each as a parallel
// subtest of t: a commit applies every change; an error, an error after
// a nested call and a panic each roll every change back.
func (x transaction[S, W]) run(t *testing.T) {
	t.Run("commit applies every change", func(t *testing.T) {
		t.Parallel()
		s, c, w := x.setup(t)
		require.NoError(t, x.atomic(s, c, func(c context.Context) error { return x.work(s, c, w) }))
		x.applied(t, s, c, w)
	})
	t.Run("error rolls back every change", func(t *testing.T) {
		t.Parallel()
		s, c, w := x.setup(t)
		err := x.atomic(s, c, func(c context.Context) error {
			if err := x.work(s, c, w); err != nil {
				return err
			}
			if x.inside != nil {
				x.inside(t, s, c, w)
			}
			return errCallback
		})
		assert.ErrorIs(t, err, errCallback)
		x.unchanged(t, s, c, w)
	})
	t.Run("nested calls join the outer transaction", func(t *testing.T) {
		t.Parallel()
		s, c, w := x.setup(t)
		err := x.atomic(s, c, func(c context.Context) error {
			if err := x.atomic(s, c, func(c context.Context) error { return x.work(s, c, w) }); err != nil {
				return err
			}
			return errCallback
		})
		assert.ErrorIs(t, err, errCallback)
		x.unchanged(t, s, c, w)
	})
	t.Run("panic rolls back", func(t *testing.T) {
		t.Parallel()
		s, c, w := x.setup(t)
		assert.Panics(t, func() {
			_ = x.atomic(s, c, func(c context.Context) error {
				if err := x.work(s, c, w); err != nil {
					return err
				}
				panic("storetest: boom")
			})
		})
		x.unchanged(t, s, c, w)
	})
}

// group is one named part of a domain's checks against a store S.
type group[S any] struct {
	name string
	run  func(t *testing.T, newStore func(t *testing.T) S)
}

// runGroups runs each group as a parallel subtest of t.
func runGroups[S any](t *testing.T, newStore func(t *testing.T) S, groups []group[S]) {
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			t.Parallel()
			g.run(t, newStore)
		})
	}
}
