-- Calendar subscriptions (events/calendar): one feed per person, keyed by
-- the person (id). feed_id changes when the feed is rotated; the address
-- is signed with the host's key, which is not stored.

-- +goose Up
CREATE TABLE calendar_feeds (
    id         TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    feed_id    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    BIGINT NOT NULL
);

-- +goose Down
DROP TABLE calendar_feeds;
