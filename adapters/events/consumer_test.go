package events_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/adapters/events"
	"github.com/footprint-hq/footprint/storage"
	"github.com/footprint-hq/footprint/storage/memory"
)

// appendN appends n events open to everyone, of type typ.
func appendN(t *testing.T, s *memory.Store, typ string, n int) {
	t.Helper()
	for range n {
		e, err := storage.NewEvent(typ, time.Now(), "ana", map[string]int{"n": 1})
		require.NoError(t, err)
		e.Audience.Everyone = true
		require.NoError(t, s.AppendEvents(context.Background(), e))
	}
}

// recorder is a Handler that keeps the Seq of every event it handled.
type recorder struct {
	mu   sync.Mutex
	seqs []int64
	fail map[int64]int // Seq → how many more times to fail it
}

func (r *recorder) handle(_ context.Context, e storage.Event) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail[e.Seq] > 0 {
		r.fail[e.Seq]--
		return errors.New("receiver down")
	}
	r.seqs = append(r.seqs, e.Seq)
	return nil
}

func (r *recorder) handled() []int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]int64(nil), r.seqs...)
}

func TestDrainHandlesEveryEventOnceFromItsCursor(t *testing.T) {
	ctx := context.Background()
	s := memory.New()
	appendN(t, s, "test.a", 250)
	rec := &recorder{}
	c := &events.Consumer{Log: s, Name: "test", Handle: rec.handle, Batch: 40}
	n, err := c.Drain(ctx)
	require.NoError(t, err)
	assert.Equal(t, 250, n)
	n, err = c.Drain(ctx)
	require.NoError(t, err)
	assert.Zero(t, n, "the cursor is stored")

	appendN(t, s, "test.a", 3)
	// Another instance of the same consumer starts from the stored cursor,
	// once the first has let go.
	require.NoError(t, c.Release(ctx))
	other := &events.Consumer{Log: s, Name: "test", Handle: rec.handle}
	n, err = other.Drain(ctx)
	require.NoError(t, err)
	assert.Equal(t, 3, n)
	got := rec.handled()
	require.Len(t, got, 253)
	for i, seq := range got {
		assert.EqualValues(t, i+1, seq)
	}
}

func TestDrainRetriesAFailedEvent(t *testing.T) {
	ctx := context.Background()
	s := memory.New()
	appendN(t, s, "test.a", 5)
	rec := &recorder{fail: map[int64]int{3: 2}}
	c := &events.Consumer{Log: s, Name: "test", Handle: rec.handle}
	n, err := c.Drain(ctx)
	assert.ErrorContains(t, err, "receiver down")
	assert.Equal(t, 2, n)
	_, err = c.Drain(ctx)
	assert.Error(t, err, "fails again")
	n, err = c.Drain(ctx)
	require.NoError(t, err)
	assert.Equal(t, 3, n)
	assert.Equal(t, []int64{1, 2, 3, 4, 5}, rec.handled(), "each event once, the failed one when it succeeded")
}

