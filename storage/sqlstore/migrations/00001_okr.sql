-- The okr package: goals, objectives (with their key results), check-ins,
-- comments and suggestions.
--
-- Written once for PostgreSQL and SQLite (see Dialect.ddl in dialect.go):
-- IDs sort in byte order (COLLATE "C") so lists page alike on every
-- database and locale; times are UTC text with nine fractional digits;
-- parts of an aggregate that are never filtered on (tags, key results, a
-- closing, a proposed objective) are JSON text; NULL JSON means nil.

-- +goose Up
CREATE TABLE okr_goals (
    id           TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    owner        TEXT NOT NULL,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL,
    why_person   TEXT NOT NULL,
    why_company  TEXT NOT NULL,
    tags         TEXT,
    horizon_year INTEGER NOT NULL,
    status       TEXT NOT NULL,
    visibility   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    version      BIGINT NOT NULL
);
-- A person's goals (their board).
CREATE INDEX okr_goals_owner ON okr_goals (owner, id);

CREATE TABLE okr_objectives (
    id            TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    goal_id       TEXT COLLATE "C" NOT NULL REFERENCES okr_goals (id),
    owner         TEXT NOT NULL,
    title         TEXT NOT NULL,
    description   TEXT NOT NULL,
    kind          TEXT NOT NULL,
    status        TEXT NOT NULL,
    period_start  TEXT NOT NULL,
    period_end    TEXT NOT NULL,
    tags          TEXT,
    key_results   TEXT,
    suggestion_id TEXT NOT NULL,
    suggested_by  TEXT NOT NULL,
    closing       TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    version       BIGINT NOT NULL
);
-- A person's objectives (their board, a team overview) and a goal's.
CREATE INDEX okr_objectives_owner ON okr_objectives (owner, id);
CREATE INDEX okr_objectives_goal ON okr_objectives (goal_id, id);

CREATE TABLE okr_check_ins (
    id            TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    objective_id  TEXT COLLATE "C" NOT NULL REFERENCES okr_objectives (id),
    key_result_id TEXT COLLATE "C" NOT NULL,
    owner         TEXT NOT NULL,
    seq           INTEGER NOT NULL,
    value         DOUBLE PRECISION NOT NULL,
    confidence    INTEGER NOT NULL,
    note          TEXT NOT NULL,
    author        TEXT NOT NULL,
    at            TEXT NOT NULL,
    UNIQUE (key_result_id, seq)
);
-- A person's check-ins (their board), an objective's, a key result's.
CREATE INDEX okr_check_ins_owner ON okr_check_ins (owner, id);
CREATE INDEX okr_check_ins_objective ON okr_check_ins (objective_id, id);
CREATE INDEX okr_check_ins_key_result ON okr_check_ins (key_result_id, id);

CREATE TABLE okr_comments (
    id           TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    objective_id TEXT COLLATE "C" NOT NULL REFERENCES okr_objectives (id),
    author       TEXT NOT NULL,
    body         TEXT NOT NULL,
    at           TEXT NOT NULL
);
CREATE INDEX okr_comments_objective ON okr_comments (objective_id, id);

CREATE TABLE okr_suggestions (
    id           TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    from_person  TEXT NOT NULL,
    to_person    TEXT NOT NULL,
    goal_id      TEXT NOT NULL,
    message      TEXT NOT NULL,
    objective    TEXT NOT NULL,
    status       TEXT NOT NULL,
    reason       TEXT NOT NULL,
    objective_id TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    decided_at   TEXT,
    version      BIGINT NOT NULL
);
-- Suggestions a person received, and those they made.
CREATE INDEX okr_suggestions_to ON okr_suggestions (to_person, id);
CREATE INDEX okr_suggestions_from ON okr_suggestions (from_person, id);

-- +goose Down
DROP TABLE okr_suggestions;
DROP TABLE okr_comments;
DROP TABLE okr_check_ins;
DROP TABLE okr_objectives;
DROP TABLE okr_goals;
