package sprint_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/sprint"
	"github.com/footprint-hq/footprint/storage"
)

func TestEnrolmentIsLoggedForThePersonOnly(t *testing.T) {
	e := newEnv(t)
	sp := e.plan(2026, 1)
	sp, tp := e.topic(sp, "Kubernetes")
	a := e.activity(sp, tp.ID, 0)
	sp = e.move(e.move(sp, sprint.Committed), sprint.Active)
	before, err := e.store.LastSeq(e.ctx)
	require.NoError(t, err)

	_, err = e.svc.Enrol(e.ctx, "ana", a.ID)
	require.NoError(t, err)
	got, err := e.store.Events(e.ctx, storage.EventFilter{After: before})
	require.NoError(t, err)
	require.Len(t, got, 1)
	entry := got[0]
	assert.Equal(t, "sprint.enrolment.created", entry.Type)
	assert.Equal(t, []string{"ana"}, entry.Subjects)
	assert.False(t, entry.Audience.Everyone)
	assert.Equal(t, []string{"ana"}, entry.Audience.People)
	var ev sprint.Event
	require.NoError(t, entry.Decode(&ev))
	assert.Equal(t, sprint.EventType("sprint.enrolment.created"), ev.Type)
	assert.Equal(t, "ana", ev.Person)
	assert.Equal(t, a.ID, ev.Activity)
	assert.Equal(t, sp.ID, ev.Sprint)

	for _, reader := range []string{"ben", "fay"} {
		others, err := e.store.Events(e.ctx, storage.EventFilter{After: before, Reader: reader})
		require.NoError(t, err)
		assert.Empty(t, others, "%s does not read ana's enrolment", reader)
	}
	mine, err := e.store.Events(e.ctx, storage.EventFilter{After: before, Reader: "ana"})
	require.NoError(t, err)
	assert.Len(t, mine, 1)
}

func TestStateChangeIsLoggedForEveryone(t *testing.T) {
	e := newEnv(t)
	sp, _ := e.topic(e.plan(2026, 1), "Kubernetes")
	before, err := e.store.LastSeq(e.ctx)
	require.NoError(t, err)
	e.move(sp, sprint.Committed)

	got, err := e.store.Events(e.ctx, storage.EventFilter{After: before, Types: []string{"sprint.state.changed"}})
	require.NoError(t, err)
	require.Len(t, got, 1)
	entry := got[0]
	assert.True(t, entry.Audience.Everyone)
	assert.Equal(t, []string{"fay"}, entry.Subjects)
	var ev sprint.Event
	require.NoError(t, entry.Decode(&ev))
	assert.Equal(t, sprint.Committed, ev.To)
	assert.Equal(t, sp.ID, ev.Sprint)
}
