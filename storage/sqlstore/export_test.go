package sqlstore

import (
	"context"
	"database/sql"
	"io/fs"
	"strconv"
	"strings"

	"github.com/footprint-hq/footprint/sprint"
	"github.com/footprint-hq/footprint/storage"
)

// Waiting returns how many transactions wait for their turn in s.
func Waiting(s *Store) int64 { return s.waiting.Load() }

// MigrationVersions returns the version of every embedded migration, in
// order, as its file name numbers it.
func MigrationVersions() []int64 {
	entries, err := fs.ReadDir(migrations, "migrations")
	if err != nil {
		panic(err)
	}
	var out []int64
	for _, e := range entries {
		num, _, _ := strings.Cut(e.Name(), "_")
		v, err := strconv.ParseInt(num, 10, 64)
		if err != nil {
			panic(err)
		}
		out = append(out, v)
	}
	return out
}

// ListQuery is the SQL of one kind of list, with arguments to run it.
type ListQuery struct {
	SQL  string
	Args []any
}

func listQuery(query string, args []any) ListQuery { return ListQuery{SQL: query, Args: args} }

// ListQueries returns each kind of list the services of every domain ask
// for, as the store builds it for dialect d, for tests that check the
// database answers them from an index. The keys name the domain and the
// list.
func ListQueries(d Dialect) map[string]ListQuery {
	out := map[string]ListQuery{}
	for domain, queries := range map[string]map[string]ListQuery{
		"okr":        okrListQueries(d),
		"backlog":    backlogListQueries(d),
		"sprint":     sprintListQueries(d),
		"mentorship": mentorshipListQueries(d),
	} {
		for name, q := range queries {
			out[domain+": "+name] = q
		}
	}
	return out
}

// The values lists are run with: a person, ID or status, a cursor, a
// page size.
const v, after, limit = "x", "01", 50

func okrListQueries(d Dialect) map[string]ListQuery {
	q := listQuery
	return map[string]ListQuery{
		"goals of a person":          q(okrGoals.listQuery(d, after, limit, []cond{is("owner", v)})),
		"objectives of a person":     q(okrObjectives.listQuery(d, after, limit, []cond{isSet("owner", v)})),
		"objectives of a goal":       q(okrObjectives.listQuery(d, after, limit, []cond{isSet("owner", v), isSet("goal_id", v)})),
		"check-ins of a person":      q(okrCheckIns.listQuery(d, after, 0, []cond{isSet("owner", v)})),
		"check-ins of an objective":  q(okrCheckIns.listQuery(d, after, limit, []cond{isSet("objective_id", v)})),
		"check-ins of a key result":  q(okrCheckIns.listQuery(d, after, limit, []cond{isSet("objective_id", v), isSet("key_result_id", v)})),
		"comments of an objective":   q(okrComments.listQuery(d, after, limit, []cond{is("objective_id", v)})),
		"suggestions to a person":    q(okrSuggestions.listQuery(d, after, limit, []cond{isSet("to_person", v), isSet("status", v)})),
		"suggestions from a person":  q(okrSuggestions.listQuery(d, after, limit, []cond{isSet("from_person", v)})),
		"first page without a limit": q(okrGoals.listQuery(d, "", 0, []cond{is("owner", v)})),
	}
}

func backlogListQueries(d Dialect) map[string]ListQuery {
	q := listQuery
	const quarter = "2026-Q3"
	return map[string]ListQuery{
		"the open backlog":                 q(backlogItems.listQuery(d, after, 0, []cond{isSet("status", v)})),
		"items a person suggested":         q(backlogItems.listQuery(d, after, limit, []cond{isSet("suggested_by", v)})),
		"open items a person suggested":    q(backlogItems.listQuery(d, after, limit, []cond{isSet("status", v), isSet("suggested_by", v)})),
		"items a meeting selected":         q(backlogItems.listQuery(d, after, limit, []cond{isSet("status", v), isSet("meeting_id", v)})),
		"meetings by status":               q(backlogMeetings.listQuery(d, after, limit, []cond{isSet("status", v)})),
		"meetings of a quarter":            q(backlogMeetings.listQuery(d, after, limit, []cond{isSet("quarter", quarter)})),
		"meetings of a quarter, by status": q(backlogMeetings.listQuery(d, after, limit, []cond{isSet("status", v), isSet("quarter", quarter)})),
	}
}

