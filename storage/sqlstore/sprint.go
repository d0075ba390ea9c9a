package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/footprint-hq/footprint/sprint"
	"github.com/footprint-hq/footprint/storage"
)

// The sprint package's tables; their schema is migrations/00004_sprint.sql,
// with the enrolments in a table of their own since
// migrations/00013_sprint_enrolments.sql. The backlog methods a
// sprint.Store embeds are those of backlog.go.

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
		col("taken", &a.Taken),
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

// CreateActivity stores a new activity, which has no enrolments yet. Its
// sprint must be stored.
func (s *Store) CreateActivity(ctx context.Context, a *sprint.Activity) error {
	if len(a.Enrolments) > 0 || a.Taken != 0 {
		return fmt.Errorf("sqlstore: sprint_activities %s: a new activity has no enrolments (add them with UpdateEnrolment): %w", a.ID, storage.ErrInvalid)
	}
	return insert(ctx, s, sprintActivities, a)
}

// Activity returns an activity.
func (s *Store) Activity(ctx context.Context, id string) (*sprint.Activity, error) {
	return get(ctx, s, sprintActivities, id)
}

// UpdateActivity changes an activity's own fields atomically.
func (s *Store) UpdateActivity(ctx context.Context, id string, version int64, fn func(*sprint.Activity) error) (*sprint.Activity, error) {
	return update(ctx, s, sprintActivities, id, version, sprint.KeepEnrolments(fn))
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

// sprint_enrolments holds one row per activity and person, keyed by both:
// an enrolment is read and written on its own, never with the others of
// its activity.

// enrolmentColumns binds the columns of sprint_enrolments to e.
func enrolmentColumns(e *sprint.ActivityEnrolment) []column {
	return []column{
		col("activity_id", &e.ActivityID),
		col("person", &e.Person),
		col("sprint_id", &e.SprintID),
		col("status", &e.Status),
		col("enrolled_at", timeOf(&e.EnrolledAt)),
		col("rating", nullOf(&e.Rating)),
		col("comment", &e.Comment),
		col("rated_at", nullTimeOf(&e.RatedAt)),
	}
}

const (
	enrolmentSelect = "SELECT activity_id, person, sprint_id, status, enrolled_at, rating, comment, rated_at FROM sprint_enrolments"
	enrolmentInsert = "INSERT INTO sprint_enrolments (activity_id, person, sprint_id, status, enrolled_at, rating, comment, rated_at)" +
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
	// enrolmentUpdate sets every column but the key and the sprint from
	// the values of enrolmentColumns after the first three, then the key.
	enrolmentUpdate = "UPDATE sprint_enrolments SET status = ?, enrolled_at = ?, rating = ?, comment = ?, rated_at = ?" +
		" WHERE activity_id = ? AND person = ?"
)

// scanEnrolment reads one row of sprint_enrolments.
func scanEnrolment(row interface{ Scan(...any) error }) (sprint.ActivityEnrolment, error) {
	var e sprint.ActivityEnrolment
	cols := enrolmentColumns(&e)
	dest := make([]any, len(cols))
	for i, c := range cols {
		dest[i] = c.ptr
	}
	return e, row.Scan(dest...)
}

// UpdateEnrolment changes person's enrolment in an activity atomically,
// with the activity's count of seats taken: in one transaction it locks
// the activity's row (update), reads the one enrolment, and writes it and
// the activity.
func (s *Store) UpdateEnrolment(ctx context.Context, activityID, person string, fn func(*sprint.Activity, *sprint.Enrolment) error) (*sprint.Activity, *sprint.Enrolment, error) {
	if person == "" {
		return nil, nil, fmt.Errorf("sqlstore: enrolment in activity %s: a person is required: %w", activityID, storage.ErrInvalid)
	}
	var (
		a     *sprint.Activity
		next  sprint.ActivityEnrolment
		found bool
	)
	err := s.write(ctx, func(ctx context.Context) error {
		var err error
		a, err = update(ctx, s, sprintActivities, activityID, 0, func(a *sprint.Activity) error {
			var cur sprint.ActivityEnrolment
			cur, found, err = s.enrolment(ctx, a, person)
			if err != nil {
				return err
			}
			next = cur
			next.Enrolment, err = sprint.ChangeEnrolment(a, cur.Enrolment, fn)
			return err
		})
		if err != nil {
			return err
		}
		return s.putEnrolment(ctx, &next, found)
	})
	if err != nil {
		return nil, nil, err
	}
	e := next.Enrolment
	return a, &e, nil
}

// enrolment reads person's enrolment in activity a; found is false, and
// the enrolment one of person in a without a status, when there is none.
func (s *Store) enrolment(ctx context.Context, a *sprint.Activity, person string) (e sprint.ActivityEnrolment, found bool, err error) {
	st, err := s.stmt(ctx, s.dialect.rebind(enrolmentSelect+" WHERE activity_id = ? AND person = ?"))
	if err != nil {
		return e, false, err
	}
	e, err = scanEnrolment(st.QueryRowContext(ctx, a.ID, person))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return sprint.ActivityEnrolment{SprintID: a.SprintID, ActivityID: a.ID, Enrolment: sprint.Enrolment{Person: person}}, false, nil
	case err != nil:
		return e, false, s.fail(ctx, "read enrolment of "+person+" in "+a.ID, err)
	}
	return e, true, nil
}

