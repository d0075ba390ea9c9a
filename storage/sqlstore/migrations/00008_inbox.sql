-- Each person's inbox (events/inbox): items from events and reminders.
-- (person, item_key) is unique, and items are added with ON CONFLICT DO
-- NOTHING, so each event and each reminder occurrence is stored once even
-- when two instances add it at the same moment.

-- +goose Up
CREATE TABLE inbox_items (
    id        TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    person    TEXT COLLATE "C" NOT NULL,
    item_key  TEXT COLLATE "C" NOT NULL,
    kind      TEXT NOT NULL,
    title     TEXT NOT NULL,
    link_kind TEXT NOT NULL,
    link_id   TEXT NOT NULL,
    event_seq BIGINT NOT NULL,
    at        TEXT NOT NULL,
    read_at   TEXT NOT NULL,
    UNIQUE (person, item_key)
);
CREATE INDEX inbox_items_person ON inbox_items (person, id);

-- +goose Down
DROP TABLE inbox_items;
