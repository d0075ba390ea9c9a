package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/storage"
)

// Events checks a store's event log (storage.EventLog): appends in Seq
// order, with no gaps and rolled back with their transaction, the filters
// of Events, and the consumers' leases and cursors. Each case runs on a
// new store, in parallel.
func Events(t *testing.T, newStore func(t *testing.T) storage.EventStore) {
	cases := []struct {
		name string
		run  func(t *testing.T, s storage.EventStore, c context.Context)
	}{
		{"append assigns seq in order", appendAssignsSeq},
		{"events read after, with limits", eventsAfterAndLimit},
		{"values round trip", eventsRoundTrip},
		{"filters", eventFilters},
		{"bad events append nothing", badEventsAppendNothing},
		{"rollback leaves no event and no gap", eventRollback},
		{"leases", consumerLeases},
		{"cursors", consumerCursors},
		{"concurrent appends commit in seq order", concurrentAppends},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.run(t, newStore(t), ctx(t))
		})
	}
}

// event returns a valid event of type typ, with a new ID.
func event(typ string, people ...string) *storage.Event {
	return &storage.Event{ID: newID(), Type: typ, Schema: 1, At: base, Actor: "ana",
		Subjects: []string{"ana"}, Audience: storage.Audience{People: people}, Payload: []byte(`{"n":1}`)}
}

// everyone returns a valid event of type typ open to everyone.
func everyone(typ string) *storage.Event {
	e := event(typ)
	e.Audience.Everyone = true
	return e
}

func seqs(events []storage.Event) []int64 {
	out := make([]int64, len(events))
	for i, e := range events {
		out[i] = e.Seq
	}
	return out
}

func appendAssignsSeq(t *testing.T, s storage.EventStore, c context.Context) {
	n, err := s.LastSeq(c)
	require.NoError(t, err)
	assert.Zero(t, n, "an empty log")
	a, b, d := everyone("test.a"), everyone("test.b"), everyone("test.c")
	require.NoError(t, s.AppendEvents(c, a, b))
	require.NoError(t, s.AppendEvents(c, d))
	require.NoError(t, s.AppendEvents(c), "appending nothing is no error")
	assert.Equal(t, []int64{1, 2, 3}, []int64{a.Seq, b.Seq, d.Seq}, "the given events get their Seq")
	got, err := s.Events(c, storage.EventFilter{})
	require.NoError(t, err)
	assert.Equal(t, []int64{1, 2, 3}, seqs(got))
	assert.Equal(t, []string{a.ID, b.ID, d.ID}, []string{got[0].ID, got[1].ID, got[2].ID})
	n, err = s.LastSeq(c)
	require.NoError(t, err)
	assert.EqualValues(t, 3, n)
}

func eventsAfterAndLimit(t *testing.T, s storage.EventStore, c context.Context) {
	batch := make([]*storage.Event, 1205)
	for i := range batch {
		batch[i] = everyone("test.many")
	}
	require.NoError(t, s.AppendEvents(c, batch...))
	got, err := s.Events(c, storage.EventFilter{})
	require.NoError(t, err)
	assert.Len(t, got, 100, "no limit reads 100")
	got, err = s.Events(c, storage.EventFilter{Limit: 5000})
	require.NoError(t, err)
	assert.Len(t, got, storage.MaxEventsRead, "a read returns at most MaxEventsRead")
	got, err = s.Events(c, storage.EventFilter{After: 1200, Limit: 10})
	require.NoError(t, err)
	assert.Equal(t, []int64{1201, 1202, 1203, 1204, 1205}, seqs(got), "after a Seq, to the end")
	got, err = s.Events(c, storage.EventFilter{After: 1205})
	require.NoError(t, err)
	assert.Empty(t, got)
	// Reading on from each read's last Seq meets every event once.
	var all []int64
	for after := int64(0); ; {
		got, err := s.Events(c, storage.EventFilter{After: after, Limit: 300})
		require.NoError(t, err)
		if len(got) == 0 {
			break
		}
		all = append(all, seqs(got)...)
		after = got[len(got)-1].Seq
	}
	require.Len(t, all, 1205)
	for i, seq := range all {
		require.EqualValues(t, i+1, seq)
	}
}

