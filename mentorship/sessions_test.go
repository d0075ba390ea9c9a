package mentorship_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/mentorship"
	"github.com/footprint-hq/footprint/storage"
)

func TestPlanSession(t *testing.T) {
	e := newEnv(t)
	r := e.accepted("ana", "mia")
	e.advance(7 * 24 * time.Hour)
	_, err := e.svc.RecordMeeting(e.ctx, "ana", r.ID, meetingInput(e.clock().Add(-time.Hour)))
	require.NoError(t, err)

	// The agenda defaults to the open next steps.
	next := e.clock().Add(14 * 24 * time.Hour)
	e.clearEvents()
	got, err := e.svc.PlanSession(e.ctx, "mia", r.ID, 0, mentorship.SessionInput{At: next})
	require.NoError(t, err)
	require.NotNil(t, got.Planned)
	assert.Equal(t, next.UTC(), got.Planned.At)
	assert.Equal(t, mentorship.DefaultSessionMinutes, got.Planned.Minutes)
	assert.Equal(t, "mia", got.Planned.PlannedBy)
	require.Len(t, got.Planned.Agenda, 2)
	assert.Equal(t, "Book the coaching course", got.Planned.Agenda[0].Text)
	assert.NotEmpty(t, got.Planned.Agenda[0].StepID)
	ev := e.lastEvent()
	assert.Equal(t, mentorship.EventSessionPlanned, ev.Type)
	assert.Equal(t, next.UTC(), ev.Due)
	assert.Equal(t, got.Planned, e.relation(r.ID).Planned, "stored")

	// Moved, with an agenda of its own; a stale version changes nothing.
	_, err = e.svc.PlanSession(e.ctx, "ana", r.ID, got.Version-1, mentorship.SessionInput{At: next.Add(time.Hour)})
	assert.ErrorIs(t, err, storage.ErrConflict)
	moved, err := e.svc.PlanSession(e.ctx, "ana", r.ID, got.Version, mentorship.SessionInput{At: next.Add(time.Hour), Minutes: 30, Agenda: []string{" Talk outline "}})
	require.NoError(t, err)
	assert.Equal(t, []mentorship.AgendaItem{{Text: "Talk outline"}}, moved.Planned.Agenda)
	assert.Equal(t, 30, moved.Planned.Minutes)
	empty, err := e.svc.PlanSession(e.ctx, "ana", r.ID, 0, mentorship.SessionInput{At: next, Agenda: []string{}})
	require.NoError(t, err)
	assert.Empty(t, empty.Planned.Agenda, "an empty agenda stays empty")

	// Bad plans change nothing.
	before := e.relation(r.ID)
	for name, in := range map[string]mentorship.SessionInput{
		"no time":       {},
		"in the past":   {At: e.clock().Add(-time.Minute)},
		"now":           {At: e.clock()},
		"too far ahead": {At: e.clock().Add(400 * 24 * time.Hour)},
		"too long":      {At: next, Minutes: 600},
		"blank point":   {At: next, Agenda: []string{" "}},
	} {
		_, err := e.svc.PlanSession(e.ctx, "ana", r.ID, 0, in)
		assert.ErrorIs(t, err, storage.ErrInvalid, name)
	}
	_, err = e.svc.PlanSession(e.ctx, "ben", r.ID, 0, mentorship.SessionInput{At: next})
	assert.ErrorIs(t, err, storage.ErrNotFound, "nobody else sees the relation")
	assert.Equal(t, before, e.relation(r.ID))

	// Cancelled, then planned again and recorded after it took place.
	e.clearEvents()
	cancelled, err := e.svc.CancelSession(e.ctx, "mia", r.ID, 0)
	require.NoError(t, err)
	assert.Nil(t, cancelled.Planned)
	assert.Equal(t, mentorship.EventSessionCancelled, e.lastEvent().Type)
	_, err = e.svc.CancelSession(e.ctx, "mia", r.ID, 0)
	assert.ErrorIs(t, err, mentorship.ErrNoSessionPlanned)

	_, err = e.svc.PlanSession(e.ctx, "ana", r.ID, 0, mentorship.SessionInput{At: next})
	require.NoError(t, err)
	e.setClock(next.Add(2 * time.Hour))
	_, err = e.svc.RecordMeeting(e.ctx, "ana", r.ID, mentorship.MeetingInput{At: next})
	require.NoError(t, err)
	assert.Nil(t, e.relation(r.ID).Planned, "the record of the session ends the plan")
}

func TestPlanSessionNeedsAnActiveRelation(t *testing.T) {
	e := newEnv(t)
	r := e.accepted("ana", "mia")
	_, err := e.svc.End(e.ctx, "ana", r.ID, 0, mentorship.EndInput{})
	require.NoError(t, err)
	_, err = e.svc.PlanSession(e.ctx, "ana", r.ID, 0, mentorship.SessionInput{At: e.clock().Add(time.Hour)})
	assert.ErrorIs(t, err, mentorship.ErrRelationNotActive)
}
