package sqlstore_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/adapters/events/webhook"
	"github.com/footprint-hq/footprint/adapters/events/webhook/webhooktest"
	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/storage"
	"github.com/footprint-hq/footprint/storage/sqlstore"
	"github.com/footprint-hq/footprint/storage/sqlstore/sqlite"
	"github.com/footprint-hq/footprint/storage/sqlstore/sqltest"
)

// webhookChildEnv, when set to a database path, makes the test binary a
// webhook worker of TestWebhooksSurviveKill instead of running tests.
const webhookChildEnv = "FOOTPRINT_WEBHOOK_CHILD"

// webhookObjectiveEnv names the objective the webhook child checks in on.
const webhookObjectiveEnv = "FOOTPRINT_WEBHOOK_OBJECTIVE"

// hookAdmin administers webhooks in these tests.
const hookAdmin = "hana"

func hookService(store webhook.Store, opts ...webhook.Option) *webhook.Service {
	return webhook.NewService(store, append([]webhook.Option{
		webhook.WithAdmins(webhook.AdminsFunc(func(_ context.Context, p string) (bool, error) { return p == hookAdmin, nil })),
		webhook.WithBackoff(20*time.Millisecond, 100*time.Millisecond),
		webhook.WithLease(500 * time.Millisecond),
		webhook.WithClient(&http.Client{Timeout: time.Second}),
	}, opts...)...)
}

// webhookChild checks in on the objective named by webhookObjectiveEnv
// and delivers the webhooks of the SQLite database named by
// webhookChildEnv at the same time, until it is killed. It prints "ack
// ID" for each check-in once it is committed.
func webhookChild() {
	ctx := context.Background()
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, "webhook child:", err)
		os.Exit(2)
	}
	s, err := sqlite.Open(ctx, os.Getenv(webhookChildEnv))
	if err != nil {
		fail(err)
	}
	go func() { _ = hookService(s).Run(ctx, 8, 5*time.Millisecond) }()
	svc := okr.NewService(s)
	o, err := s.Objective(ctx, os.Getenv(webhookObjectiveEnv))
	if err != nil {
		fail(err)
	}
	for i := 0; ; i++ {
		v, conf := float64(i%100), 5
		c, err := svc.CheckIn(ctx, o.Owner, o.ID, o.KeyResults[i%len(o.KeyResults)].ID, okr.CheckInInput{Value: &v, Confidence: &conf})
		if err != nil {
			fail(err)
		}
		fmt.Fprintf(os.Stdout, "ack %s\n", c.ID)
		time.Sleep(2 * time.Millisecond)
	}
}

// collector is a receiver that verifies each request's signature and
// records, per event ID, the webhook-ids it came with and how often.
type collector struct {
	*httptest.Server
	secret string
	delay  time.Duration
	mu     sync.Mutex
	ids    map[string]map[string]int // event ID → webhook-id → requests
	total  int
	bad    []string
	// kept are the requests received, when keep is set.
	keep bool
	kept []keptRequest
}

// keptRequest is a request a collector received.
type keptRequest struct {
	header http.Header
	body   []byte
}

func newCollector(t *testing.T, delay time.Duration) *collector {
	c := &collector{delay: delay, ids: map[string]map[string]int{}}
	c.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		time.Sleep(c.delay)
		c.mu.Lock()
		defer c.mu.Unlock()
		if err := webhook.Verify(c.secret, r.Header, body, time.Now(), 0); err != nil {
			c.bad = append(c.bad, err.Error())
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		var m struct{ Data struct{ ID string } }
		if err := json.Unmarshal(body, &m); err != nil || m.Data.ID == "" {
			c.bad = append(c.bad, fmt.Sprintf("body %q", body))
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		if c.ids[m.Data.ID] == nil {
			c.ids[m.Data.ID] = map[string]int{}
		}
		c.ids[m.Data.ID][r.Header.Get("webhook-id")]++
		c.total++
		if c.keep {
			c.kept = append(c.kept, keptRequest{header: r.Header.Clone(), body: body})
		}
	}))
	t.Cleanup(c.Close)
	return c
}

// use sets the secret requests are verified with.
func (c *collector) use(secret string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.secret = secret
}

// counts returns the requests received and the events they covered.
func (c *collector) counts() (requests, events int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.total, len(c.ids)
}

