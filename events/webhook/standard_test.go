package webhook_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/events/webhook"
	"github.com/footprint-hq/footprint/storage"
)

// standardVerifier runs the Standard Webhooks reference library (npm
// package standardwebhooks, pinned in testdata/standardwebhooks) over
// requests and returns its verdict on each: "ok" or why it refused. The
// test skips when Node.js or the package is missing, unless
// FOOTPRINT_TEST_REQUIRE_NODE is set, as CI sets it.
func standardVerifier(t *testing.T) func(secret string, reqs []request) []string {
	dir := filepath.Join("testdata", "standardwebhooks")
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(filepath.Join(dir, "node_modules", "standardwebhooks"))
	}
	if err != nil {
		msg := "the Standard Webhooks reference check needs Node.js and `npm ci --prefix events/webhook/testdata/standardwebhooks`: " + err.Error()
		if os.Getenv("FOOTPRINT_TEST_REQUIRE_NODE") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return func(secret string, reqs []request) []string {
		type wire struct {
			Headers map[string]string `json:"headers"`
			Body    string            `json:"body"`
		}
		in := struct {
			Secret   string `json:"secret"`
			Requests []wire `json:"requests"`
		}{Secret: secret}
		for _, r := range reqs {
			h := map[string]string{}
			for k := range r.header {
				h[strings.ToLower(k)] = r.header.Get(k)
			}
			in.Requests = append(in.Requests, wire{Headers: h, Body: string(r.body)})
		}
		data, err := json.Marshal(in)
		require.NoError(t, err)
		cmd := exec.Command(node, "verify.js")
		cmd.Dir = dir
		cmd.Stdin = bytes.NewReader(data)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		require.NoError(t, err, stderr.String())
		return strings.Split(strings.TrimSpace(string(out)), "\n")
	}
}

// The reference library accepts what Footprint signs, with the first
// secret and, after a rotation, with either, and refuses a tampered body.
func TestReferenceLibraryVerifiesDeliveries(t *testing.T) {
	verify := standardVerifier(t)
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
	tampered := request{header: got[0].header, body: bytes.Replace(got[0].body, []byte("ana"), []byte("bob"), 1)}
	assert.Equal(t, []string{"ok", "ok", "refused: No matching signature found"}, verify(first, []request{got[0], got[1], tampered}))
	assert.Equal(t, []string{"refused: No matching signature found", "ok"}, verify(second, got))
}
