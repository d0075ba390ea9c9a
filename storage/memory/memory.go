// Package memory keeps Footprint's data in memory: for tests, demos and
// deployments small enough to lose their data on restart.
//
// One *Store implements the Store interface of every domain package. It is
// safe for concurrent use: one lock guards all data, so every call and
// every Atomic callback is isolated from the others. Values go in and come
// out as deep copies, so callers never share memory with the store.
package memory

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"sync"

	"github.com/footprint-hq/footprint/adapters/events/calendar"
	"github.com/footprint-hq/footprint/storage"
)

// Store holds every domain's data in memory. The zero value is not usable;
// call New.
type Store struct {
	mu sync.RWMutex

	okr        okrTables
	mentorship mentorshipTables
	backlog    backlogTables
	sprint     sprintTables
	events     eventTables
	webhooks   webhookTables
	inbox      inboxTables
	// calendarFeeds are keyed by person.
	calendarFeeds *table[calendar.Feed]
}

// New returns an empty Store.
func New() *Store {
	return &Store{
		okr:           newOKRTables(),
		mentorship:    newMentorshipTables(),
		backlog:       newBacklogTables(),
		sprint:        newSprintTables(),
		events:        newEventTables(),
		webhooks:      newWebhookTables(),
		inbox:         newInboxTables(),
		calendarFeeds: newCalendarFeeds(),
	}
}