// check asserts that every event in want arrived, each always with one
// webhook-id, and returns how many requests were repeats.
func (c *collector) check(t *testing.T, want []string) (repeats int) {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	assert.Empty(t, c.bad, "refused requests")
	missing := 0
	for _, id := range want {
		if len(c.ids[id]) == 0 {
			missing++
		}
	}
	assert.Zero(t, missing, "events never delivered, of %d", len(want))
	for id, hooks := range c.ids {
		assert.Len(t, hooks, 1, "event %s came with several webhook-ids: %v", id, hooks)
		for _, n := range hooks {
			repeats += n - 1
		}
	}
	assert.Equal(t, len(want), len(c.ids), "no event delivered that was not logged")
	return repeats
}

// pendingDeliveries counts the deliveries not yet delivered or dead.
func pendingDeliveries(t *testing.T, s webhook.Store) int {
	p, err := s.Deliveries(context.Background(), webhook.DeliveryFilter{Status: webhook.Pending}, storage.PageRequest{Limit: storage.NoLimit})
	require.NoError(t, err)
	return len(p.Items)
}

// eventIDs returns the IDs of every event in the log.
func eventIDs(t *testing.T, log storage.EventLog) []string {
	var ids []string
	for after := int64(0); ; {
		evs, err := log.Events(context.Background(), storage.EventFilter{After: after, Limit: storage.MaxEventsRead})
		require.NoError(t, err)
		if len(evs) == 0 {
			return ids
		}
		for _, e := range evs {
			ids = append(ids, e.ID)
			after = e.Seq
		}
	}
}

// TestTwoInstancesDeliverEveryEvent runs a webhook worker on each of two
// connection pools to one database while both write check-ins, and checks
// that each of two subscriptions receives every event, each with one
// webhook-id and, with nothing crashing, exactly once.
func TestTwoInstancesDeliverEveryEvent(t *testing.T) {
	const writers, perWriter = 4, 50
	for _, d := range sqlstore.Dialects {
		t.Run(d.String(), func(t *testing.T) {
			ctx, stores := twoPools(t, d)
			first, second := newCollector(t, 0), newCollector(t, time.Millisecond)
			setup := hookService(stores[0])
			_, secret, err := setup.CreateSubscription(ctx, hookAdmin, webhook.SubscriptionInput{URL: first.URL, Private: true})
			require.NoError(t, err)
			first.use(secret)
			_, secret, err = setup.CreateSubscription(ctx, hookAdmin, webhook.SubscriptionInput{URL: second.URL, Private: true,
				Types: []string{"okr.*"}})
			require.NoError(t, err)
			second.use(secret)

			runCtx, stop := context.WithCancel(ctx)
			var workers sync.WaitGroup
			for _, s := range stores {
				// A lease far longer than any attempt: a repeat here would
				// be two instances holding one delivery.
				hooks := hookService(s, webhook.WithLease(time.Minute))
				workers.Go(func() { _ = hooks.Run(runCtx, 4, 5*time.Millisecond) })
			}

			svcs := [2]*okr.Service{okr.NewService(stores[0]), okr.NewService(stores[1])}
			o := newObjective(t, svcs[0], "ana", writers)
			errs := race(writers, func(w int) error {
				for i := range perWriter {
					v, conf := float64(i+1), 5
					if _, err := svcs[w%2].CheckIn(ctx, "ana", o.ID, o.KeyResults[w].ID, okr.CheckInInput{Value: &v, Confidence: &conf}); err != nil {
						return err
					}
				}
				return nil
			})
			require.NoError(t, errors.Join(errs...))

			want := eventIDs(t, stores[1])
			require.GreaterOrEqual(t, len(want), writers*perWriter)
			require.Eventually(t, func() bool {
				_, a := first.counts()
				_, b := second.counts()
				return a == len(want) && b == len(want)
			}, time.Minute, 20*time.Millisecond)
			require.Eventually(t, func() bool { return pendingDeliveries(t, stores[0]) == 0 }, time.Minute, 20*time.Millisecond)
			stop()
			workers.Wait()

			assert.Zero(t, first.check(t, want), "repeats without a crash")
			assert.Zero(t, second.check(t, want), "repeats without a crash")
			ds, err := stores[1].Deliveries(ctx, webhook.DeliveryFilter{Status: webhook.Delivered}, storage.PageRequest{Limit: storage.NoLimit})
			require.NoError(t, err)
			assert.Equal(t, 2*len(want), len(ds.Items), "every delivery recorded as delivered")
		})
	}
}