func sprintListQueries(d Dialect) map[string]ListQuery {
	q := listQuery
	return map[string]ListQuery{
		"sprints of a year":                   q(sprintSprints.listQuery(d, after, limit, []cond{isSet("year", 2026)})),
		"sprints by state":                    q(sprintSprints.listQuery(d, after, limit, []cond{isSet("state", v)})),
		"sprints of a year, by state":         q(sprintSprints.listQuery(d, after, limit, []cond{isSet("year", 2026), isSet("state", v)})),
		"a sprint's activities":               q(sprintActivities.listQuery(d, after, 0, []cond{isSet("sprint_id", v)})),
		"a topic's activities":                q(sprintActivities.listQuery(d, after, limit, []cond{isSet("sprint_id", v), isSet("topic_id", v)})),
		"a sprint's check-ins":                q(sprintCheckIns.listQuery(d, after, limit, []cond{isSet("sprint_id", v)})),
		"a learning goal's check-ins":         q(sprintCheckIns.listQuery(d, after, limit, []cond{isSet("sprint_id", v), isSet("goal_id", v)})),
		"whether a topic has activities":      q(sprintActivities.listQuery(d, "", 1, []cond{isSet("sprint_id", v), isSet("topic_id", v)})),
		"an activity's enrolments":            enrolments(d, sprint.EnrolmentFilter{ActivityID: v}),
		"a person's enrolment in an activity": enrolments(d, sprint.EnrolmentFilter{ActivityID: v, Person: v}),
		"a sprint's enrolments":               enrolments(d, sprint.EnrolmentFilter{SprintID: v}),
		"a person's enrolments in a sprint":   enrolments(d, sprint.EnrolmentFilter{SprintID: v, Person: v}),
	}
}

// enrolments returns the query of a page of the enrolments matching f
// after a cursor.
func enrolments(d Dialect, f sprint.EnrolmentFilter) ListQuery {
	query, args, err := enrolmentsQuery(d, f, storage.PageRequest{Cursor: storage.CursorAfter(after + "\x00" + v), Limit: limit})
	if err != nil {
		panic(err)
	}
	return ListQuery{SQL: query, Args: args}
}

// mentorshipListQueries leaves out Profiles, which lists every profile:
// there are no unrelated rows to skip.
func mentorshipListQueries(d Dialect) map[string]ListQuery {
	q := listQuery
	active := []string{"active"}
	return map[string]ListQuery{
		"a mentor's mentees":                   q(mentorshipRelations.listQuery(d, after, 0, []cond{isSet("mentor", v), isIn("status", active)})),
		"a mentor's relations":                 q(mentorshipRelations.listQuery(d, after, limit, []cond{isSet("mentor", v), isSet("kind", v)})),
		"a mentee's relations":                 q(mentorshipRelations.listQuery(d, after, limit, []cond{isSet("mentee", v)})),
		"a mentee's relations in two states":   q(mentorshipRelations.listQuery(d, after, limit, []cond{isSet("mentee", v), isSet("kind", v), isIn("status", []string{"proposed", "expired"})})),
		"a mentee's open requests to a mentor": q(mentorshipRelations.listQuery(d, after, 0, []cond{isSet("mentee", v), isSet("mentor", v), isIn("status", []string{"proposed"})})),
		"relations in one state (sweep)":       q(mentorshipRelations.listQuery(d, after, 0, []cond{isIn("status", active)})),
		"relations of a kind":                  q(mentorshipRelations.listQuery(d, after, limit, []cond{isSet("kind", v)})),
		"a relation's meetings":                q(mentorshipMeetings.listQuery(d, after, limit, []cond{isSet("relation_id", v)})),
	}
}

// MigrateTo migrates db up to version, for tests of a migration over the
// data an older schema holds.
func MigrateTo(ctx context.Context, db *sql.DB, d Dialect, version int64) error {
	p, err := provider(db, d)
	if err != nil {
		return err
	}
	_, err = p.UpTo(ctx, version)
	return err
}

// MigrateDownTo rolls the migrations of db back until version is the
// latest applied, for tests of a migration's Down.
func MigrateDownTo(ctx context.Context, db *sql.DB, d Dialect, version int64) error {
	p, err := provider(db, d)
	if err != nil {
		return err
	}
	_, err = p.DownTo(ctx, version)
	return err
}

// Rebind writes the ? placeholders of query in the form of dialect d.
func Rebind(d Dialect, query string) string { return d.rebind(query) }
