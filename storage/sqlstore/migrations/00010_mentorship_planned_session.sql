-- The next mentoring session a pair planned (mentorship.Relation.Planned):
-- JSON, NULL when none is planned.

-- +goose Up
ALTER TABLE mentorship_relations ADD COLUMN planned TEXT;

-- +goose Down
ALTER TABLE mentorship_relations DROP COLUMN planned;
