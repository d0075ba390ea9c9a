package events

import (
	"context"
	"fmt"
	"strings"

	"github.com/footprint-hq/footprint/storage"
)

// ScopeFunc reports whether person may see the object an event is scoped
// to (storage.Audience.Scope), such as okr.Service.SeesScope. An empty
// person stands for anyone signed in. A ScopeFunc that does not know the
// scope's package answers false.
type ScopeFunc func(ctx context.Context, person, scope string) (bool, error)

// Scopes combines the scope checks of several packages: each scope goes to
// the function registered for its package prefix (the text before the
// first '.'), and a scope of an unknown package is seen by nobody.
func Scopes(byPackage map[string]ScopeFunc) ScopeFunc {
	return func(ctx context.Context, person, scope string) (bool, error) {
		pkg, _, _ := strings.Cut(scope, ".")
		f := byPackage[pkg]
		if f == nil {
			return false, nil
		}
		return f(ctx, person, scope)
	}
}

// FeedPage is one page of a person's feed.
type FeedPage struct {
	// Events the person may see, in Seq order.
	Events []storage.Event
	// Next is the Seq to read after next time: the last event read, seen
	// or not, so that a feed that skips many hidden events still moves on.
	Next int64
	// More is true when the log may hold further events after Next.
	More bool
}

// feedScanLimit bounds the log entries one Feed call reads, so that a
// reader who may see few events does not make one call read the whole
// log; the page then ends early, with More set.
const feedScanLimit = 10 * storage.MaxEventsRead

// Feed returns up to limit (1 to storage.MaxEventsRead) events of the log
// after Seq after that reader may see, by each event's audience and, for a
// scoped event the audience does not name reader in, by scope (which may
// be nil: scoped events are then seen only by the people they name).
// types, when not empty, keeps events of those types only. The scope of
// each object is asked once per call.
func Feed(ctx context.Context, log storage.EventLog, reader string, after int64, limit int, types []string, scope ScopeFunc) (FeedPage, error) {
	if reader == "" {
		return FeedPage{}, fmt.Errorf("events: feed: %w", storage.ErrNoActor)
	}
	if limit < 1 || limit > storage.MaxEventsRead {
		return FeedPage{}, fmt.Errorf("events: feed: limit %d is not from 1 to %d: %w", limit, storage.MaxEventsRead, storage.ErrInvalid)
	}
	page := FeedPage{Events: []storage.Event{}, Next: max(after, 0)}
	seen := map[string]bool{}
	memo := func(ctx context.Context, person, s string) (bool, error) {
		ok, known := seen[s]
		if known {
			return ok, nil
		}
		if scope == nil {
			return false, nil
		}
		ok, err := scope(ctx, person, s)
		if err != nil {
			return false, err
		}
		seen[s] = ok
		return ok, nil
	}
	for scanned := 0; scanned < feedScanLimit; {
		batch, err := log.Events(ctx, storage.EventFilter{After: page.Next, Limit: storage.MaxEventsRead, Types: types, Reader: reader})
		if err != nil {
			return FeedPage{}, fmt.Errorf("events: feed: %w", err)
		}
		if len(batch) == 0 {
			return page, nil
		}
		for _, e := range batch {
			ok, err := e.Visible(ctx, reader, memo)
			if err != nil {
				return FeedPage{}, fmt.Errorf("events: feed: event %d: %w", e.Seq, err)
			}
			page.Next = e.Seq
			scanned++
			if ok {
				page.Events = append(page.Events, e)
				if len(page.Events) == limit {
					page.More = true
					return page, nil
				}
			}
		}
		if len(batch) < storage.MaxEventsRead {
			return page, nil
		}
	}
	page.More = true
	return page, nil
}