func eventsRoundTrip(t *testing.T, s storage.EventStore, c context.Context) {
	at := time.Date(2026, time.March, 2, 9, 30, 1, 123456789, time.FixedZone("CET", 3600))
	e := &storage.Event{ID: newID(), Type: "okr.checkin.recorded", Schema: 3, At: at, Actor: "ana",
		Subjects: []string{"mia", "", "ana", "mia"},
		Audience: storage.Audience{Everyone: true, People: []string{"zoe", "ana", "ana", ""}, Scope: "okr.goal:01J"},
		Payload:  []byte(`{"goalId":"01J","value":3.5,"note":"ünïcode ✓"}`)}
	require.NoError(t, s.AppendEvents(c, e))
	assert.Equal(t, []string{"ana", "mia"}, e.Subjects, "subjects are normalized in place")
	got, err := s.Events(c, storage.EventFilter{})
	require.NoError(t, err)
	require.Len(t, got, 1)
	g := got[0]
	assert.Equal(t, e.ID, g.ID)
	assert.Equal(t, "okr.checkin.recorded", g.Type)
	assert.Equal(t, 3, g.Schema)
	assert.True(t, at.Equal(g.At), "at: %v", g.At)
	assert.Equal(t, time.UTC, g.At.Location())
	assert.Equal(t, "ana", g.Actor)
	assert.Equal(t, []string{"ana", "mia"}, g.Subjects)
	assert.Equal(t, storage.Audience{Everyone: true, People: []string{"ana", "zoe"}, Scope: "okr.goal:01J"}, g.Audience)
	assert.JSONEq(t, string(e.Payload), string(g.Payload))
	assert.True(t, g.Audience.Names("zoe"))
	assert.False(t, g.Audience.Names("mia"))
}

func eventFilters(t *testing.T, s storage.EventStore, c context.Context) {
	open := everyone("test.open")
	forAna := event("test.private", "ana", "mia")
	forBen := event("test.private", "ben")
	other := everyone("test.other")
	require.NoError(t, s.AppendEvents(c, open, forAna, forBen, other))
	read := func(f storage.EventFilter) []int64 {
		t.Helper()
		got, err := s.Events(c, f)
		require.NoError(t, err)
		for i := range got {
			assert.True(t, f.Keeps(&got[i]), "the store returns only what the filter keeps")
		}
		return seqs(got)
	}
	assert.Equal(t, []int64{1, 2, 3, 4}, read(storage.EventFilter{}))
	assert.Equal(t, []int64{2, 3}, read(storage.EventFilter{Types: []string{"test.private"}}))
	assert.Equal(t, []int64{1, 2, 3}, read(storage.EventFilter{Types: []string{"test.private", "test.open"}}))
	assert.Equal(t, []int64{1, 2, 4}, read(storage.EventFilter{Reader: "mia"}))
	assert.Equal(t, []int64{1, 3, 4}, read(storage.EventFilter{Reader: "ben"}))
	assert.Equal(t, []int64{1, 4}, read(storage.EventFilter{Reader: "zoe"}))
	assert.Equal(t, []int64{1, 4}, read(storage.EventFilter{EveryoneOnly: true}))
	assert.Equal(t, []int64{4}, read(storage.EventFilter{Reader: "ana", After: 2}))
	assert.Equal(t, []int64{2}, read(storage.EventFilter{Reader: "ana", Types: []string{"test.private"}}))
	assert.Equal(t, []int64{1}, read(storage.EventFilter{Reader: "ana", Limit: 1}))
}

