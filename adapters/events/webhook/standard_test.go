package webhook_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/adapters/events/webhook"
	"github.com/footprint-hq/footprint/adapters/events/webhook/webhooktest"
	"github.com/footprint-hq/footprint/storage"
)

// The reference library accepts what Footprint signs, with the first
// secret and, after a rotation, with either, and refuses a tampered body.
func TestReferenceLibraryVerifiesDeliveries(t *testing.T) {
	verify := webhooktest.ReferenceVerifier(t)
	e := newEnv(t, webhook.WithClock(time.Now)) // the library checks the timestamp against its own clock
	rcv := newReceiver(t, nil)
	sub, first := e.subscribe(rcv.URL, webhook.SubscriptionInput{})

	ev, err := storage.NewEvent("okr.comment.added", time.Now(), "ana", map[string]string{"text": "Schön, ça marche — 👍 \"quoted\" <b>"})
	require.NoError(t, err)
	ev.Audience.Everyone = true
	require.NoError(t, e.store.AppendEvents(e.ctx, ev))
	e.dispatch()
	require.Equal(t, 1, e.work())

	_, second, err := e.hooks.RotateSecret(e.ctx, admin, sub.ID, sub.Version, time.Hour)
	require.NoError(t, err)
	e.publish("okr.objective.closed")
	e.dispatch()
	require.Equal(t, 1, e.work())

	got := rcv.requests()
	require.Len(t, got, 2)
	reqs := []webhooktest.Request{{Header: got[0].header, Body: got[0].body}, {Header: got[1].header, Body: got[1].body}}
	tampered := webhooktest.Request{Header: got[0].header, Body: bytes.Replace(got[0].body, []byte("ana"), []byte("bob"), 1)}
	assert.Equal(t, []string{"ok", "ok", "refused: No matching signature found"}, verify(first, append(reqs, tampered)))
	assert.Equal(t, []string{"refused: No matching signature found", "ok"}, verify(second, reqs))
}