// putEnrolment writes e: an insert when it is new, else an update.
func (s *Store) putEnrolment(ctx context.Context, e *sprint.ActivityEnrolment, found bool) error {
	args, err := values(enrolmentColumns(e))
	if err != nil {
		return err
	}
	query := enrolmentInsert
	if found {
		query, args = enrolmentUpdate, append(args[3:], e.ActivityID, e.Person)
	}
	st, err := s.stmt(ctx, s.dialect.rebind(query))
	if err != nil {
		return err
	}
	if _, err := st.ExecContext(ctx, args...); err != nil {
		return s.fail(ctx, "write enrolment of "+e.Person+" in "+e.ActivityID, err)
	}
	return nil
}

// Enrolments lists the enrolments matching f.
func (s *Store) Enrolments(ctx context.Context, f sprint.EnrolmentFilter, page storage.PageRequest) (storage.Page[sprint.ActivityEnrolment], error) {
	var none storage.Page[sprint.ActivityEnrolment]
	query, args, err := enrolmentsQuery(s.dialect, f, page)
	if err != nil {
		return none, err
	}
	st, err := s.stmt(ctx, query)
	if err != nil {
		return none, err
	}
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return none, s.fail(ctx, "list sprint_enrolments", err)
	}
	defer rows.Close()
	items := []sprint.ActivityEnrolment{}
	for rows.Next() {
		e, err := scanEnrolment(rows)
		if err != nil {
			return none, s.fail(ctx, "list sprint_enrolments", err)
		}
		items = append(items, e)
	}
	if err := rows.Err(); err != nil {
		return none, s.fail(ctx, "list sprint_enrolments", err)
	}
	return storage.Paginate(items, page, enrolmentKey), nil
}

// enrolmentKey is the key a page cursor of enrolments holds: the
// activity's ID, a NUL byte, the person. IDs hold no NUL (PostgreSQL text
// cannot).
func enrolmentKey(e sprint.ActivityEnrolment) string { return e.ActivityID + "\x00" + e.Person }

// enrolmentsQuery returns the SQL and arguments of one page of enrolments
// matching f, in key order: by activity, then person.
func enrolmentsQuery(d Dialect, f sprint.EnrolmentFilter, page storage.PageRequest) (string, []any, error) {
	after, err := page.After()
	if err != nil {
		return "", nil, fmt.Errorf("sqlstore: list sprint_enrolments: %w", err)
	}
	var (
		where []string
		args  []any
	)
	for _, c := range []struct{ column, value string }{
		{"sprint_id", f.SprintID}, {"activity_id", f.ActivityID}, {"person", f.Person},
	} {
		if c.value != "" {
			where = append(where, c.column+" = ?")
			args = append(args, c.value)
		}
	}
	if after != "" {
		activity, person, ok := strings.Cut(after, "\x00")
		if !ok {
			return "", nil, fmt.Errorf("sqlstore: list sprint_enrolments: %w", storage.ErrInvalidCursor)
		}
		// (activity_id, person) > (activity, person), written so that
		// an index on activity_id takes the range.
		where = append(where, "activity_id >= ? AND (activity_id > ? OR person > ?)")
		args = append(args, activity, activity, person)
	}
	query := enrolmentSelect
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += " ORDER BY activity_id, person"
	if n := page.Size(); n > 0 {
		query += " LIMIT ?"
		args = append(args, n+1)
	}
	return d.rebind(query), args, nil
}
