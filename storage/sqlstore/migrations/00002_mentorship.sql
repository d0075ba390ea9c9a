-- The mentorship package: mentor profiles, mentee records, relations and
-- meeting logs.
--
-- Written as 00001_okr.sql is (see there). Profiles and mentee records
-- are keyed by person: their id is the person's ID. A profile's expertise
-- and mentees, and a meeting's progress and next steps, are read and
-- written with them and never filtered on: JSON text. There are no
-- foreign keys: the mentorship package expects none ("nothing else is
-- expected of a store"), and a meeting log may outlive what it names.

-- +goose Up
CREATE TABLE mentorship_profiles (
    id         TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    capacity   INTEGER NOT NULL,
    expertise  TEXT,
    note       TEXT NOT NULL,
    mentees    TEXT,
    active     INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    BIGINT NOT NULL
);

CREATE TABLE mentorship_mentees (
    id          TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    relation_id TEXT NOT NULL,
    mentor      TEXT NOT NULL,
    kind        TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    version     BIGINT NOT NULL
);

CREATE TABLE mentorship_relations (
    id               TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    kind             TEXT NOT NULL,
    mentee           TEXT NOT NULL,
    mentor           TEXT NOT NULL,
    status           TEXT NOT NULL,
    message          TEXT NOT NULL,
    response         TEXT NOT NULL,
    requested_at     TEXT NOT NULL,
    expires_at       TEXT,
    decided_at       TEXT,
    started_at       TEXT,
    ended_at         TEXT,
    end_reason       TEXT NOT NULL,
    ended_by         TEXT NOT NULL,
    end_note         TEXT NOT NULL,
    cadence_days     INTEGER NOT NULL,
    meetings         INTEGER NOT NULL,
    last_meeting_at  TEXT,
    overdue_notified TEXT,
    version          BIGINT NOT NULL
);
-- A person's relations as mentee, a mentor's (their mentees), relations
-- by status (the open requests and active relations a sweep reads) and
-- by kind.
CREATE INDEX mentorship_relations_mentee ON mentorship_relations (mentee, id);
CREATE INDEX mentorship_relations_mentor ON mentorship_relations (mentor, id);
CREATE INDEX mentorship_relations_status ON mentorship_relations (status, id);
CREATE INDEX mentorship_relations_kind ON mentorship_relations (kind, id);

CREATE TABLE mentorship_meetings (
    id               TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    relation_id      TEXT COLLATE "C" NOT NULL,
    mentee           TEXT NOT NULL,
    mentor           TEXT NOT NULL,
    at               TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL,
    notes            TEXT NOT NULL,
    progress         TEXT NOT NULL,
    feedback         TEXT NOT NULL,
    ideas            TEXT NOT NULL,
    next_steps       TEXT,
    recorded_by      TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    version          BIGINT NOT NULL
);
-- A relation's meeting log.
CREATE INDEX mentorship_meetings_relation ON mentorship_meetings (relation_id, id);

-- +goose Down
DROP TABLE mentorship_meetings;
DROP TABLE mentorship_relations;
DROP TABLE mentorship_mentees;
DROP TABLE mentorship_profiles;
