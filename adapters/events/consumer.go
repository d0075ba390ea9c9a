// Package events reads the event log every Footprint store keeps
// (storage.EventLog) and hands its events on: to the domain services'
// observers, to webhooks, to a person's feed and inbox.
//
// Every committed change appends its events to the log in its own
// transaction. A Consumer reads the log from a cursor stored under its
// name, hands each event to its handler and then moves the cursor on, so
// every event is handled at least once, after a crash too: a consumer that
// dies between handling an event and storing its cursor handles the event
// again when it starts. A consumer holds a lease on its name while it
// runs, so of several instances of a host on one database, one consumes
// at a time and another takes over when it stops.
//
// Observers of the domain packages are consumers of the log:
//
//	c := &events.Consumer{
//		Log:    store,
//		Name:   "observers",
//		Handle: events.All(okrService.Deliver, mentorshipService.Deliver),
//	}
//	go c.Run(ctx)
package events

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/footprint-hq/footprint/storage"
)

// Handler handles one event of the log. An error leaves the event
// unconsumed: the consumer tries it again, later.
type Handler func(ctx context.Context, e storage.Event) error

// BatchHandler handles a batch of events of the log at once, in Seq
// order. An error leaves the whole batch unconsumed: the consumer tries it
// again, later, so a BatchHandler must be safe to repeat for events it has
// already handled (as every handler must be after a crash).
type BatchHandler func(ctx context.Context, batch []storage.Event) error

// All returns a Handler that calls each of handlers in turn, stopping at
// the first error.
func All(handlers ...Handler) Handler {
	return func(ctx context.Context, e storage.Event) error {
		for _, h := range handlers {
			if err := h(ctx, e); err != nil {
				return err
			}
		}
		return nil
	}
}

// Consumer reads the event log from its stored cursor and hands each event
// to Handle, at least once, in Seq order. Set the fields before the first
// call and do not change them after.
type Consumer struct {
	// Log is the store's event log. Required.
	Log storage.EventLog
	// Name names the consumer's cursor and lease. Required; two consumers
	// of one name share one cursor, and only one of them runs at a time.
	Name string
	// Handle handles each event. Required unless HandleBatch is set.
	Handle Handler
	// HandleBatch, when set instead of Handle, is given each batch read
	// (of the kept types) in one call, for a handler that does one write
	// per batch rather than one per event.
	HandleBatch BatchHandler
	// Types, when not empty, keeps events of these types only; the others
	// pass the cursor unhandled.
	Types []string
	// Holder names this instance in the lease; a new ULID when empty.
	Holder string
	// Batch is the number of events read at a time; 100 when 0.
	Batch int
	// Poll is the pause between reads once the log is drained; 1 s when 0.
	Poll time.Duration
	// Lease is how long the lease lasts without renewal; 30 s when 0. A
	// consumer renews it at every read, so it should well exceed the time
	// Handle takes for one batch.
	Lease time.Duration
	// Now is the clock for leases; time.Now when nil.
	Now func() time.Time
	// OnError is told of errors Run recovers from (a failing handler, a
	// store that cannot be reached); nil ignores them.
	OnError func(error)

	once sync.Once
	wake chan struct{}
}

// ErrConsumer reports a Consumer with a required field missing.
var ErrConsumer = errors.New("events: a Consumer needs a Log, a Name and one of Handle or HandleBatch")

func (c *Consumer) init() error {
	if c.Log == nil || c.Name == "" || (c.Handle == nil) == (c.HandleBatch == nil) {
		return ErrConsumer
	}
	c.once.Do(func() {
		if c.Holder == "" {
			c.Holder = storage.NewIDSource()()
		}
		c.wake = make(chan struct{}, 1)
	})
	return nil
}

func (c *Consumer) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func orDefault[T int | time.Duration](v, d T) T {
	if v <= 0 {
		return d
	}
	return v
}

