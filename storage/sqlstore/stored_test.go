package sqlstore

import (
	"database/sql"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/adapters/events/webhook"
	"github.com/footprint-hq/footprint/backlog"
	"github.com/footprint-hq/footprint/mentorship"
	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/sprint"
)

var updateGolden = flag.Bool("update", false, "rewrite testdata/stored from the stored shapes")

// storedDoc is one JSON column pinned by a golden file: the column of a
// table, and the domain value the file holds.
type storedDoc struct {
	name   string
	table  string
	column string
	encode func() (any, error)
	decode func(src string) (any, error)
	want   any
}

// doc pins column of tbl, the field field returns, to testdata/stored/name.json
// holding want. It goes through the table's own binding, as reads and
// writes do.
func doc[T, F any](name string, tbl *table[T], columnName string, field func(*T) *F, want F) storedDoc {
	bind := func(v *T) column {
		for _, c := range tbl.columns(v) {
			if c.name == columnName {
				return c
			}
		}
		panic("no column " + columnName + " in " + tbl.name)
	}
	return storedDoc{
		name:   name,
		table:  tbl.name,
		column: columnName,
		want:   want,
		encode: func() (any, error) {
			var v T
			*field(&v) = want
			return bind(&v).value()
		},
		decode: func(src string) (any, error) {
			var v T
			if err := bind(&v).ptr.(sql.Scanner).Scan(src); err != nil {
				return nil, err
			}
			return *field(&v), nil
		},
	}
}

func at(day, hour int) time.Time { return time.Date(2026, 3, day, hour, 30, 15, 123456789, time.UTC) }

func ptr[T any](v T) *T { return &v }

var keyResults = []okr.KeyResult{
	{
		ID: "kr1", Title: "Run workshops", Kind: okr.Increase, Unit: "workshops",
		Start: 1, Target: 6, Weight: 2, Current: 3.5, CheckIns: 4,
		Confidence: ptr(7), PreviousConfidence: ptr(5), LastCheckInAt: ptr(at(2, 9)),
	},
	{ID: "kr2", Title: "Certified", Kind: okr.Milestone, Target: 1, Weight: 1},
}

