-- Event IDs are unique by construction (storage.NewEvent makes ULIDs), and
-- nothing reads an event by its ID: the log is read by Seq. The unique
-- index on events.id cost every write an extra b-tree page for a check
-- no reader needed, so the log is rebuilt without it. SQLite cannot drop
-- an inline UNIQUE, hence the copy; events_readers, which references
-- events, is rebuilt with it.

-- +goose Up
CREATE TABLE events_next (
    seq        BIGINT NOT NULL PRIMARY KEY,
    id         TEXT COLLATE "C" NOT NULL,
    type       TEXT NOT NULL,
    schema     INTEGER NOT NULL,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    subjects   TEXT NOT NULL,
    everyone   INTEGER NOT NULL,
    people     TEXT NOT NULL,
    scope      TEXT NOT NULL,
    payload    TEXT NOT NULL
);
INSERT INTO events_next (seq, id, type, schema, at, actor, subjects, everyone, people, scope, payload)
    SELECT seq, id, type, schema, at, actor, subjects, everyone, people, scope, payload FROM events;

CREATE TABLE events_readers_next (
    person TEXT NOT NULL,
    seq    BIGINT NOT NULL REFERENCES events_next (seq),
    PRIMARY KEY (person, seq)
) /* WITHOUT ROWID */;
INSERT INTO events_readers_next (person, seq) SELECT person, seq FROM events_readers;

DROP TABLE events_readers;
DROP TABLE events;
ALTER TABLE events_next RENAME TO events;
ALTER TABLE events_readers_next RENAME TO events_readers;

-- +goose Down
CREATE TABLE events_prev (
    seq        BIGINT NOT NULL PRIMARY KEY,
    id         TEXT COLLATE "C" NOT NULL UNIQUE,
    type       TEXT NOT NULL,
    schema     INTEGER NOT NULL,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    subjects   TEXT NOT NULL,
    everyone   INTEGER NOT NULL,
    people     TEXT NOT NULL,
    scope      TEXT NOT NULL,
    payload    TEXT NOT NULL
);
INSERT INTO events_prev (seq, id, type, schema, at, actor, subjects, everyone, people, scope, payload)
    SELECT seq, id, type, schema, at, actor, subjects, everyone, people, scope, payload FROM events;
CREATE TABLE events_readers_prev (
    person TEXT NOT NULL,
    seq    BIGINT NOT NULL REFERENCES events_prev (seq),
    PRIMARY KEY (person, seq)
) /* WITHOUT ROWID */;
INSERT INTO events_readers_prev (person, seq) SELECT person, seq FROM events_readers;
DROP TABLE events_readers;
DROP TABLE events;
ALTER TABLE events_prev RENAME TO events;
ALTER TABLE events_readers_prev RENAME TO events_readers;
