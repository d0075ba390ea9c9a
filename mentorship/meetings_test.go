package mentorship_test

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/mentorship"
	"github.com/footprint-hq/footprint/storage"
)

func meetingInput(at time.Time) mentorship.MeetingInput {
	return mentorship.MeetingInput{
		At: at, DurationMinutes: 45,
		Notes:    " Private: worried about the reorg ",
		Progress: mentorship.ProgressInput{Text: "Two retros facilitated", GoalIDs: []string{"goal-1"}, ObjectiveIDs: []string{"obj-1"}},
		Feedback: "Great energy", Ideas: "Shadow a coach",
		NextSteps: []mentorship.NextStepInput{
			{Text: "Book the coaching course"},
			{Text: "Introduce ana to the coaching guild", Owner: "mia", Due: ptr(at.AddDate(0, 0, 7))},
		},
	}
}

func TestRecordMeeting(t *testing.T) {
	e := newEnv(t)
	r := e.accepted("ana", "mia")
	e.advance(7 * 24 * time.Hour)
	at := e.clock().Add(-time.Hour)
	e.clearEvents()
	m, err := e.svc.RecordMeeting(e.ctx, "ana", r.ID, meetingInput(at))
	require.NoError(t, err)
	assert.Equal(t, "ana", m.Mentee)
	assert.Equal(t, "mia", m.Mentor)
	assert.Equal(t, "ana", m.RecordedBy)
	assert.Equal(t, "Private: worried about the reorg", m.Notes)
	assert.Equal(t, mentorship.Progress{Text: "Two retros facilitated", GoalIDs: []string{"goal-1"}, ObjectiveIDs: []string{"obj-1"}}, m.Progress)
	require.Len(t, m.NextSteps, 2)
	assert.Equal(t, "ana", m.NextSteps[0].Owner, "the mentee owns a step by default")
	assert.Equal(t, "mia", m.NextSteps[1].Owner)
	assert.NotEqual(t, m.NextSteps[0].ID, m.NextSteps[1].ID)
	assert.Equal(t, []mentorship.EventType{mentorship.EventMeetingRecorded}, e.eventTypes())

	stored := e.relation(r.ID)
	assert.Equal(t, 1, stored.Meetings)
	assert.Equal(t, at, *stored.LastMeetingAt)
	assert.Equal(t, at.AddDate(0, 0, mentorship.DefaultCadenceDays), stored.NextMeetingDue())

	// The mentor records an older meeting: the latest date stays.
	_, err = e.svc.RecordMeeting(e.ctx, "mia", r.ID, mentorship.MeetingInput{At: at.Add(-48 * time.Hour)})
	require.NoError(t, err)
	stored = e.relation(r.ID)
	assert.Equal(t, 2, stored.Meetings)
	assert.Equal(t, at, *stored.LastMeetingAt)

	got, err := e.svc.Meeting(e.ctx, "mia", m.ID)
	require.NoError(t, err)
	assert.Equal(t, m, got)
	page, err := e.svc.Meetings(e.ctx, "ana", r.ID, storage.PageRequest{Limit: 1})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.NotEmpty(t, page.Next)
}

func TestRecordMeetingValidates(t *testing.T) {
	e := newEnv(t)
	r := e.accepted("ana", "mia")
	in := meetingInput(e.clock().Add(time.Hour))
	in.DurationMinutes = -5
	in.NextSteps = append(in.NextSteps, mentorship.NextStepInput{Text: "Ask ben", Owner: "ben"}, mentorship.NextStepInput{})
	in.Progress.GoalIDs = []string{""}
	_, err := e.svc.RecordMeeting(e.ctx, "ana", r.ID, in)
	var verr *storage.ValidationError
	require.ErrorAs(t, err, &verr)
	for _, f := range []string{"at", "durationMinutes", "nextSteps[2].owner", "nextSteps[3].text", "progress.goalIds[0]"} {
		assert.True(t, verr.Has(f), "missing %s in %v", f, verr.Fields)
	}
	_, err = e.svc.RecordMeeting(e.ctx, "ana", r.ID, mentorship.MeetingInput{})
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, []storage.FieldError{{Field: "at", Message: "is required"}}, verr.Fields)
	assert.Equal(t, 0, e.relation(r.ID).Meetings, "bad input changes nothing")
}

