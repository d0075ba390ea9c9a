-- An activity's enrolments move out of its row into a table of their own,
-- one row per activity and person, and the activity keeps a count of the
-- seats taken instead. Enrolling used to decode, change and write back the
-- activity's whole list (a JSON document) — a cost that grew with each
-- person enrolled; now it locks the activity's row, reads and writes one
-- enrolment and the count (see Store.UpdateEnrolment), whatever the number
-- already enrolled.
--
-- Up moves every enrolment of every activity's JSON list (the stored shape
-- pinned until now by testdata/enrolments_00012.json) into
-- sprint_enrolments, counts the seats taken (enrolments not cancelled) and
-- drops the list. Times keep their text but get the nine fractional digits
-- of every time column (see timeOf): the JSON held Go's RFC 3339 form,
-- without trailing zeros. The Service never listed a person twice on one
-- activity; a database that does fails on the primary key here and is left
-- as it was. Down writes the lists back, by person, and drops the table.
--
-- Written for PostgreSQL; on SQLite (see Dialect.ddl)
-- json_array_elements(x::json) is json_each(x), json_agg is
-- json_group_array and json_build_object is json_object. Both read a JSON
-- member with ->>.

-- +goose Up
CREATE TABLE sprint_enrolments (
    activity_id TEXT COLLATE "C" NOT NULL REFERENCES sprint_activities (id),
    person      TEXT COLLATE "C" NOT NULL,
    sprint_id   TEXT COLLATE "C" NOT NULL,
    status      TEXT NOT NULL,
    enrolled_at TEXT NOT NULL,
    rating      INTEGER,
    comment     TEXT NOT NULL,
    rated_at    TEXT,
    PRIMARY KEY (activity_id, person)
) /* WITHOUT ROWID */;
-- A sprint's enrolments (its report), and a person's in a sprint (their
-- view of its activities, whether they take part in its retrospective).
CREATE INDEX sprint_enrolments_sprint ON sprint_enrolments (sprint_id, activity_id, person);
CREATE INDEX sprint_enrolments_person ON sprint_enrolments (person, sprint_id, activity_id);

INSERT INTO sprint_enrolments (activity_id, person, sprint_id, status, enrolled_at, rating, comment, rated_at)
    SELECT a.id, e.value ->> 'person', a.sprint_id, e.value ->> 'status', e.value ->> 'enrolledAt',
           CAST(e.value ->> 'rating' AS INTEGER), COALESCE(e.value ->> 'comment', ''), e.value ->> 'ratedAt'
    FROM sprint_activities a, json_array_elements(a.enrolments::json) e
    WHERE a.enrolments IS NOT NULL;
-- "2026-03-02T09:30:00.5Z" becomes "2026-03-02T09:30:00.500000000Z": the
-- zone is "Z" or "+hh:mm" at the end, the fraction (if any) what lies
-- between the seconds and the zone.
UPDATE sprint_enrolments SET enrolled_at =
    substr(enrolled_at, 1, 19) || '.' ||
    substr(CASE WHEN substr(enrolled_at, 20, 1) = '.' THEN substr(enrolled_at, 21, length(enrolled_at) - 20 - CASE WHEN enrolled_at LIKE '%Z' THEN 1 ELSE 6 END) ELSE '' END || '000000000', 1, 9) ||
    substr(enrolled_at, length(enrolled_at) + 1 - CASE WHEN enrolled_at LIKE '%Z' THEN 1 ELSE 6 END);
UPDATE sprint_enrolments SET rated_at =
    substr(rated_at, 1, 19) || '.' ||
    substr(CASE WHEN substr(rated_at, 20, 1) = '.' THEN substr(rated_at, 21, length(rated_at) - 20 - CASE WHEN rated_at LIKE '%Z' THEN 1 ELSE 6 END) ELSE '' END || '000000000', 1, 9) ||
    substr(rated_at, length(rated_at) + 1 - CASE WHEN rated_at LIKE '%Z' THEN 1 ELSE 6 END)
    WHERE rated_at IS NOT NULL;

ALTER TABLE sprint_activities ADD COLUMN taken INTEGER NOT NULL DEFAULT 0;
UPDATE sprint_activities SET taken =
    (SELECT COUNT(*) FROM sprint_enrolments e WHERE e.activity_id = sprint_activities.id AND e.status <> 'cancelled');
ALTER TABLE sprint_activities DROP COLUMN enrolments;

-- +goose Down
ALTER TABLE sprint_activities ADD COLUMN enrolments TEXT;
UPDATE sprint_activities SET enrolments = COALESCE((
    SELECT CAST(json_agg(json_build_object(
               'person', e.person, 'status', e.status, 'enrolledAt', e.enrolled_at,
               'rating', e.rating, 'comment', e.comment, 'ratedAt', e.rated_at) ORDER BY e.person) AS TEXT)
    FROM sprint_enrolments e WHERE e.activity_id = sprint_activities.id), '[]');
ALTER TABLE sprint_activities DROP COLUMN taken;
DROP TABLE sprint_enrolments;
