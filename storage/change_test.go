package storage_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/storage"
)

// fakeStore is an EventStore that counts commits and rollbacks and keeps
// the events appended by committed transactions.
type fakeStore struct {
	commits, rollbacks int
	pending, log       []*storage.Event
	appendErr          error
}

func (f *fakeStore) Atomic(ctx context.Context, fn func(ctx context.Context) error) error {
	f.pending = nil
	if err := fn(ctx); err != nil {
		f.rollbacks++
		return err
	}
	f.commits++
	f.log = append(f.log, f.pending...)
	return nil
}

func (f *fakeStore) AppendEvents(_ context.Context, events ...*storage.Event) error {
	if f.appendErr != nil {
		return f.appendErr
	}
	f.pending = append(f.pending, events...)
	return nil
}

func (f *fakeStore) Events(context.Context, storage.EventFilter) ([]storage.Event, error) {
	return nil, nil
}
func (f *fakeStore) LastSeq(context.Context) (int64, error) { return 0, nil }
func (f *fakeStore) Lease(context.Context, string, string, time.Time, time.Duration) (storage.Cursor, error) {
	return storage.Cursor{}, nil
}
func (f *fakeStore) Advance(context.Context, string, string, int64) error { return nil }
func (f *fakeStore) Release(context.Context, string, string) error        { return nil }

// encodeString turns a recorded string into an event of that type.
func encodeString(_ context.Context, s string) (*storage.Event, error) {
	if s == "unencodable" {
		return nil, errors.New("cannot encode")
	}
	return &storage.Event{ID: s, Type: "test." + s, Schema: 1, Payload: []byte("{}")}, nil
}

func TestChangeReturnsResultAndEventsAfterCommit(t *testing.T) {
	st := &fakeStore{}
	v, events, err := storage.Change(context.Background(), st, encodeString, func(ctx context.Context, record func(...string)) (int, error) {
		record("a")
		record("b", "c")
		return 42, nil
	})
	require.NoError(t, err)
	assert.Equal(t, 42, v)
	assert.Equal(t, []string{"a", "b", "c"}, events)
	assert.Equal(t, 1, st.commits)
	require.Len(t, st.log, 3, "the events are appended in the transaction")
	for i, id := range []string{"a", "b", "c"} {
		assert.Equal(t, id, st.log[i].ID)
		assert.Equal(t, "test."+id, st.log[i].Type)
	}
}

func TestChangeWithoutEventsAppendsNothing(t *testing.T) {
	st := &fakeStore{appendErr: errors.New("must not be called")}
	_, events, err := storage.Change(context.Background(), st, encodeString, func(ctx context.Context, record func(...string)) (int, error) {
		return 1, nil
	})
	require.NoError(t, err)
	assert.Empty(t, events)
}

func TestChangeOnErrorReturnsNoEvents(t *testing.T) {
	boom := errors.New("boom")
	for name, st := range map[string]*fakeStore{"work": {}, "append": {appendErr: boom}} {
		t.Run(name, func(t *testing.T) {
			v, events, err := storage.Change(context.Background(), st, encodeString, func(ctx context.Context, record func(...string)) (int, error) {
				record("a")
				if name == "work" {
					return 7, boom
				}
				return 7, nil
			})
			assert.Same(t, boom, err)
			assert.Zero(t, v)
			assert.Empty(t, events)
			assert.Equal(t, 1, st.rollbacks)
			assert.Zero(t, st.commits)
			assert.Empty(t, st.log)
		})
	}
	st := &fakeStore{}
	_, _, err := storage.Change(context.Background(), st, encodeString, func(ctx context.Context, record func(...string)) (int, error) {
		record("a", "unencodable")
		return 7, nil
	})
	assert.EqualError(t, err, "cannot encode")
	assert.Equal(t, 1, st.rollbacks)
	assert.Empty(t, st.log)
}

func TestRuleError(t *testing.T) {
	rule := storage.NewRule("okr.objective_closed", "objective is closed", storage.ErrInvalidState)
	assert.Equal(t, "okr: objective is closed: invalid state", rule.Error())
	wrapped := fmt.Errorf("objective 01X: %w", rule)
	assert.ErrorIs(t, wrapped, rule)
	assert.ErrorIs(t, wrapped, storage.ErrInvalidState)
	assert.NotErrorIs(t, wrapped, storage.ErrForbidden)
	assert.Equal(t, "okr.objective_closed", storage.Code(wrapped))
	assert.Empty(t, storage.Code(storage.ErrNotFound))
}

func TestNewRuleRefusesBadDeclarations(t *testing.T) {
	assert.Panics(t, func() { storage.NewRule("nodot", "x", storage.ErrInvalid) })
	assert.Panics(t, func() { storage.NewRule("okr.", "x", storage.ErrInvalid) })
	assert.Panics(t, func() { storage.NewRule("okr.x", "x", errors.New("not a category")) })
	assert.NotPanics(t, func() { storage.NewRule("okr.x", "x", storage.ErrForbidden) })
}
