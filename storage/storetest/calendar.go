package storetest

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/adapters/events/calendar"
	"github.com/footprint-hq/footprint/storage"
)

// CalendarStore is what the calendar conformance cases need: the feeds
// and transactions.
type CalendarStore interface {
	calendar.Store
	storage.Transactor
}

// Calendar checks a store's calendar feeds (calendar.Store): the standard
// cases of the aggregate, keyed by person, and deleting, also inside a
// transaction that rolls back.
func Calendar(t *testing.T, newStore func(t *testing.T) CalendarStore) {
	t.Run("feed", func(t *testing.T) {
		t.Parallel()
		feedAggregate.run(t, newStore)
	})
	t.Run("delete", func(t *testing.T) {
		t.Parallel()
		deleteFeed(t, newStore(t), ctx(t))
	})
}

var feedAggregate = aggregate[CalendarStore, calendar.Feed]{
	fresh: func(*testing.T, CalendarStore) *calendar.Feed {
		return &calendar.Feed{Person: "person-" + newID(), ID: newID(), CreatedAt: base, UpdatedAt: base, Version: 1}
	},
	key:     func(f *calendar.Feed) string { return f.Person },
	version: func(f *calendar.Feed) int64 { return f.Version },
	create:  func(s CalendarStore, c context.Context, f *calendar.Feed) error { return s.CreateCalendarFeed(c, f) },
	get: func(s CalendarStore, c context.Context, p string) (*calendar.Feed, error) {
		return s.CalendarFeed(c, p)
	},
	update: func(s CalendarStore, c context.Context, p string, v int64, fn func(*calendar.Feed) error) (*calendar.Feed, error) {
		return s.UpdateCalendarFeed(c, p, v, fn)
	},
	edit:   func(f *calendar.Feed) { f.ID = newID() },
	mutate: func(f *calendar.Feed) { f.ID = "changed" },
	// Concurrent rotations each leave a mark on the ID, so that none is
	// lost.
	grow: func(f *calendar.Feed, i int) { f.ID += "|" + string(rune('a'+i%26)) },
	size: func(f *calendar.Feed) int { return strings.Count(f.ID, "|") },
}

func deleteFeed(t *testing.T, s CalendarStore, c context.Context) {
	a := &calendar.Feed{Person: "ana", ID: newID(), CreatedAt: base, UpdatedAt: base, Version: 1}
	b := &calendar.Feed{Person: "bob", ID: newID(), CreatedAt: base, UpdatedAt: base, Version: 1}
	require.NoError(t, s.CreateCalendarFeed(c, a))
	require.NoError(t, s.CreateCalendarFeed(c, b))
	require.NoError(t, s.DeleteCalendarFeed(c, a.Person))
	_, err := s.CalendarFeed(c, a.Person)
	assert.ErrorIs(t, err, storage.ErrNotFound)
	assert.ErrorIs(t, s.DeleteCalendarFeed(c, a.Person), storage.ErrNotFound)
	got, err := s.CalendarFeed(c, b.Person)
	require.NoError(t, err)
	assert.Equal(t, b, got, "another person's feed stays")

	// A deletion rolled back with its transaction is undone, and a new
	// feed may follow a deleted one.
	err = s.Atomic(c, func(c context.Context) error {
		if err := s.DeleteCalendarFeed(c, b.Person); err != nil {
			return err
		}
		return errCallback
	})
	require.ErrorIs(t, err, errCallback)
	_, err = s.CalendarFeed(c, b.Person)
	require.NoError(t, err)
	again := &calendar.Feed{Person: "ana", ID: newID(), CreatedAt: base, UpdatedAt: base, Version: 1}
	require.NoError(t, s.CreateCalendarFeed(c, again))
	got, err = s.CalendarFeed(c, "ana")
	require.NoError(t, err)
	assert.Equal(t, again, got)
}
