package storage_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/storage"
)

// fakeTx is a Transactor that counts commits and rollbacks.
type fakeTx struct{ commits, rollbacks int }

func (f *fakeTx) Atomic(ctx context.Context, fn func(ctx context.Context) error) error {
	if err := fn(ctx); err != nil {
		f.rollbacks++
		return err
	}
	f.commits++
	return nil
}

func TestChangeReturnsResultAndEventsAfterCommit(t *testing.T) {
	tx := &fakeTx{}
	v, events, err := storage.Change(context.Background(), tx, func(ctx context.Context, record func(...string)) (int, error) {
		record("a")
		record("b", "c")
		return 42, nil
	})
	require.NoError(t, err)
	assert.Equal(t, 42, v)
	assert.Equal(t, []string{"a", "b", "c"}, events)
	assert.Equal(t, 1, tx.commits)
}

func TestChangeOnErrorReturnsNoEvents(t *testing.T) {
	tx := &fakeTx{}
	boom := errors.New("boom")
	v, events, err := storage.Change(context.Background(), tx, func(ctx context.Context, record func(...string)) (int, error) {
		record("a")
		return 7, boom
	})
	assert.Same(t, boom, err)
	assert.Zero(t, v)
	assert.Empty(t, events)
	assert.Equal(t, 1, tx.rollbacks)
	assert.Zero(t, tx.commits)
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