func TestMeetingDates(t *testing.T) {
	e := newEnv(t)
	r := e.accepted("ana", "mia")
	e.advance(30 * 24 * time.Hour)
	now := e.clock()
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		at    time.Time
		due   *time.Time
		field string // "" when accepted
	}{
		{name: "year one", at: time.Date(1, 3, 2, 9, 0, 0, 0, time.UTC), field: "at"},
		{name: "long before the relation", at: r.RequestedAt.Add(-mentorship.MaxBackdate - time.Second), field: "at"},
		{name: "a year before the relation", at: r.RequestedAt.Add(-mentorship.MaxBackdate)},
		{name: "in the future", at: now.Add(time.Second), field: "at"},
		{name: "a zero due date", at: now, due: &time.Time{}, field: "nextSteps[0].due"},
		{name: "due the day before", at: now, due: ptr(day.Add(-time.Second)), field: "nextSteps[0].due"},
		{name: "due earlier the same day", at: now, due: ptr(day)},
		{name: "due in five years", at: now, due: ptr(now.Add(mentorship.MaxStepHorizon))},
		{name: "due later", at: now, due: ptr(now.Add(mentorship.MaxStepHorizon + time.Second)), field: "nextSteps[0].due"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := mentorship.MeetingInput{At: tt.at, NextSteps: []mentorship.NextStepInput{{Text: "Read the book", Due: tt.due}}}
			m, err := e.svc.RecordMeeting(e.ctx, "ana", r.ID, in)
			if tt.field == "" {
				require.NoError(t, err)
				assert.Equal(t, tt.at, m.At)
				return
			}
			var verr *storage.ValidationError
			require.ErrorAs(t, err, &verr)
			assert.Equal(t, []string{tt.field}, fieldNames(verr))
		})
	}
	m, err := e.svc.RecordMeeting(e.ctx, "ana", r.ID, mentorship.MeetingInput{At: now})
	require.NoError(t, err)
	_, err = e.svc.UpdateMeeting(e.ctx, "mia", m.ID, 0, mentorship.MeetingChanges{AddSteps: []mentorship.NextStepInput{
		{Text: "ok", Due: ptr(now.AddDate(0, 1, 0))}, {Text: "too early", Due: ptr(now.AddDate(0, 0, -2))}}})
	var verr *storage.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, []string{"addSteps[1].due"}, fieldNames(verr))
}

func fieldNames(verr *storage.ValidationError) []string {
	var out []string
	for _, f := range verr.Fields {
		out = append(out, f.Field)
	}
	return out
}

// TestMeetingInputIsLeftAsGiven checks that the Service neither changes
// the caller's slices nor spends IDs on input it refuses.
func TestMeetingInputIsLeftAsGiven(t *testing.T) {
	var mu sync.Mutex
	issued := 0
	ids := storage.NewIDSource()
	e := newEnv(t, mentorship.WithIDs(func() string {
		mu.Lock()
		defer mu.Unlock()
		issued++
		return ids()
	}))
	r := e.accepted("ana", "mia")
	steps := []mentorship.NextStepInput{{Text: "  Book the course  ", Owner: " mia "}, {Text: "Ask ben", Owner: "ben"}}
	spent := issued
	_, err := e.svc.RecordMeeting(e.ctx, "ana", r.ID, mentorship.MeetingInput{At: start, NextSteps: steps})
	assert.ErrorIs(t, err, storage.ErrInvalid)
	assert.Equal(t, spent, issued, "refused input takes no ID")
	assert.Equal(t, "  Book the course  ", steps[0].Text, "the caller's slice is not changed")
	assert.Equal(t, " mia ", steps[0].Owner)

	m, err := e.svc.RecordMeeting(e.ctx, "ana", r.ID, mentorship.MeetingInput{At: start, NextSteps: steps[:1]})
	require.NoError(t, err)
	assert.Equal(t, "Book the course", m.NextSteps[0].Text)
	assert.Equal(t, "mia", m.NextSteps[0].Owner)
	assert.Equal(t, "  Book the course  ", steps[0].Text)
	spent = issued
	_, err = e.svc.UpdateMeeting(e.ctx, "ana", m.ID, 0, mentorship.MeetingChanges{AddSteps: steps})
	assert.ErrorIs(t, err, storage.ErrInvalid)
	assert.Equal(t, spent, issued)
	assert.Equal(t, "  Book the course  ", steps[0].Text)

	// Opening an existing default relation's log again takes no ID.
	def, err := e.svc.DefaultRelation(e.ctx, "lee", "cid")
	require.NoError(t, err)
	spent = issued
	again, err := e.svc.DefaultRelation(e.ctx, "cid", "cid")
	require.NoError(t, err)
	assert.Equal(t, def, again)
	assert.Equal(t, spent, issued)
}

