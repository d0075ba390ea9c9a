-- How often an objective's owner means to check in, in days
-- (okr.Objective.CheckInDays); 0 for the host's default.

-- +goose Up
ALTER TABLE okr_objectives ADD COLUMN check_in_days INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE okr_objectives DROP COLUMN check_in_days;
