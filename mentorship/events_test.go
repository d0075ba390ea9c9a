package mentorship_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/mentorship"
	"github.com/footprint-hq/footprint/storage"
)

func TestRequestIsLoggedForMenteeAndMentorOnly(t *testing.T) {
	e := newEnv(t)
	before, err := e.store.LastSeq(e.ctx)
	require.NoError(t, err)
	r := e.request("ana", "mia")

	got, err := e.store.Events(e.ctx, storage.EventFilter{After: before})
	require.NoError(t, err)
	require.Len(t, got, 1)
	entry := got[0]
	assert.Equal(t, "mentorship.request.received", entry.Type)
	assert.Equal(t, []string{"ana", "mia"}, entry.Subjects)
	assert.False(t, entry.Audience.Everyone)
	assert.Empty(t, entry.Audience.Scope)
	assert.Equal(t, []string{"ana", "mia"}, entry.Audience.People)
	var ev mentorship.Event
	require.NoError(t, entry.Decode(&ev))
	assert.Equal(t, mentorship.EventType("mentorship.request.received"), ev.Type)
	assert.Equal(t, "ana", ev.Mentee)
	assert.Equal(t, "mia", ev.Mentor)
	assert.Equal(t, r.ID, ev.RelationID)

	for _, p := range []struct {
		person string
		sees   bool
	}{{"ana", true}, {"mia", true}, {"lee", false}, {"bob", false}, {"", false}} {
		ok, err := entry.Visible(e.ctx, p.person, nil)
		require.NoError(t, err)
		assert.Equal(t, p.sees, ok, "%q sees the request", p.person)
		read, err := e.store.Events(e.ctx, storage.EventFilter{After: before, Reader: p.person})
		require.NoError(t, err)
		if p.person != "" {
			assert.Equal(t, p.sees, len(read) == 1, "%q reads the request", p.person)
		}
	}
	open, err := e.store.Events(e.ctx, storage.EventFilter{After: before, EveryoneOnly: true})
	require.NoError(t, err)
	assert.Empty(t, open)
}

func TestAcceptIsLoggedForMenteeAndMentorOnly(t *testing.T) {
	e := newEnv(t)
	r := e.request("ana", "mia")
	before, err := e.store.LastSeq(e.ctx)
	require.NoError(t, err)
	_, err = e.svc.Accept(e.ctx, "mia", r.ID, r.Version, mentorship.AnswerInput{Message: "Gladly"})
	require.NoError(t, err)

	got, err := e.store.Events(e.ctx, storage.EventFilter{After: before, Types: []string{"mentorship.request.accepted"}})
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, []string{"ana", "mia"}, got[0].Audience.People)
	assert.False(t, got[0].Audience.Everyone)
	assert.Equal(t, "mia", got[0].Actor)
}