var storedDocs = []storedDoc{
	doc("okr_goal_tags", okrGoals, "tags", func(g *okr.Goal) *[]string { return &g.Tags }, []string{"agile", "coaching"}),
	doc("okr_key_results", okrObjectives, "key_results", func(o *okr.Objective) *[]okr.KeyResult { return &o.KeyResults }, keyResults),
	doc("okr_closing", okrObjectives, "closing", func(o *okr.Objective) **okr.Closing { return &o.Closing }, &okr.Closing{
		Score: 0.7, Override: ptr(0.8), Reason: "more done than measured", Reflection: "start earlier", ClosedAt: at(30, 17),
	}),
	doc("okr_suggestion_objective", okrSuggestions, "objective", func(s *okr.Suggestion) *okr.ObjectiveProposal { return &s.Objective }, okr.ObjectiveProposal{
		Title: "Facilitate retros", Description: "for two teams", Kind: okr.Aspirational,
		Period: okr.Period{Start: at(1, 0), End: at(31, 0)}, Tags: []string{"agile"},
		KeyResults: []okr.KeyResultProposal{
			{Title: "Retros run", Kind: okr.Increase, Unit: "retros", Start: 2, Target: 8, Weight: 1},
			{Title: "Guide written", Kind: okr.Milestone, Target: 1, Weight: 0.5},
		},
	}),
	doc("backlog_item_supporters", backlogItems, "supporters", func(it *backlog.Item) *[]backlog.Support { return &it.Supporters }, []backlog.Support{
		{Person: "p1", Reason: "we need it", At: at(3, 10)},
		{Person: "p2", At: at(4, 11)},
	}),
	doc("backlog_meeting_policy", backlogMeetings, "policy", func(m *backlog.Meeting) *backlog.PolicySpec { return &m.Policy }, backlog.PolicySpec{
		Name: "wsjf", Params: map[string]float64{"boost": 1.5},
		Base: &backlog.PolicySpec{Name: "impact"},
	}),
	doc("backlog_meeting_submissions", backlogMeetings, "submissions", func(m *backlog.Meeting) *[]backlog.Submission { return &m.Submissions }, []backlog.Submission{
		{
			Participant: "p1",
			Estimates: []backlog.Estimate{
				{ItemID: "i1", Impact: ptr(8.0), TimeCriticality: ptr(3.0), RiskReduction: ptr(2.0), Reach: ptr(40.0), Confidence: ptr(80.0), Effort: ptr(5.0)},
				{ItemID: "i2", Impact: ptr(4.0)},
			},
			Ballot: []string{"i1", "i2"},
			At:     at(5, 12),
		},
		{Participant: "p2", At: at(5, 13)},
	}),
	doc("backlog_meeting_snapshot", backlogMeetings, "snapshot", func(m *backlog.Meeting) **backlog.Snapshot { return &m.Snapshot }, &backlog.Snapshot{
		Quarter:     backlog.Quarter{Year: 2026, Num: 2},
		Policy:      backlog.PolicySpec{Name: "impact"},
		Capacity:    backlog.Capacity{MaxTopics: 3, Budget: ptr(20.0)},
		Aggregation: backlog.Median,
		Candidates: []backlog.Candidate{
			{
				ItemID: "i1", Title: "Kubernetes",
				Estimate:  backlog.Aggregate{Impact: 8, TimeCriticality: ptr(3.0), RiskReduction: ptr(2.0), Reach: ptr(40.0), Confidence: ptr(80.0), Effort: ptr(5.0)},
				Estimates: 2, Support: 3, Age: 1, CarryOvers: 1,
			},
			{ItemID: "i2", Title: "Rust", Estimate: backlog.Aggregate{Impact: 4}},
		},
		Ballots: []backlog.Ballot{{Participant: "p1", Items: []string{"i1", "i2"}}},
	}),
	doc("backlog_meeting_result", backlogMeetings, "result", func(m *backlog.Meeting) **backlog.Result { return &m.Result }, &backlog.Result{
		Entries: []backlog.Entry{
			{
				ItemID: "i1", Rank: 1, Score: 12.5,
				Components:  []backlog.Component{{Name: "impact", Value: 8}, {Name: "urgency", Value: 4.5}},
				Explanation: "high impact", Selected: true, Reason: backlog.ReasonSelected,
			},
			{ItemID: "i2", Rank: 2, Score: 0, Components: []backlog.Component{}, Reason: backlog.ReasonNoScore},
		},
		Selected: []string{"i1"},
		Effort:   5,
	}),
	doc("mentorship_meeting_progress", mentorshipMeetings, "progress", func(m *mentorship.Meeting) *mentorship.Progress { return &m.Progress }, mentorship.Progress{
		Text: "on track", GoalIDs: []string{"g1"}, ObjectiveIDs: []string{"o1", "o2"},
	}),
	doc("mentorship_meeting_next_steps", mentorshipMeetings, "next_steps", func(m *mentorship.Meeting) *[]mentorship.NextStep { return &m.NextSteps }, []mentorship.NextStep{
		{ID: "n1", Text: "read the book", Owner: "p1", Due: ptr(at(20, 0)), Done: true, DoneAt: ptr(at(18, 8))},
		{ID: "n2", Text: "pair on a retro", Owner: "p2"},
	}),
	doc("sprint_topics", sprintSprints, "topics", func(sp *sprint.Sprint) *[]sprint.Topic { return &sp.Topics }, []sprint.Topic{
		{
			ID: "t1", ItemID: "i1", Title: "Kubernetes", Tags: []string{"ops"},
			Goals: []sprint.LearningGoal{
				{
					ID: "lg1", Statement: "ten people deploy alone", Measure: keyResults[0],
					Assessment: &sprint.Assessment{
						Outcome: sprint.Achieved, Suggested: sprint.PartiallyAchieved, Score: 0.9,
						Reason: "all but one", By: "p1", At: at(28, 16),
					},
				},
				{ID: "lg2", Statement: "a runbook", Measure: keyResults[1]},
			},
		},
		{ID: "t2", Title: "Rust", Goals: []sprint.LearningGoal{}},
	}),
	doc("sprint_carried", sprintSprints, "carried", func(sp *sprint.Sprint) *[]sprint.CarriedAction { return &sp.Carried }, []sprint.CarriedAction{
		{
			Action: sprint.Action{
				ID: "a1", Text: "shorter sessions", Owner: "p1", Status: sprint.ActionStatus("done"),
				Origin: "s0", Carries: 2, CreatedAt: at(1, 9),
			},
			Resolution: sprint.Resolution("done"), ResolvedBy: "p2", ResolvedAt: ptr(at(15, 10)),
		},
		{Action: sprint.Action{ID: "a2", Text: "invite speakers", Owner: "p3", Status: sprint.ActionStatus("open"), Origin: "s0", CreatedAt: at(1, 10)}},
	}),
	doc("sprint_retrospective", sprintSprints, "retrospective", func(sp *sprint.Sprint) *sprint.Retrospective { return &sp.Retrospective }, sprint.Retrospective{
		Notes: []sprint.Note{
			{ID: "n1", Kind: sprint.NoteKind("went_well"), Text: "great speakers", Author: "p1", At: at(29, 14), Votes: []string{"p2", "p3"}},
			{ID: "n2", Kind: sprint.NoteKind("improve"), Text: "too long", Author: "p2", At: at(29, 15)},
		},
		Actions: []sprint.Action{
			{ID: "a3", Text: "shorter sessions", Owner: "p1", Status: sprint.ActionStatus("open"), Origin: "s1", Carries: 1, CreatedAt: at(29, 16)},
		},
		Summary: "good sprint", RecordedBy: "p1", RecordedAt: ptr(at(30, 9)),
	}),
	doc("sprint_history", sprintSprints, "history", func(sp *sprint.Sprint) *[]sprint.Transition { return &sp.History }, []sprint.Transition{
		{From: sprint.Planning, To: sprint.Committed, By: "p1", At: at(1, 8)},
		{From: sprint.Committed, To: sprint.Active, By: "p1", At: at(2, 8)},
	}),
	doc("sprint_schedule_quarters", sprintSchedule, "quarters", func(r *scheduleRow) *map[string]string { return &r.Quarters }, map[string]string{"2026-Q2": "s1", "2026-Q3": "s2"}),
	doc("mentorship_relation_planned", mentorshipRelations, "planned", func(r *mentorship.Relation) **mentorship.Session { return &r.Planned }, &mentorship.Session{
		At: at(20, 15), Minutes: 45, PlannedBy: "bob", PlannedAt: at(12, 9),
		Agenda: []mentorship.AgendaItem{{Text: "Review the talk outline", StepID: "st1"}, {Text: "Next conference"}},
	}),
	doc("webhook_subscription_secrets", webhookSubscriptions, "secrets", func(s *webhook.Subscription) *[]webhook.Secret { return &s.Secrets }, []webhook.Secret{
		{ID: "sec1", Key: []byte("0123456789abcdef0123456789abcdef"), CreatedAt: at(1, 9), ExpiresAt: ptr(at(8, 9))},
		{ID: "sec2", Key: []byte("fedcba9876543210fedcba9876543210"), CreatedAt: at(8, 9)},
	}),
}

// TestStoredGolden pins the stored JSON of every column that holds a
// domain value: today's documents decode to the values they were written
// from, and those values encode to exactly the same bytes. Run with
// -update only to add a document, never to accept a change of one that
// databases already hold.
func TestStoredGolden(t *testing.T) {
	for _, d := range storedDocs {
		t.Run(d.name, func(t *testing.T) {
			file := filepath.Join("testdata", "stored", d.name+".json")
			enc, err := d.encode()
			require.NoError(t, err)
			require.IsType(t, "", enc)
			if *updateGolden {
				require.NoError(t, os.WriteFile(file, []byte(enc.(string)+"\n"), 0o644))
			}
			golden, err := os.ReadFile(file)
			require.NoError(t, err)
			text := string(golden[:len(golden)-1]) // without the final newline
			assert.Equal(t, text, enc, "encoding")
			got, err := d.decode(text)
			require.NoError(t, err)
			assert.Equal(t, d.want, got, "decoding")
		})
	}
}
