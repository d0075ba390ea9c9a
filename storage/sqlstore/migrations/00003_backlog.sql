-- The backlog package: learning backlog items and prioritisation meetings.
--
-- Written as 00001_okr.sql is (see there). A meeting's submissions,
-- snapshot, result and policy are read and written with it and never
-- filtered on: JSON text. A quarter is its text form, "2026-Q3", empty
-- for none. Items name their meeting without a foreign key: a sprint
-- takes items directly, and the memory store checks no reference either.

-- +goose Up
CREATE TABLE backlog_items (
    id                TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    title             TEXT NOT NULL,
    description       TEXT NOT NULL,
    tags              TEXT,
    links             TEXT,
    suggested_by      TEXT NOT NULL,
    effort            DOUBLE PRECISION,
    status            TEXT NOT NULL,
    meeting_id        TEXT NOT NULL,
    carry_overs       INTEGER NOT NULL,
    first_selected_at TEXT,
    reason            TEXT NOT NULL,
    duplicate_of      TEXT NOT NULL,
    supporters        TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    status_changed_at TEXT NOT NULL,
    version           BIGINT NOT NULL
);
-- The open backlog (items by status), a person's suggestions, and the
-- items a meeting selected.
CREATE INDEX backlog_items_status ON backlog_items (status, id);
CREATE INDEX backlog_items_suggested_by ON backlog_items (suggested_by, id);
CREATE INDEX backlog_items_meeting ON backlog_items (meeting_id, id);

CREATE TABLE backlog_meetings (
    id           TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    quarter      TEXT NOT NULL,
    title        TEXT NOT NULL,
    facilitators TEXT,
    participants TEXT,
    policy       TEXT,
    max_topics   INTEGER NOT NULL,
    budget       DOUBLE PRECISION,
    aggregation  TEXT NOT NULL,
    status       TEXT NOT NULL,
    submissions  TEXT,
    snapshot     TEXT,
    result       TEXT,
    opened_by    TEXT NOT NULL,
    closed_by    TEXT NOT NULL,
    closed_at    TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    version      BIGINT NOT NULL
);
-- Meetings by status (the open ones) and by quarter.
CREATE INDEX backlog_meetings_status ON backlog_meetings (status, id);
CREATE INDEX backlog_meetings_quarter ON backlog_meetings (quarter, id);

-- +goose Down
DROP TABLE backlog_meetings;
DROP TABLE backlog_items;
