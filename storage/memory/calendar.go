package memory

import (
	"context"
	"fmt"

	"github.com/footprint-hq/footprint/adapters/events/calendar"
	"github.com/footprint-hq/footprint/storage"
)

func newCalendarFeeds() *table[calendar.Feed] {
	return newTable(func(f *calendar.Feed) string { return f.Person }, same[calendar.Feed],
		func(f *calendar.Feed) *int64 { return &f.Version })
}

// CreateCalendarFeed stores a person's first calendar feed.
func (s *Store) CreateCalendarFeed(ctx context.Context, f *calendar.Feed) error {
	return insert(s, ctx, s.calendarFeeds, f)
}

// CalendarFeed returns a person's calendar feed.
func (s *Store) CalendarFeed(ctx context.Context, person string) (*calendar.Feed, error) {
	return get(s, ctx, s.calendarFeeds, person)
}

// UpdateCalendarFeed changes a person's calendar feed atomically.
func (s *Store) UpdateCalendarFeed(ctx context.Context, person string, version int64, fn func(*calendar.Feed) error) (*calendar.Feed, error) {
	return update(s, ctx, s.calendarFeeds, person, version, fn)
}

// DeleteCalendarFeed removes a person's calendar feed.
func (s *Store) DeleteCalendarFeed(ctx context.Context, person string) error {
	return s.write(ctx, func(record func(func())) error {
		if _, ok := s.calendarFeeds.rows[person]; !ok {
			return fmt.Errorf("calendar feed %s: %w", person, storage.ErrNotFound)
		}
		s.calendarFeeds.remove(person, record)
		return nil
	})
}