func TestRecordMeetingNeedsAnActiveRelation(t *testing.T) {
	e := newEnv(t)
	open := e.request("ana", "mia")
	_, err := e.svc.RecordMeeting(e.ctx, "ana", open.ID, mentorship.MeetingInput{At: start})
	assert.ErrorIs(t, err, mentorship.ErrRelationNotActive)
	r := e.accepted("ben", "mia")
	_, err = e.svc.End(e.ctx, "ben", r.ID, 0, mentorship.EndInput{})
	require.NoError(t, err)
	_, err = e.svc.RecordMeeting(e.ctx, "mia", r.ID, mentorship.MeetingInput{At: start})
	assert.ErrorIs(t, err, mentorship.ErrRelationNotActive)

	// The default relation keeps a log like any other.
	def, err := e.svc.DefaultRelation(e.ctx, "lee", "cid")
	require.NoError(t, err)
	m, err := e.svc.RecordMeeting(e.ctx, "lee", def.ID, mentorship.MeetingInput{At: start, Notes: "First one-on-one"})
	require.NoError(t, err)
	assert.Equal(t, "cid", m.Mentee)
	assert.Equal(t, "lee", m.Mentor)
}

// TestMeetingsAreForParticipantsOnly checks that meeting logs, private
// notes included, never reach anyone but the two participants, also after
// the mentee switched to another mentor.
func TestMeetingsAreForParticipantsOnly(t *testing.T) {
	e := newEnv(t)
	r := e.accepted("ana", "mia")
	m, err := e.svc.RecordMeeting(e.ctx, "mia", r.ID, meetingInput(start))
	require.NoError(t, err)
	e.accepted("ana", "bob") // ana switches; the log with mia stays theirs

	for _, stranger := range []string{"bob", "lee", "zoe"} {
		_, err := e.svc.Meeting(e.ctx, stranger, m.ID)
		assert.ErrorIs(t, err, storage.ErrNotFound, stranger)
		_, err = e.svc.Meetings(e.ctx, stranger, r.ID, storage.PageRequest{})
		assert.ErrorIs(t, err, storage.ErrNotFound, stranger)
		_, err = e.svc.OpenSteps(e.ctx, stranger, r.ID)
		assert.ErrorIs(t, err, storage.ErrNotFound, stranger)
		_, err = e.svc.UpdateMeeting(e.ctx, stranger, m.ID, 0, mentorship.MeetingChanges{Notes: ptr("hijacked")})
		assert.ErrorIs(t, err, storage.ErrNotFound, stranger)
		_, err = e.svc.SetStepDone(e.ctx, stranger, m.ID, m.NextSteps[0].ID, 0, true)
		assert.ErrorIs(t, err, storage.ErrNotFound, stranger)
		_, err = e.svc.RecordMeeting(e.ctx, stranger, r.ID, mentorship.MeetingInput{At: start})
		assert.ErrorIs(t, err, storage.ErrNotFound, stranger)
	}
	_, err = e.svc.Meeting(e.ctx, "", m.ID)
	assert.ErrorIs(t, err, storage.ErrNoActor)
	for _, participant := range []string{"ana", "mia"} {
		got, err := e.svc.Meeting(e.ctx, participant, m.ID)
		require.NoError(t, err, participant)
		assert.Equal(t, "Private: worried about the reorg", got.Notes)
	}
	stored, err := e.store.Meeting(e.ctx, m.ID)
	require.NoError(t, err)
	assert.Equal(t, m, stored, "nobody changed it")
}

