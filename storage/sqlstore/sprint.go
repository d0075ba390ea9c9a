package sqlstore

import (
	"context"

	"github.com/footprint-hq/footprint/sprint"
	"github.com/footprint-hq/footprint/storage"
)

// The sprint package's tables; their schema is migrations/00004_sprint.sql.
// The backlog methods a sprint.Store embeds are those of backlog.go.

var _ sprint.Store = (*Store)(nil)

var sprintSprints = newTable("sprint_sprints", func(sp *sprint.Sprint) []column {
	return []column{
		col("id", &sp.ID),
		col("year", &sp.Year),
		col("quarter", &sp.Quarter),
		col("title", &sp.Title),
		col("period_start", timeOf(&sp.Period.Start)),
		col("period_end", timeOf(&sp.Period.End)),
		col("facilitators", jsonOf(&sp.Facilitators)),
		col("capacity", &sp.Capacity),
		col("meeting_id", &sp.MeetingID),
		col("state", &sp.State),
		col("topics", storedSliceOf(&sp.Topics, storeTopic, storedTopic.load)),
		col("carried", storedSliceOf(&sp.Carried, storeCarriedAction, storedCarriedAction.load)),
		col("previous_id", &sp.PreviousID),
		col("retrospective", storedOf(&sp.Retrospective, storeRetrospective, storedRetrospective.load)),
		col("history", storedSliceOf(&sp.History, storeTransition, storedTransition.load)),
		col("created_at", timeOf(&sp.CreatedAt)),
		col("updated_at", timeOf(&sp.UpdatedAt)),
		col("version", &sp.Version),
	}
})

// scheduleRow is the one row of sprint_schedule.
type scheduleRow struct {
	id string
	sprint.Schedule
}

// scheduleID is the ID of the schedule's row, which the migration inserts.
const scheduleID = "schedule"

var sprintSchedule = newTable("sprint_schedule", func(r *scheduleRow) []column {
	return []column{
		col("id", &r.id),
		col("quarters", jsonOf(&r.Quarters)),
		col("version", &r.Version),
	}
})

var sprintActivities = newTable("sprint_activities", func(a *sprint.Activity) []column {
	return []column{
		col("id", &a.ID),
		col("sprint_id", &a.SprintID),
		col("topic_id", &a.TopicID),
		col("kind", &a.Kind),
		col("title", &a.Title),
		col("description", &a.Description),
		col("host", &a.Host),
		col("external", &a.External),
		col("start", nullTimeOf(&a.Start)),
		col("minutes", &a.Minutes),
		col("link", &a.Link),
		col("seats", &a.Seats),
		col("tags", jsonOf(&a.Tags)),
		col("enrolments", storedSliceOf(&a.Enrolments, storeEnrolment, storedEnrolment.load)),
		col("created_at", timeOf(&a.CreatedAt)),
		col("updated_at", timeOf(&a.UpdatedAt)),
		col("version", &a.Version),
	}
})

var sprintCheckIns = newTable("sprint_check_ins", func(c *sprint.CheckIn) []column {
	return []column{
		col("id", &c.ID),
		col("sprint_id", &c.SprintID),
		col("goal_id", &c.GoalID),
		col("seq", &c.Seq),
		col("value", &c.Value),
		col("confidence", &c.Confidence),
		col("note", &c.Note),
		col("author", &c.Author),
		col("at", timeOf(&c.At)),
	}
})

// CreateSprint stores a new sprint.
func (s *Store) CreateSprint(ctx context.Context, sp *sprint.Sprint) error {
	return insert(ctx, s, sprintSprints, sp)
}

// Sprint returns a sprint.
func (s *Store) Sprint(ctx context.Context, id string) (*sprint.Sprint, error) {
	return get(ctx, s, sprintSprints, id)
}

// UpdateSprint changes a sprint atomically.
func (s *Store) UpdateSprint(ctx context.Context, id string, version int64, fn func(*sprint.Sprint) error) (*sprint.Sprint, error) {
	return update(ctx, s, sprintSprints, id, version, fn)
}

// Sprints lists the sprints matching f.
func (s *Store) Sprints(ctx context.Context, f sprint.SprintFilter, page storage.PageRequest) (storage.Page[sprint.Sprint], error) {
	return list(ctx, s, sprintSprints, page, isSet("year", f.Year), isSet("state", f.State))
}

// Schedule returns the schedule of quarters.
func (s *Store) Schedule(ctx context.Context) (*sprint.Schedule, error) {
	r, err := get(ctx, s, sprintSchedule, scheduleID)
	if err != nil {
		return nil, err
	}
	return &r.Schedule, nil
}

// UpdateSchedule changes the schedule of quarters atomically.
func (s *Store) UpdateSchedule(ctx context.Context, version int64, fn func(*sprint.Schedule) error) (*sprint.Schedule, error) {
	r, err := update(ctx, s, sprintSchedule, scheduleID, version, func(r *scheduleRow) error { return fn(&r.Schedule) })
	if err != nil {
		return nil, err
	}
	return &r.Schedule, nil
}

// CreateActivity stores a new activity. Its sprint must be stored.
func (s *Store) CreateActivity(ctx context.Context, a *sprint.Activity) error {
	return insert(ctx, s, sprintActivities, a)
}

// Activity returns an activity.
func (s *Store) Activity(ctx context.Context, id string) (*sprint.Activity, error) {
	return get(ctx, s, sprintActivities, id)
}

// UpdateActivity changes an activity atomically.
func (s *Store) UpdateActivity(ctx context.Context, id string, version int64, fn func(*sprint.Activity) error) (*sprint.Activity, error) {
	return update(ctx, s, sprintActivities, id, version, fn)
}

// Activities lists the activities matching f.
func (s *Store) Activities(ctx context.Context, f sprint.ActivityFilter, page storage.PageRequest) (storage.Page[sprint.Activity], error) {
	return list(ctx, s, sprintActivities, page, isSet("sprint_id", f.SprintID), isSet("topic_id", f.TopicID))
}

// CreateLearningCheckIn appends a learning-goal check-in. Its sprint must
// be stored.
func (s *Store) CreateLearningCheckIn(ctx context.Context, c *sprint.CheckIn) error {
	return insert(ctx, s, sprintCheckIns, c)
}

// LearningCheckIns lists the learning-goal check-ins matching f.
func (s *Store) LearningCheckIns(ctx context.Context, f sprint.CheckInFilter, page storage.PageRequest) (storage.Page[sprint.CheckIn], error) {
	return list(ctx, s, sprintCheckIns, page, isSet("sprint_id", f.SprintID), isSet("goal_id", f.GoalID))
}