// tx is the state of one Atomic call: the changes to undo on rollback.
type tx struct {
	store *Store
	undo  []func()
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

// Atomic runs fn holding the store's lock; store calls made with the
// context it passes join the transaction. When fn returns an error or
// panics, every change it made is undone.
func (s *Store) Atomic(ctx context.Context, fn func(ctx context.Context) error) (err error) {
	if s.txFor(ctx) != nil {
		return fn(ctx)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := &tx{store: s}
	defer func() {
		t.done = true
		if r := recover(); r != nil {
			t.rollback()
			panic(r)
		}
		if err != nil {
			t.rollback()
		}
	}()
	return fn(context.WithValue(ctx, txKey{}, t))
}

func (t *tx) rollback() {
	for i := len(t.undo) - 1; i >= 0; i-- {
		t.undo[i]()
	}
	t.undo = nil
}

// write runs fn as a write: inside the caller's transaction if ctx is
// bound to one, else under the lock with its own undo log, rolled back
// when fn fails. fn records its undo steps with record.
func (s *Store) write(ctx context.Context, fn func(record func(undo func())) error) error {
	if t := s.txFor(ctx); t != nil {
		return fn(func(u func()) { t.undo = append(t.undo, u) })
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var undo []func()
	if err := fn(func(u func()) { undo = append(undo, u) }); err != nil {
		for i := len(undo) - 1; i >= 0; i-- {
			undo[i]()
		}
		return err
	}
	return nil
}

// read runs fn under the read lock, or directly inside a transaction.
func (s *Store) read(ctx context.Context, fn func() error) error {
	if s.txFor(ctx) != nil {
		return fn()
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return fn()
}

// table holds values of one kind, ordered by ID. Its functions tell a
// value's ID, make deep copies, and point at the version field (nil for
// values without versions).
type table[T any] struct {
	rows    map[string]*T
	ids     []string // sorted ascending
	key     func(*T) string
	clone   func(T) T
	version func(*T) *int64
}

func newTable[T any](key func(*T) string, clone func(T) T, version func(*T) *int64) *table[T] {
	return &table[T]{rows: map[string]*T{}, key: key, clone: clone, version: version}
}

// insert adds a new value and records how to remove it.
func (t *table[T]) insert(v T, record func(func())) error {
	id := t.key(&v)
	if _, ok := t.rows[id]; ok {
		return fmt.Errorf("id %s: %w", id, storage.ErrAlreadyExists)
	}
	stored := t.clone(v)
	t.rows[id] = &stored
	i, _ := slices.BinarySearch(t.ids, id)
	t.ids = slices.Insert(t.ids, i, id)
	record(func() {
		delete(t.rows, id)
		if i, ok := slices.BinarySearch(t.ids, id); ok {
			t.ids = slices.Delete(t.ids, i, i+1)
		}
	})
	return nil
}

// put stores v, in place of the value of its ID if there is one, and
// records how to undo it.
func (t *table[T]) put(v T, record func(func())) {
	id := t.key(&v)
	cur, ok := t.rows[id]
	if !ok {
		_ = t.insert(v, record) // cannot fail: the ID is free
		return
	}
	stored := t.clone(v)
	t.rows[id] = &stored
	record(func() { t.rows[id] = cur })
}

// remove deletes the value of id and records how to put it back.
func (t *table[T]) remove(id string, record func(func())) {
	v, ok := t.rows[id]
	if !ok {
		return
	}
	delete(t.rows, id)
	i, _ := slices.BinarySearch(t.ids, id)
	t.ids = slices.Delete(t.ids, i, i+1)
	record(func() {
		t.rows[id] = v
		j, _ := slices.BinarySearch(t.ids, id)
		t.ids = slices.Insert(t.ids, j, id)
	})
}

// list returns copies of the values after the page cursor that match, in
// ID order, cut to the page size.
func (t *table[T]) list(page storage.PageRequest, match func(*T) bool) (storage.Page[T], error) {
	after, err := page.After()
	if err != nil {
		return storage.Page[T]{}, err
	}
	start := sort.SearchStrings(t.ids, after)
	if start < len(t.ids) && t.ids[start] == after {
		start++
	}
	n := page.Size()
	// The result is allocated once: for a page, its size (and one more);
	// for a whole list, as many as match, counted first, since matching
	// costs less than the copies a growing slice would make.
	size := min(n+1, len(t.ids)-start)
	if n <= 0 {
		size = 0
		for _, id := range t.ids[start:] {
			if match(t.rows[id]) {
				size++
			}
		}
	}
	out := make([]T, 0, size)
	for _, id := range t.ids[start:] {
		v := t.rows[id]
		if !match(v) {
			continue
		}
		out = append(out, t.clone(*v))
		if n > 0 && len(out) > n {
			break
		}
	}
	return storage.Paginate(out, page, func(v T) string { return t.key(&v) }), nil
}

// get is the shared body of every single-value read.
func get[T any](s *Store, ctx context.Context, t *table[T], id string) (*T, error) {
	var out T
	err := s.read(ctx, func() error {
		v, ok := t.rows[id]
		if !ok {
			return fmt.Errorf("id %s: %w", id, storage.ErrNotFound)
		}
		out = t.clone(*v)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// list is the shared body of every list read.
func list[T any](s *Store, ctx context.Context, t *table[T], page storage.PageRequest, match func(*T) bool) (storage.Page[T], error) {
	var out storage.Page[T]
	err := s.read(ctx, func() error {
		var err error
		out, err = t.list(page, match)
		return err
	})
	return out, err
}

// insertNumbered is the shared body of the Create methods of numbered
// histories (check-ins): the value must be new by ID, and its number must
// be new within its series (series/seq is unique). what names the series
// in errors.
func insertNumbered[T any](s *Store, ctx context.Context, t *table[T], seqs map[string]bool, v *T, series string, seq int, what string) error {
	key := fmt.Sprintf("%s/%d", series, seq)
	return s.write(ctx, func(record func(func())) error {
		if seqs[key] {
			return fmt.Errorf("check-in %d of %s %s: %w", seq, what, series, storage.ErrAlreadyExists)
		}
		if err := t.insert(*v, record); err != nil {
			return err
		}
		seqs[key] = true
		record(func() { delete(seqs, key) })
		return nil
	})
}

// insert is the shared body of every Create method.
func insert[T any](s *Store, ctx context.Context, t *table[T], v *T) error {
	return s.write(ctx, func(record func(func())) error { return t.insert(*v, record) })
}

// update is the shared body of every Update method: check the version,
// call fn on a copy, and store the copy with its version incremented.
func update[T any](s *Store, ctx context.Context, t *table[T], id string, version int64, fn func(*T) error) (*T, error) {
	var out T
	err := s.write(ctx, func(record func(func())) error {
		cur, ok := t.rows[id]
		if !ok {
			return fmt.Errorf("id %s: %w", id, storage.ErrNotFound)
		}
		if err := storage.CheckVersion(version, *t.version(cur)); err != nil {
			return err
		}
		next := t.clone(*cur)
		if err := fn(&next); err != nil {
			return err
		}
		if t.key(&next) != id {
			return fmt.Errorf("id %s: an update must not change the ID: %w", id, storage.ErrInvalid)
		}
		*t.version(&next) = *t.version(cur) + 1
		stored := t.clone(next)
		t.rows[id] = &stored
		record(func() { t.rows[id] = cur })
		out = next
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}