// Drain takes the consumer's lease and handles every event after its
// cursor, batch by batch, until the log holds no more, and returns how
// many events it handled. The cursor moves once per batch. It returns an
// error wrapping storage.ErrLeaseHeld when another instance holds the
// lease, and the handler's error, with the cursor left just before the
// failing event (for HandleBatch, before its batch). Drain keeps the
// lease; Release gives it up.
func (c *Consumer) Drain(ctx context.Context) (int, error) {
	if err := c.init(); err != nil {
		return 0, err
	}
	handled := 0
	for {
		cur, err := c.Log.Lease(ctx, c.Name, c.Holder, c.now(), orDefault(c.Lease, 30*time.Second))
		if err != nil {
			return handled, fmt.Errorf("events: consumer %s: %w", c.Name, err)
		}
		batch, err := c.Log.Events(ctx, storage.EventFilter{After: cur.Seq, Limit: orDefault(c.Batch, 100)})
		if err != nil {
			return handled, fmt.Errorf("events: consumer %s: %w", c.Name, err)
		}
		if len(batch) == 0 {
			return handled, nil
		}
		n, done, herr := c.handle(ctx, batch)
		handled += n
		if done > cur.Seq {
			if err := c.Log.Advance(ctx, c.Name, c.Holder, done); err != nil {
				return handled, fmt.Errorf("events: consumer %s: %w", c.Name, errors.Join(herr, err))
			}
		}
		if herr != nil {
			return handled, herr
		}
	}
}

// handle hands batch to the handler and returns how many events it
// handled and the Seq the cursor may move to: the batch's last, or the
// one before the first that failed.
func (c *Consumer) handle(ctx context.Context, batch []storage.Event) (handled int, done int64, err error) {
	last := batch[len(batch)-1].Seq
	if c.HandleBatch != nil {
		kept := make([]storage.Event, 0, len(batch))
		for _, e := range batch {
			if c.keeps(e.Type) {
				kept = append(kept, e)
			}
		}
		if len(kept) > 0 {
			if err := c.HandleBatch(ctx, kept); err != nil {
				return 0, batch[0].Seq - 1, fmt.Errorf("events: consumer %s: events %d to %d: %w", c.Name, batch[0].Seq, last, err)
			}
		}
		return len(kept), last, nil
	}
	for _, e := range batch {
		if c.keeps(e.Type) {
			if err := c.Handle(ctx, e); err != nil {
				return handled, e.Seq - 1, fmt.Errorf("events: consumer %s: event %d (%s): %w", c.Name, e.Seq, e.Type, err)
			}
			handled++
		}
	}
	return handled, last, nil
}

func (c *Consumer) keeps(typ string) bool {
	if len(c.Types) == 0 {
		return true
	}
	for _, t := range c.Types {
		if t == typ {
			return true
		}
	}
	return false
}

// Run drains the log, then waits Poll (or a Wake) and drains again, until
// ctx ends; then it releases the lease and returns ctx's error. While
// another instance holds the lease, Run waits and tries again. A failing
// handler is retried with a growing pause (Poll doubled up to a minute,
// with jitter), and OnError hears of it.
func (c *Consumer) Run(ctx context.Context) error {
	if err := c.init(); err != nil {
		return err
	}
	defer func() {
		// A fresh context: ctx has ended, and the lease should still go.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = c.Log.Release(rctx, c.Name, c.Holder)
	}()
	poll := orDefault(c.Poll, time.Second)
	pause := poll
	for {
		_, err := c.Drain(ctx)
		switch {
		case err == nil, errors.Is(err, storage.ErrLeaseHeld):
			pause = poll
		case ctx.Err() != nil:
			return ctx.Err()
		default:
			if c.OnError != nil {
				c.OnError(err)
			}
			pause = min(2*pause, time.Minute)
		}
		wait := pause
		if pause > poll {
			wait = pause/2 + rand.N(pause/2+1)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-c.wake:
			t.Stop()
		case <-t.C:
		}
	}
}

// Wake makes a waiting Run read the log at once, for a host that knows it
// has just committed a change. It never blocks.
func (c *Consumer) Wake() {
	if c.init() != nil {
		return
	}
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// Release gives up the consumer's lease, so that another instance may take
// over at once.
func (c *Consumer) Release(ctx context.Context) error {
	if err := c.init(); err != nil {
		return err
	}
	return c.Log.Release(ctx, c.Name, c.Holder)
}
