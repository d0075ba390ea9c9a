-- The event log (storage.EventLog): every committed change appends its
-- events here in its own transaction. On PostgreSQL, Seq is assigned from
-- events_seq, whose one row each appending transaction locks until it
-- commits; on SQLite, whose writers run one at a time, it follows the
-- largest Seq. Either way events commit in Seq order with no gaps: a
-- reader that has seen Seq n never later finds a smaller one.
--
-- On SQLite, seq is the table's rowid (BIGINT PRIMARY KEY becomes INTEGER
-- PRIMARY KEY) and events_readers is WITHOUT ROWID, so that an append
-- writes as few b-trees as it can (see Dialect.ddl).

-- +goose Up
CREATE TABLE events_seq (
    id   INTEGER NOT NULL PRIMARY KEY,
    last BIGINT NOT NULL
);
INSERT INTO events_seq (id, last) VALUES (1, 0);

CREATE TABLE events (
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

-- Who an event that is not open to everyone names in its audience, so a
-- reader's feed is read by index.
CREATE TABLE events_readers (
    person TEXT NOT NULL,
    seq    BIGINT NOT NULL REFERENCES events (seq),
    PRIMARY KEY (person, seq)
) /* WITHOUT ROWID */;

-- Consumers' cursors and leases.
CREATE TABLE events_cursors (
    consumer    TEXT NOT NULL PRIMARY KEY,
    seq         BIGINT NOT NULL,
    holder      TEXT NOT NULL,
    lease_until TEXT NOT NULL
);

-- +goose Down
DROP TABLE events_cursors;
DROP TABLE events_readers;
DROP TABLE events;
DROP TABLE events_seq;
