package sqlstore

import (
	"context"

	"github.com/footprint-hq/footprint/adapters/events/calendar"
)

var calendarFeeds = newTable("calendar_feeds", func(f *calendar.Feed) []column {
	return []column{
		col("id", &f.Person),
		col("feed_id", &f.ID),
		col("created_at", timeOf(&f.CreatedAt)),
		col("updated_at", timeOf(&f.UpdatedAt)),
		col("version", &f.Version),
	}
})

// CreateCalendarFeed stores a person's first calendar feed.
func (s *Store) CreateCalendarFeed(ctx context.Context, f *calendar.Feed) error {
	return insert(ctx, s, calendarFeeds, f)
}

// CalendarFeed returns a person's calendar feed.
func (s *Store) CalendarFeed(ctx context.Context, person string) (*calendar.Feed, error) {
	return get(ctx, s, calendarFeeds, person)
}

// UpdateCalendarFeed changes a person's calendar feed atomically.
func (s *Store) UpdateCalendarFeed(ctx context.Context, person string, version int64, fn func(*calendar.Feed) error) (*calendar.Feed, error) {
	return update(ctx, s, calendarFeeds, person, version, fn)
}

// DeleteCalendarFeed removes a person's calendar feed.
func (s *Store) DeleteCalendarFeed(ctx context.Context, person string) error {
	return remove(ctx, s, calendarFeeds, person)
}
