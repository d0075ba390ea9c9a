-- The sprint package: quarterly learning sprints, their activities and
-- learning-goal check-ins, and the schedule of quarters.
--
-- Written as 00001_okr.sql is (see there). A sprint's topics (with their
-- learning goals), carried actions, retrospective and history, and an
-- activity's enrolments, are read and written with their aggregate and
-- never filtered on: JSON text. A flag is an INTEGER, 0 or 1.

-- +goose Up
CREATE TABLE sprint_sprints (
    id            TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    year          INTEGER NOT NULL,
    quarter       INTEGER NOT NULL,
    title         TEXT NOT NULL,
    period_start  TEXT NOT NULL,
    period_end    TEXT NOT NULL,
    facilitators  TEXT,
    capacity      INTEGER NOT NULL,
    meeting_id    TEXT NOT NULL,
    state         TEXT NOT NULL,
    topics        TEXT,
    carried       TEXT,
    previous_id   TEXT NOT NULL,
    retrospective TEXT NOT NULL,
    history       TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    version       BIGINT NOT NULL
);
-- Sprints of a year, and by state.
CREATE INDEX sprint_sprints_year ON sprint_sprints (year, id);
CREATE INDEX sprint_sprints_state ON sprint_sprints (state, id);

-- The one schedule: which sprint holds each quarter. Planning, closing
-- and cancelling lock its row first, so they queue behind each other.
CREATE TABLE sprint_schedule (
    id       TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    quarters TEXT,
    version  BIGINT NOT NULL
);
INSERT INTO sprint_schedule (id, quarters, version) VALUES ('schedule', '{}', 1);

CREATE TABLE sprint_activities (
    id          TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    sprint_id   TEXT COLLATE "C" NOT NULL REFERENCES sprint_sprints (id),
    topic_id    TEXT COLLATE "C" NOT NULL,
    kind        TEXT NOT NULL,
    title       TEXT NOT NULL,
    description TEXT NOT NULL,
    host        TEXT NOT NULL,
    external    INTEGER NOT NULL,
    start       TEXT,
    minutes     INTEGER NOT NULL,
    link        TEXT NOT NULL,
    seats       INTEGER NOT NULL,
    tags        TEXT,
    enrolments  TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    version     BIGINT NOT NULL
);
-- A sprint's activities, and a topic's.
CREATE INDEX sprint_activities_sprint ON sprint_activities (sprint_id, id);
CREATE INDEX sprint_activities_topic ON sprint_activities (topic_id, id);

CREATE TABLE sprint_check_ins (
    id         TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    sprint_id  TEXT COLLATE "C" NOT NULL REFERENCES sprint_sprints (id),
    goal_id    TEXT COLLATE "C" NOT NULL,
    seq        INTEGER NOT NULL,
    value      DOUBLE PRECISION NOT NULL,
    confidence INTEGER NOT NULL,
    note       TEXT NOT NULL,
    author     TEXT NOT NULL,
    at         TEXT NOT NULL,
    UNIQUE (goal_id, seq)
);
-- A sprint's check-ins, and a learning goal's.
CREATE INDEX sprint_check_ins_sprint ON sprint_check_ins (sprint_id, id);
CREATE INDEX sprint_check_ins_goal ON sprint_check_ins (goal_id, id);

-- +goose Down
DROP TABLE sprint_check_ins;
DROP TABLE sprint_activities;
DROP TABLE sprint_schedule;
DROP TABLE sprint_sprints;