func TestNextSteps(t *testing.T) {
	e := newEnv(t)
	r := e.accepted("ana", "mia")
	m1, err := e.svc.RecordMeeting(e.ctx, "ana", r.ID, meetingInput(start))
	require.NoError(t, err)
	e.advance(24 * time.Hour)
	m2, err := e.svc.RecordMeeting(e.ctx, "ana", r.ID, mentorship.MeetingInput{At: start.Add(-time.Hour),
		NextSteps: []mentorship.NextStepInput{{Text: "Read the coaching book"}}})
	require.NoError(t, err)

	open, err := e.svc.OpenSteps(e.ctx, "mia", r.ID)
	require.NoError(t, err)
	var texts []string
	for _, st := range open {
		texts = append(texts, st.Text)
	}
	assert.Equal(t, []string{"Read the coaching book", "Book the coaching course", "Introduce ana to the coaching guild"}, texts,
		"ordered by meeting date, then as agreed")
	assert.Equal(t, m2.ID, open[0].MeetingID)

	done, err := e.svc.SetStepDone(e.ctx, "mia", m1.ID, m1.NextSteps[1].ID, m1.Version, true)
	require.NoError(t, err)
	assert.True(t, done.NextSteps[1].Done)
	assert.Equal(t, e.clock(), *done.NextSteps[1].DoneAt)
	assert.False(t, done.NextSteps[0].Done)
	_, err = e.svc.SetStepDone(e.ctx, "ana", m1.ID, m1.NextSteps[0].ID, m1.Version, true)
	assert.ErrorIs(t, err, storage.ErrConflict)
	_, err = e.svc.SetStepDone(e.ctx, "ana", m1.ID, "no-such-step", 0, true)
	assert.ErrorIs(t, err, mentorship.ErrStepNotFound)

	open, err = e.svc.OpenSteps(e.ctx, "ana", r.ID)
	require.NoError(t, err)
	assert.Len(t, open, 2)

	// Marking it done again keeps when it was done, and writes nothing.
	e.advance(time.Hour)
	again, err := e.svc.SetStepDone(e.ctx, "ana", m1.ID, m1.NextSteps[1].ID, done.Version, true)
	require.NoError(t, err)
	assert.Equal(t, done, again)
	stored, err := e.store.Meeting(e.ctx, m1.ID)
	require.NoError(t, err)
	assert.Equal(t, done, stored)

	undone, err := e.svc.SetStepDone(e.ctx, "ana", m1.ID, m1.NextSteps[1].ID, 0, false)
	require.NoError(t, err)
	assert.False(t, undone.NextSteps[1].Done)
	assert.Nil(t, undone.NextSteps[1].DoneAt)
	assert.Equal(t, done.Version+1, undone.Version)
	_, err = e.svc.SetStepDone(e.ctx, "ana", m1.ID, m1.NextSteps[1].ID, done.Version, false)
	assert.ErrorIs(t, err, storage.ErrConflict, "the version is checked also when nothing would change")
}

func TestUpdateMeeting(t *testing.T) {
	e := newEnv(t)
	r := e.accepted("ana", "mia")
	m, err := e.svc.RecordMeeting(e.ctx, "ana", r.ID, meetingInput(start))
	require.NoError(t, err)
	e.advance(time.Hour)
	got, err := e.svc.UpdateMeeting(e.ctx, "mia", m.ID, m.Version, mentorship.MeetingChanges{
		Feedback: ptr(" Clearer goals now "),
		Progress: &mentorship.ProgressInput{Text: "On track", ObjectiveIDs: []string{"obj-2"}},
		AddSteps: []mentorship.NextStepInput{{Text: "Send the article", Owner: "mia"}},
	})
	require.NoError(t, err)
	assert.Equal(t, "Clearer goals now", got.Feedback)
	assert.Equal(t, m.Notes, got.Notes, "nil fields stay")
	assert.Equal(t, mentorship.Progress{Text: "On track", ObjectiveIDs: []string{"obj-2"}}, got.Progress)
	require.Len(t, got.NextSteps, 3)
	assert.Equal(t, m.NextSteps, got.NextSteps[:2], "existing steps keep their IDs and flags")
	assert.Equal(t, start.Add(time.Hour), got.UpdatedAt)

	_, err = e.svc.UpdateMeeting(e.ctx, "mia", m.ID, m.Version, mentorship.MeetingChanges{Ideas: ptr("x")})
	assert.ErrorIs(t, err, storage.ErrConflict)
	_, err = e.svc.UpdateMeeting(e.ctx, "mia", m.ID, 0, mentorship.MeetingChanges{
		DurationMinutes: ptr(2000), AddSteps: []mentorship.NextStepInput{{Text: "x", Owner: "zoe"}}})
	var verr *storage.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.True(t, verr.Has("durationMinutes"))
	assert.True(t, verr.Has("addSteps[0].owner"))
}