// TestWebhooksSurviveKill runs a child process that checks in and
// delivers webhooks at once, and kills it with SIGKILL at a random point,
// 20 times; then a last worker delivers the rest. Every check-in the
// child acknowledged is in the log, every event of the log reached the
// receiver (at least once, and always with the same webhook-id), no
// request carried an event the log does not hold, and the Standard
// Webhooks reference library verifies every request's signature.
func TestWebhooksSurviveKill(t *testing.T) {
	const rounds = 20
	path := sqltest.SQLite(t)
	ctx := context.Background()
	s, err := sqlite.Open(ctx, path)
	require.NoError(t, err)
	defer s.Close()
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, seed))

	rcv := newCollector(t, time.Millisecond)
	rcv.mu.Lock()
	rcv.keep = true
	rcv.mu.Unlock()
	_, secret, err := hookService(s).CreateSubscription(ctx, hookAdmin, webhook.SubscriptionInput{URL: rcv.URL, Private: true})
	require.NoError(t, err)
	rcv.use(secret)
	o := newObjective(t, okr.NewService(s), "ana", 3)

	acked := map[string]bool{}
	for round := range rounds {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), webhookChildEnv+"="+path, webhookObjectiveEnv+"="+o.ID)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		stdout, err := cmd.StdoutPipe()
		require.NoError(t, err)
		require.NoError(t, cmd.Start())
		// Kill it a random while after its first acknowledged check-in,
		// as it writes and delivers.
		delay := time.Duration(20+rng.IntN(200)) * time.Millisecond
		lines := bufio.NewScanner(stdout)
		killed := false
		for lines.Scan() {
			id, ok := strings.CutPrefix(lines.Text(), "ack ")
			if !ok {
				continue
			}
			acked[id] = true
			if !killed {
				killed = true
				time.AfterFunc(delay, func() { _ = cmd.Process.Kill() })
			}
		}
		err = cmd.Wait()
		var exit *exec.ExitError
		require.ErrorAs(t, err, &exit, "round %d: %s", round, stderr.String())
		status, ok := exit.Sys().(syscall.WaitStatus)
		require.True(t, ok && status.Signaled() && status.Signal() == syscall.SIGKILL, "round %d: %v: %s", round, err, stderr.String())
	}

	// Every acknowledged check-in committed its event.
	logged := map[string]bool{}
	want := eventIDs(t, s)
	for after := int64(0); ; {
		page, err := s.Events(ctx, storage.EventFilter{After: after, Limit: storage.MaxEventsRead, Types: []string{string(okr.EventCheckIn)}})
		require.NoError(t, err)
		if len(page) == 0 {
			break
		}
		for _, e := range page {
			var c struct{ CheckInID string }
			require.NoError(t, e.Decode(&c))
			logged[c.CheckInID] = true
			after = e.Seq
		}
	}
	lost := 0
	for id := range acked {
		if !logged[id] {
			lost++
		}
	}
	assert.Zero(t, lost, "acknowledged check-ins without an event, of %d", len(acked))

	// A last worker, in this process, takes over what the killed ones held
	// once their leases run out, and delivers the rest.
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); _ = hookService(s).Run(runCtx, 8, 5*time.Millisecond) }()
	require.Eventually(t, func() bool { _, n := rcv.counts(); return n == len(want) }, time.Minute, 20*time.Millisecond)
	require.Eventually(t, func() bool { return pendingDeliveries(t, s) == 0 }, time.Minute, 20*time.Millisecond)
	stop()
	<-done

	repeats := rcv.check(t, want)
	requests, _ := rcv.counts()
	t.Logf("%d kills, %d acknowledged check-ins, %d events, %d requests, %d repeats", rounds, len(acked), len(want), requests, repeats)
	ds, err := s.Deliveries(ctx, webhook.DeliveryFilter{}, storage.PageRequest{Limit: storage.NoLimit})
	require.NoError(t, err)
	assert.Equal(t, len(want), len(ds.Items), "one delivery per event")
	for _, d := range ds.Items {
		assert.Equal(t, webhook.Delivered, d.Status, "delivery %s", d.ID)
	}

	rcv.mu.Lock()
	kept := rcv.kept
	rcv.mu.Unlock()
	if !webhooktest.Available() {
		t.Log("signatures not checked by the Standard Webhooks reference library: no Node.js or package here")
		return
	}
	reqs := make([]webhooktest.Request, len(kept))
	for i, k := range kept {
		reqs[i] = webhooktest.Request{Header: k.header, Body: k.body}
	}
	verdicts := webhooktest.ReferenceVerifier(t)(secret, reqs)
	refused := 0
	for _, v := range verdicts {
		if v != "ok" {
			refused++
		}
	}
	assert.Equal(t, len(kept), len(verdicts))
	assert.Zero(t, refused, "requests the reference library refused, of %d", len(verdicts))
}