func TestTypesPassOthersUnhandled(t *testing.T) {
	ctx := context.Background()
	s := memory.New()
	appendN(t, s, "test.a", 2)
	appendN(t, s, "test.b", 2)
	rec := &recorder{}
	c := &events.Consumer{Log: s, Name: "b-only", Handle: rec.handle, Types: []string{"test.b"}}
	n, err := c.Drain(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	assert.Equal(t, []int64{3, 4}, rec.handled())
	cur, err := s.Lease(ctx, "b-only", c.Holder, time.Now(), time.Second)
	require.NoError(t, err)
	assert.EqualValues(t, 4, cur.Seq, "the cursor passes the events it skipped")
}

func TestOneInstanceConsumesAtATime(t *testing.T) {
	ctx := context.Background()
	s := memory.New()
	appendN(t, s, "test.a", 1)
	first := &events.Consumer{Log: s, Name: "test", Handle: (&recorder{}).handle}
	second := &events.Consumer{Log: s, Name: "test", Handle: (&recorder{}).handle}
	_, err := first.Drain(ctx)
	require.NoError(t, err)
	_, err = second.Drain(ctx)
	assert.ErrorIs(t, err, storage.ErrLeaseHeld)

	// A lease that is not renewed expires, and another instance takes over.
	clock := time.Now().Add(time.Hour)
	late := &events.Consumer{Log: s, Name: "test", Handle: (&recorder{}).handle, Now: func() time.Time { return clock }}
	_, err = late.Drain(ctx)
	require.NoError(t, err)
}

func TestRunWakesAndReleases(t *testing.T) {
	s := memory.New()
	rec := &recorder{}
	c := &events.Consumer{Log: s, Name: "test", Handle: rec.handle, Poll: time.Hour}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	appendN(t, s, "test.a", 1)
	c.Wake()
	require.Eventually(t, func() bool { return len(rec.handled()) == 1 }, 5*time.Second, 5*time.Millisecond,
		"Wake reads the log before Poll elapses")
	cancel()
	require.ErrorIs(t, <-done, context.Canceled)
	_, err := (&events.Consumer{Log: s, Name: "test", Handle: rec.handle}).Drain(context.Background())
	require.NoError(t, err, "Run released its lease when it stopped")
}

func TestRunRetriesAndReports(t *testing.T) {
	s := memory.New()
	appendN(t, s, "test.a", 2)
	rec := &recorder{fail: map[int64]int{1: 1}}
	var reported []error
	var mu sync.Mutex
	c := &events.Consumer{Log: s, Name: "test", Handle: rec.handle, Poll: time.Millisecond,
		OnError: func(err error) { mu.Lock(); reported = append(reported, err); mu.Unlock() }}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = c.Run(ctx) }()
	require.Eventually(t, func() bool { return len(rec.handled()) == 2 }, 5*time.Second, 5*time.Millisecond)
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, reported, 1)
	assert.ErrorContains(t, reported[0], "receiver down")
}

func TestAllStopsAtTheFirstError(t *testing.T) {
	var calls []string
	h := events.All(
		func(context.Context, storage.Event) error { calls = append(calls, "a"); return nil },
		func(context.Context, storage.Event) error { calls = append(calls, "b"); return errors.New("b failed") },
		func(context.Context, storage.Event) error { calls = append(calls, "c"); return nil },
	)
	assert.EqualError(t, h(context.Background(), storage.Event{}), "b failed")
	assert.Equal(t, []string{"a", "b"}, calls)
}

func TestConsumerNeedsItsFields(t *testing.T) {
	_, err := (&events.Consumer{Name: "x"}).Drain(context.Background())
	assert.ErrorIs(t, err, events.ErrConsumer)
	assert.ErrorIs(t, (&events.Consumer{}).Run(context.Background()), events.ErrConsumer)
}

func TestHandleBatchTakesEachBatchInOneCall(t *testing.T) {
	ctx := context.Background()
	s := memory.New()
	appendN(t, s, "test.a", 5)
	appendN(t, s, "test.b", 2)
	var batches [][]int64
	fail := 1
	c := &events.Consumer{Log: s, Name: "batches", Batch: 3, Types: []string{"test.a"},
		HandleBatch: func(_ context.Context, batch []storage.Event) error {
			var seqs []int64
			for _, e := range batch {
				seqs = append(seqs, e.Seq)
			}
			if seqs[0] == 4 && fail > 0 {
				fail--
				return errors.New("receiver down")
			}
			batches = append(batches, seqs)
			return nil
		}}
	n, err := c.Drain(ctx)
	assert.ErrorContains(t, err, "receiver down")
	assert.ErrorContains(t, err, "events 4 to 6", "the error names the batch")
	assert.Equal(t, 3, n)
	cur, err := s.Lease(ctx, "batches", c.Holder, time.Now(), time.Second)
	require.NoError(t, err)
	assert.EqualValues(t, 3, cur.Seq, "a failed batch leaves the cursor before it")

	n, err = c.Drain(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	assert.Equal(t, [][]int64{{1, 2, 3}, {4, 5}}, batches, "kept types only, the failed batch again when it succeeded")
	cur, err = s.Lease(ctx, "batches", c.Holder, time.Now(), time.Second)
	require.NoError(t, err)
	assert.EqualValues(t, 7, cur.Seq, "the cursor passes the events no batch kept")
}

func TestConsumerTakesOneHandler(t *testing.T) {
	rec := &recorder{}
	both := &events.Consumer{Log: memory.New(), Name: "x", Handle: rec.handle,
		HandleBatch: func(context.Context, []storage.Event) error { return nil }}
	_, err := both.Drain(context.Background())
	assert.ErrorIs(t, err, events.ErrConsumer)
}
