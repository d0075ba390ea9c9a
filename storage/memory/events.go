package memory

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/footprint-hq/footprint/storage"
)

// eventTables hold the event log and the consumers' cursors.
type eventTables struct {
	log     []storage.Event
	cursors map[string]storage.Cursor
}

func newEventTables() eventTables {
	return eventTables{cursors: map[string]storage.Cursor{}}
}

func cloneEvent(e storage.Event) storage.Event {
	e.Subjects = slices.Clone(e.Subjects)
	e.Audience.People = slices.Clone(e.Audience.People)
	e.Payload = slices.Clone(e.Payload)
	return e
}

// AppendEvents appends events to the log under the store's lock, so the
// events of a transaction commit with it (see storage.EventLog).
func (s *Store) AppendEvents(ctx context.Context, events ...*storage.Event) error {
	for _, e := range events {
		e.Normalize()
		if err := e.Check(); err != nil {
			return fmt.Errorf("memory: append event: %w", err)
		}
	}
	return s.write(ctx, func(record func(func())) error {
		t := &s.events
		n := len(t.log)
		for _, e := range events {
			e.Seq = int64(len(t.log) + 1)
			e.At = e.At.UTC()
			t.log = append(t.log, cloneEvent(*e))
		}
		record(func() { t.log = t.log[:n] })
		return nil
	})
}

// Events returns the events f keeps, in Seq order.
func (s *Store) Events(ctx context.Context, f storage.EventFilter) ([]storage.Event, error) {
	out := []storage.Event{}
	err := s.read(ctx, func() error {
		// Seq n sits at index n-1.
		for i := max(f.After, 0); i < int64(len(s.events.log)) && len(out) < f.Size(); i++ {
			if e := &s.events.log[i]; f.Keeps(e) {
				out = append(out, cloneEvent(*e))
			}
		}
		return nil
	})
	return out, err
}

// LastSeq returns the Seq of the newest event.
func (s *Store) LastSeq(ctx context.Context) (int64, error) {
	var n int64
	err := s.read(ctx, func() error {
		n = int64(len(s.events.log))
		return nil
	})
	return n, err
}

// Lease gives holder the lease of consumer (see storage.EventLog).
func (s *Store) Lease(ctx context.Context, consumer, holder string, now time.Time, ttl time.Duration) (storage.Cursor, error) {
	if consumer == "" || holder == "" {
		return storage.Cursor{}, fmt.Errorf("memory: lease: consumer and holder are required: %w", storage.ErrInvalid)
	}
	var out storage.Cursor
	err := s.write(ctx, func(record func(func())) error {
		c, ok := s.events.cursors[consumer]
		if ok && c.Holder != "" && c.Holder != holder && now.Before(c.LeaseUntil) {
			return fmt.Errorf("memory: consumer %s: %w", consumer, storage.ErrLeaseHeld)
		}
		old := c
		c.Consumer, c.Holder, c.LeaseUntil = consumer, holder, now.Add(ttl).UTC()
		s.events.cursors[consumer] = c
		record(func() { s.restoreCursor(consumer, old, ok) })
		out = c
		return nil
	})
	return out, err
}

func (s *Store) restoreCursor(consumer string, c storage.Cursor, existed bool) {
	if existed {
		s.events.cursors[consumer] = c
	} else {
		delete(s.events.cursors, consumer)
	}
}

// Advance moves consumer's cursor to seq (see storage.EventLog).
func (s *Store) Advance(ctx context.Context, consumer, holder string, seq int64) error {
	return s.write(ctx, func(record func(func())) error {
		c, ok := s.events.cursors[consumer]
		if !ok || c.Holder != holder {
			return fmt.Errorf("memory: consumer %s: %w", consumer, storage.ErrLeaseHeld)
		}
		if seq > c.Seq {
			old := c
			c.Seq = seq
			s.events.cursors[consumer] = c
			record(func() { s.events.cursors[consumer] = old })
		}
		return nil
	})
}

// Release gives up holder's lease of consumer.
func (s *Store) Release(ctx context.Context, consumer, holder string) error {
	return s.write(ctx, func(record func(func())) error {
		c, ok := s.events.cursors[consumer]
		if !ok || c.Holder != holder {
			return nil
		}
		old := c
		c.Holder, c.LeaseUntil = "", time.Time{}
		s.events.cursors[consumer] = c
		record(func() { s.events.cursors[consumer] = old })
		return nil
	})
}