func badEventsAppendNothing(t *testing.T, s storage.EventStore, c context.Context) {
	for name, spoil := range map[string]func(*storage.Event){
		"no id":          func(e *storage.Event) { e.ID = "" },
		"no type":        func(e *storage.Event) { e.Type = "" },
		"schema 0":       func(e *storage.Event) { e.Schema = 0 },
		"no time":        func(e *storage.Event) { e.At = time.Time{} },
		"no payload":     func(e *storage.Event) { e.Payload = nil },
		"array payload":  func(e *storage.Event) { e.Payload = []byte(`[1]`) },
		"broken payload": func(e *storage.Event) { e.Payload = []byte(`{"a":`) },
	} {
		bad := everyone("test.bad")
		spoil(bad)
		err := s.AppendEvents(c, everyone("test.good"), bad)
		assert.ErrorIs(t, err, storage.ErrInvalid, name)
	}
	n, err := s.LastSeq(c)
	require.NoError(t, err)
	assert.Zero(t, n, "no event of a refused append is stored")
}

func eventRollback(t *testing.T, s storage.EventStore, c context.Context) {
	require.NoError(t, s.AppendEvents(c, everyone("test.before")))
	err := s.Atomic(c, func(c context.Context) error {
		e := everyone("test.rolled-back")
		if err := s.AppendEvents(c, e, event("test.rolled-back", "ana")); err != nil {
			return err
		}
		got, err := s.Events(c, storage.EventFilter{})
		require.NoError(t, err)
		assert.Len(t, got, 3, "the transaction sees its own events")
		return errCallback
	})
	require.ErrorIs(t, err, errCallback)
	got, err := s.Events(c, storage.EventFilter{Reader: "ana"})
	require.NoError(t, err)
	assert.Equal(t, []int64{1}, seqs(got), "no event of the rolled-back transaction")
	after := event("test.after", "ana")
	require.NoError(t, s.Atomic(c, func(c context.Context) error { return s.AppendEvents(c, after) }))
	assert.EqualValues(t, 2, after.Seq, "the next append takes the next Seq: no gap")
	got, err = s.Events(c, storage.EventFilter{Reader: "ana"})
	require.NoError(t, err)
	assert.Equal(t, []int64{1, 2}, seqs(got), "the readers of the rolled-back event are gone too")
}

func consumerLeases(t *testing.T, s storage.EventStore, c context.Context) {
	const ttl = time.Minute
	cur, err := s.Lease(c, "webhooks", "one", base, ttl)
	require.NoError(t, err)
	assert.Equal(t, "webhooks", cur.Consumer)
	assert.Equal(t, "one", cur.Holder)
	assert.Zero(t, cur.Seq, "a new consumer starts at the beginning")
	assert.True(t, base.Add(ttl).Equal(cur.LeaseUntil))

	_, err = s.Lease(c, "webhooks", "two", base.Add(ttl/2), ttl)
	assert.ErrorIs(t, err, storage.ErrLeaseHeld, "the lease runs")
	assert.ErrorIs(t, err, storage.ErrConflict)
	_, err = s.Lease(c, "observers", "two", base, ttl)
	require.NoError(t, err, "leases are per consumer")

	cur, err = s.Lease(c, "webhooks", "one", base.Add(ttl/2), ttl)
	require.NoError(t, err, "the holder renews")
	assert.True(t, base.Add(ttl/2+ttl).Equal(cur.LeaseUntil))
	_, err = s.Lease(c, "webhooks", "two", base.Add(ttl), ttl)
	assert.ErrorIs(t, err, storage.ErrLeaseHeld, "the renewed lease runs on")

	cur, err = s.Lease(c, "webhooks", "two", base.Add(3*ttl), ttl)
	require.NoError(t, err, "an expired lease is taken over")
	assert.Equal(t, "two", cur.Holder)
	assert.ErrorIs(t, s.Advance(c, "webhooks", "one", 1), storage.ErrLeaseHeld, "the old holder may not advance")

	require.NoError(t, s.Release(c, "webhooks", "one"), "releasing a lease one does not hold changes nothing")
	_, err = s.Lease(c, "webhooks", "one", base.Add(3*ttl), ttl)
	assert.ErrorIs(t, err, storage.ErrLeaseHeld)
	require.NoError(t, s.Release(c, "webhooks", "two"))
	cur, err = s.Lease(c, "webhooks", "one", base.Add(3*ttl), ttl)
	require.NoError(t, err, "a released lease is free at once")
	assert.Equal(t, "one", cur.Holder)

	_, err = s.Lease(c, "", "one", base, ttl)
	assert.ErrorIs(t, err, storage.ErrInvalid)
	_, err = s.Lease(c, "webhooks", "", base, ttl)
	assert.ErrorIs(t, err, storage.ErrInvalid)
}

