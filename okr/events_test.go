package okr_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/storage"
)

// logged returns every entry of the store's event log after seq.
func (e *env) logged(after int64) []storage.Event {
	e.t.Helper()
	got, err := e.store.Events(e.ctx, storage.EventFilter{After: after, Limit: 1000})
	require.NoError(e.t, err)
	return got
}

func (e *env) lastSeq() int64 {
	e.t.Helper()
	seq, err := e.store.LastSeq(e.ctx)
	require.NoError(e.t, err)
	return seq
}

func TestCheckInOnPrivateGoalIsLoggedForOwnerOnly(t *testing.T) {
	e := newEnv(t)
	g := e.goal("ana", okr.VisibilityPrivate)
	o := e.objective("ana", g.ID)
	before := e.lastSeq()
	c := e.checkIn("ana", o, 0, 3, 7)

	got := e.logged(before)
	require.Len(t, got, 1)
	entry := got[0]
	assert.Equal(t, string(okr.EventCheckIn), entry.Type)
	assert.Equal(t, "okr.checkin.recorded", entry.Type)
	assert.Equal(t, []string{"ana"}, entry.Subjects)
	assert.Equal(t, []string{"ana"}, entry.Audience.People)
	assert.Equal(t, "okr.goal:"+g.ID, entry.Audience.Scope)
	assert.Equal(t, "ana", entry.Actor)

	var ev okr.Event
	require.NoError(t, entry.Decode(&ev))
	assert.Equal(t, okr.EventCheckIn, ev.Type)
	assert.Equal(t, "ana", ev.Owner)
	assert.Equal(t, g.ID, ev.GoalID)
	assert.Equal(t, o.ID, ev.ObjectiveID)
	assert.Equal(t, o.KeyResults[0].ID, ev.KeyResultID)
	assert.True(t, ev.At.Equal(c.At), "event time %v, check-in time %v", ev.At, c.At)

	for _, p := range []struct {
		person string
		sees   bool
	}{{"ana", true}, {"mia", false}, {"raj", false}, {"", false}} {
		ok, err := entry.Visible(e.ctx, p.person, e.svc.SeesScope)
		require.NoError(t, err)
		assert.Equal(t, p.sees, ok, "%q sees a private goal's check-in", p.person)
	}
}

func TestCheckInOnCompanyGoalIsLoggedForEveryone(t *testing.T) {
	e := newEnv(t)
	g := e.goal("ana", okr.VisibilityCompany)
	o := e.objective("ana", g.ID)
	before := e.lastSeq()
	e.checkIn("ana", o, 0, 3, 7)

	got := e.logged(before)
	require.Len(t, got, 1)
	entry := got[0]
	assert.Equal(t, "okr.checkin.recorded", entry.Type)
	assert.True(t, entry.Audience.Everyone)
	assert.Equal(t, "okr.goal:"+g.ID, entry.Audience.Scope)
	for _, p := range []string{"ana", "mia", "raj", ""} {
		ok, err := entry.Visible(e.ctx, p, e.svc.SeesScope)
		require.NoError(t, err)
		assert.True(t, ok, "%q sees a company goal's check-in", p)
	}

	only, err := e.store.Events(e.ctx, storage.EventFilter{After: before, EveryoneOnly: true})
	require.NoError(t, err)
	assert.Len(t, only, 1, "a company goal's event is open to everyone")
}

func TestMentorCommentNamesOwnerAndMentor(t *testing.T) {
	e := newEnv(t)
	g := e.goal("ana", okr.VisibilityMentor)
	o := e.objective("ana", g.ID)
	before := e.lastSeq()
	_, err := e.svc.AddComment(e.ctx, "mia", o.ID, okr.CommentInput{Body: "Nice"})
	require.NoError(t, err)

	got := e.logged(before)
	require.Len(t, got, 1)
	entry := got[0]
	assert.Equal(t, "okr.comment.added", entry.Type)
	assert.Equal(t, []string{"ana", "mia"}, entry.Subjects)
	assert.Equal(t, []string{"ana", "mia"}, entry.Audience.People)
	assert.Equal(t, "mia", entry.Actor)
	var ev okr.Event
	require.NoError(t, entry.Decode(&ev))
	assert.Equal(t, okr.EventType("okr.comment.added"), ev.Type)
	assert.Equal(t, "ana", ev.Owner)
	assert.Equal(t, "mia", ev.Actor)
	assert.NotEmpty(t, ev.CommentID)

	e.mentors.set("ana", "raj")
	ok, err := entry.Visible(e.ctx, "raj", e.svc.SeesScope)
	require.NoError(t, err)
	assert.True(t, ok, "the new mentor sees the goal's events")
	ok, err = entry.Visible(e.ctx, "mia", e.svc.SeesScope)
	require.NoError(t, err)
	assert.True(t, ok, "the commenter is named, so she still sees her own comment")
}

func TestSeesScope(t *testing.T) {
	e := newEnv(t)
	private := e.goal("ana", okr.VisibilityPrivate)
	mentor := e.goal("ana", okr.VisibilityMentor)
	company := e.goal("ana", okr.VisibilityCompany)
	scope := func(g *okr.Goal) string { return "okr.goal:" + g.ID }

	sees := func(person, s string) bool {
		t.Helper()
		ok, err := e.svc.SeesScope(e.ctx, person, s)
		require.NoError(t, err)
		return ok
	}
	for _, g := range []*okr.Goal{private, mentor, company} {
		assert.True(t, sees("ana", scope(g)), "the owner sees her %s goal", g.Visibility)
	}
	for _, p := range []string{"mia", "raj", "cal", ""} {
		assert.True(t, sees(p, scope(company)), "%q sees a company goal", p)
		assert.False(t, sees(p, scope(private)), "%q does not see a private goal", p)
	}
	assert.True(t, sees("mia", scope(mentor)), "the current mentor sees a mentor goal")
	assert.False(t, sees("raj", scope(mentor)), "another person does not")
	assert.False(t, sees("", scope(mentor)), "anyone signed in does not")

	e.mentors.set("ana", "raj")
	assert.False(t, sees("mia", scope(mentor)), "the former mentor no longer sees it")
	assert.True(t, sees("raj", scope(mentor)), "the new mentor does")

	assert.False(t, sees("ana", "okr.goal:no-such-goal"), "a goal that does not exist")
	assert.False(t, sees("ana", "mentorship.relation:x"), "a scope of another package")
	assert.False(t, sees("ana", company.ID), "a bare ID is no scope")
}
