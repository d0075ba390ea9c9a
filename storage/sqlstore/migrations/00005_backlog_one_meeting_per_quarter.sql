-- +goose Up
-- At most one prioritisation meeting per quarter that is not cancelled:
-- concurrent creates on PostgreSQL wait on each other's index entry, so
-- exactly one wins; the others insert nothing (ErrAlreadyExists).
CREATE UNIQUE INDEX backlog_meetings_one_per_quarter ON backlog_meetings (quarter) WHERE status <> 'cancelled';

-- +goose Down
DROP INDEX backlog_meetings_one_per_quarter;