func consumerCursors(t *testing.T, s storage.EventStore, c context.Context) {
	const ttl = time.Minute
	assert.ErrorIs(t, s.Advance(c, "inbox", "one", 1), storage.ErrLeaseHeld, "no lease, no advance")
	_, err := s.Lease(c, "inbox", "one", base, ttl)
	require.NoError(t, err)
	require.NoError(t, s.Advance(c, "inbox", "one", 5))
	require.NoError(t, s.Advance(c, "inbox", "one", 3), "a lower seq leaves the cursor where it is")
	cur, err := s.Lease(c, "inbox", "one", base, ttl)
	require.NoError(t, err)
	assert.EqualValues(t, 5, cur.Seq)
	assert.ErrorIs(t, s.Advance(c, "inbox", "two", 9), storage.ErrLeaseHeld)

	// The cursor outlives its holder: the next holder starts from it.
	require.NoError(t, s.Release(c, "inbox", "one"))
	cur, err = s.Lease(c, "inbox", "two", base, ttl)
	require.NoError(t, err)
	assert.EqualValues(t, 5, cur.Seq)

	// An advance rolled back with its transaction is undone.
	err = s.Atomic(c, func(c context.Context) error {
		if err := s.Advance(c, "inbox", "two", 8); err != nil {
			return err
		}
		return errCallback
	})
	require.ErrorIs(t, err, errCallback)
	cur, err = s.Lease(c, "inbox", "two", base, ttl)
	require.NoError(t, err)
	assert.EqualValues(t, 5, cur.Seq)
}

func concurrentAppends(t *testing.T, s storage.EventStore, c context.Context) {
	const writers, each = 8, 25
	var (
		mu      sync.Mutex
		seen    []int64
		stop    = make(chan struct{})
		readErr = make(chan error, 1)
	)
	// A reader polls from the last Seq it saw while the writers append: a
	// Seq that commits after a larger one would be skipped.
	go func() {
		var after int64
		for {
			// Once the writers are done, a read that finds nothing ends.
			var stopped bool
			select {
			case <-stop:
				stopped = true
			default:
			}
			got, err := s.Events(c, storage.EventFilter{After: after, Limit: storage.MaxEventsRead})
			if err != nil {
				readErr <- err
				return
			}
			mu.Lock()
			seen = append(seen, seqs(got)...)
			mu.Unlock()
			if len(got) > 0 {
				after = got[len(got)-1].Seq
			}
			if stopped && len(got) == 0 {
				readErr <- nil
				return
			}
		}
	}()
	errs := race(writers, func(i int) error {
		for j := range each {
			err := s.Atomic(c, func(c context.Context) error {
				return s.AppendEvents(c, everyone(fmt.Sprintf("test.writer%d", i)))
			})
			if err != nil {
				return fmt.Errorf("append %d: %w", j, err)
			}
		}
		return nil
	})
	close(stop)
	for _, err := range errs {
		require.NoError(t, err)
	}
	require.NoError(t, <-readErr)
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, seen, writers*each, "the reader met every event once")
	for i, seq := range seen {
		require.EqualValues(t, i+1, seq, "Seq values appear in order, with no gaps")
	}
}
