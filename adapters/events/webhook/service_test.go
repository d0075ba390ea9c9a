package webhook_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/adapters/events/webhook"
	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/storage"
	"github.com/footprint-hq/footprint/storage/memory"
)

// clock is a service clock the test moves by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// request is one request a receiver got.
type request struct {
	header http.Header
	body   []byte
}

// receiver is a webhook endpoint that records what it gets and answers
// with the status answer gives for its nth request (from 1); 200 when
// answer is nil.
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	got    []request
	answer func(n int) int
}

func newReceiver(t *testing.T, answer func(n int) int) *receiver {
	r := &receiver{answer: answer}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.got = append(r.got, request{header: req.Header.Clone(), body: body})
		n := len(r.got)
		r.mu.Unlock()
		status := http.StatusOK
		if r.answer != nil {
			status = r.answer(n)
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) requests() []request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]request(nil), r.got...)
}

// types returns the event type of each request, in order.
func (r *receiver) types(t *testing.T) []string {
	var out []string
	for _, q := range r.requests() {
		var m struct{ Type string }
		require.NoError(t, json.Unmarshal(q.body, &m))
		out = append(out, m.Type)
	}
	return out
}

type env struct {
	t     *testing.T
	ctx   context.Context
	store *memory.Store
	clock *clock
	hooks *webhook.Service
}

const admin = "hana" // the administrator in these tests

func newEnv(t *testing.T, opts ...webhook.Option) *env { return newEnvOn(t, memory.New(), opts...) }

func newEnvOn(t *testing.T, store *memory.Store, opts ...webhook.Option) *env {
	e := &env{t: t, ctx: context.Background(), store: store,
		clock: &clock{t: time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)}}
	opts = append([]webhook.Option{
		webhook.WithClock(e.clock.Now),
		webhook.WithAdmins(webhook.AdminsFunc(func(_ context.Context, p string) (bool, error) { return p == admin, nil })),
		webhook.WithBackoff(time.Minute, 10*time.Minute),
	}, opts...)
	e.hooks = webhook.NewService(e.store, opts...)
	return e
}

// subscribe subscribes url as the administrator and returns the
// subscription and its secret.
func (e *env) subscribe(url string, in webhook.SubscriptionInput) (*webhook.Subscription, string) {
	in.URL = url
	sub, secret, err := e.hooks.CreateSubscription(e.ctx, admin, in)
	require.NoError(e.t, err)
	return sub, secret
}

// publish appends an event anyone may see to the log.
func (e *env) publish(typ string) *storage.Event {
	ev, err := storage.NewEvent(typ, e.clock.Now(), "ana", map[string]string{"note": typ})
	require.NoError(e.t, err)
	ev.Subjects = []string{"ana"}
	ev.Audience = storage.Audience{Everyone: true}
	require.NoError(e.t, e.store.AppendEvents(e.ctx, ev))
	return ev
}

// dispatch turns the log's new events into deliveries.
func (e *env) dispatch() {
	_, err := e.hooks.Dispatcher().Drain(e.ctx)
	require.NoError(e.t, err)
}

// work runs one round of deliveries and returns how many it attempted.
func (e *env) work() int {
	n, err := e.hooks.Work(e.ctx, 0)
	require.NoError(e.t, err)
	return n
}

func (e *env) deliveries(f webhook.DeliveryFilter) []webhook.Delivery {
	p, err := e.hooks.Deliveries(e.ctx, admin, f, storage.PageRequest{})
	require.NoError(e.t, err)
	return p.Items
}

// checkedIn creates a goal of ana's with one objective and records a
// check-in, whose event is the goal's one entry in the log.
func checkedIn(t *testing.T, goals *okr.Service, title string, vis okr.Visibility) *okr.Goal {
	ctx := context.Background()
	g, err := goals.CreateGoal(ctx, "ana", okr.GoalInput{Title: title, Visibility: vis})
	require.NoError(t, err)
	start, target := 0.0, 100.0
	o, err := goals.CreateObjective(ctx, "ana", okr.ObjectiveInput{GoalID: g.ID, ObjectiveSpec: okr.ObjectiveSpec{
		Title:      "Steps of " + title,
		KeyResults: []okr.KeyResultInput{{Title: "Sessions", Kind: okr.Increase, Start: &start, Target: &target}},
	}})
	require.NoError(t, err)
	value, confidence := 10.0, 6
	_, err = goals.CheckIn(ctx, "ana", o.ID, o.KeyResults[0].ID, okr.CheckInInput{Value: &value, Confidence: &confidence})
	require.NoError(t, err)
	return g
}

func TestDeliveryIsSignedAsStandardWebhooks(t *testing.T) {
	e := newEnv(t)
	rcv := newReceiver(t, nil)
	sub, secret := e.subscribe(rcv.URL, webhook.SubscriptionInput{})
	assert.True(t, strings.HasPrefix(secret, "whsec_"), secret)
	ev := e.publish("backlog.item.added")

	e.dispatch()
	assert.Equal(t, 1, e.work())

	got := rcv.requests()
	require.Len(t, got, 1)
	q := got[0]
	assert.Equal(t, "application/json", q.header.Get("Content-Type"))
	require.NoError(t, webhook.Verify(secret, q.header, q.body, e.clock.Now(), 0))
	assert.Equal(t, "1777885200", q.header.Get("webhook-timestamp"), "the attempt's time in Unix seconds")

	var msg struct {
		Type string
		Data struct {
			Seq      int64
			ID       string
			Actor    string
			Subjects []string
			Audience *storage.Audience
			Payload  map[string]string
		}
	}
	require.NoError(t, json.Unmarshal(q.body, &msg))
	assert.Equal(t, "backlog.item.added", msg.Type)
	assert.Equal(t, ev.ID, msg.Data.ID)
	assert.Equal(t, ev.Seq, msg.Data.Seq)
	assert.Equal(t, "ana", msg.Data.Actor)
	assert.Equal(t, []string{"ana"}, msg.Data.Subjects)
	assert.Nil(t, msg.Data.Audience, "only a private subscription learns the audience")
	assert.Equal(t, map[string]string{"note": "backlog.item.added"}, msg.Data.Payload)

	ds := e.deliveries(webhook.DeliveryFilter{SubscriptionID: sub.ID})
	require.Len(t, ds, 1)
	assert.Equal(t, webhook.Delivered, ds[0].Status)
	assert.Equal(t, 200, ds[0].LastStatus)
	assert.Equal(t, 1, ds[0].Attempts)
	assert.Equal(t, ds[0].ID, q.header.Get("webhook-id"))

	// A tampered body, another secret, or a stale timestamp fail.
	assert.ErrorIs(t, webhook.Verify(secret, q.header, append(q.body, ' '), e.clock.Now(), 0), webhook.ErrBadSignature)
	assert.ErrorIs(t, webhook.Verify(webhook.SecretText([]byte("another key")), q.header, q.body, e.clock.Now(), 0), webhook.ErrBadSignature)
	assert.ErrorIs(t, webhook.Verify(secret, q.header, q.body, e.clock.Now().Add(10*time.Minute), 0), webhook.ErrBadTimestamp)
	assert.ErrorIs(t, webhook.Verify(secret, http.Header{}, q.body, e.clock.Now(), 0), webhook.ErrNoSignature)

	// Nothing is sent twice: the dispatcher replaying the log and another
	// round of work find nothing new.
	_, err := e.hooks.Dispatcher().Drain(e.ctx)
	require.NoError(t, err)
	assert.Equal(t, 0, e.work())
	assert.Len(t, rcv.requests(), 1)
}

func TestFailedDeliveryRetriesWithBackoffThenDiesAndIsRedelivered(t *testing.T) {
	e := newEnv(t, webhook.WithMaxAttempts(3))
	var healthy atomic.Bool
	rcv := newReceiver(t, func(int) int {
		if healthy.Load() {
			return http.StatusNoContent
		}
		return http.StatusServiceUnavailable
	})
	e.subscribe(rcv.URL, webhook.SubscriptionInput{})
	e.publish("sprint.state.changed")
	e.dispatch()

	start := e.clock.Now()
	require.Equal(t, 1, e.work())
	d := e.deliveries(webhook.DeliveryFilter{})[0]
	assert.Equal(t, webhook.Pending, d.Status)
	assert.Equal(t, 1, d.Attempts)
	assert.Equal(t, 503, d.LastStatus)
	assert.Contains(t, d.LastError, "503")
	// First pause: the base (1 min) with jitter over its upper half.
	assert.False(t, d.NextAt.Before(start.Add(30*time.Second)), d.NextAt)
	assert.False(t, d.NextAt.After(start.Add(time.Minute)), d.NextAt)
	assert.Equal(t, 0, e.work(), "not due before its next attempt")

	e.clock.Add(time.Minute)
	require.Equal(t, 1, e.work())
	d = e.deliveries(webhook.DeliveryFilter{})[0]
	assert.Equal(t, 2, d.Attempts)
	// Second pause: doubled, 1 to 2 minutes.
	assert.False(t, d.NextAt.Before(e.clock.Now().Add(time.Minute)), d.NextAt)
	assert.False(t, d.NextAt.After(e.clock.Now().Add(2*time.Minute)), d.NextAt)

	e.clock.Add(2 * time.Minute)
	require.Equal(t, 1, e.work())
	d = e.deliveries(webhook.DeliveryFilter{})[0]
	assert.Equal(t, webhook.Dead, d.Status, "dead after the third attempt")
	assert.Equal(t, 3, d.Attempts)
	e.clock.Add(time.Hour)
	assert.Equal(t, 0, e.work(), "a dead delivery is not tried again by itself")
	assert.Len(t, e.deliveries(webhook.DeliveryFilter{Status: webhook.Dead}), 1)

	// Only an administrator redelivers; a pending delivery cannot be.
	_, err := e.hooks.Redeliver(e.ctx, "ana", d.ID)
	assert.ErrorIs(t, err, webhook.ErrNotAdmin)
	assert.ErrorIs(t, err, storage.ErrForbidden)
	again, err := e.hooks.Redeliver(e.ctx, admin, d.ID)
	require.NoError(t, err)
	assert.Equal(t, webhook.Pending, again.Status)
	assert.Equal(t, 0, again.Attempts)
	_, err = e.hooks.Redeliver(e.ctx, admin, d.ID)
	assert.ErrorIs(t, err, webhook.ErrNotDeliverable)
	assert.ErrorIs(t, err, storage.ErrInvalidState)

	healthy.Store(true)
	require.Equal(t, 1, e.work())
	d = e.deliveries(webhook.DeliveryFilter{})[0]
	assert.Equal(t, webhook.Delivered, d.Status)
	assert.Equal(t, 204, d.LastStatus)

	got := rcv.requests()
	require.Len(t, got, 4)
	for _, q := range got {
		assert.Equal(t, d.ID, q.header.Get("webhook-id"), "every attempt carries the same webhook-id")
	}
}

func TestBackoffIsCapped(t *testing.T) {
	e := newEnv(t, webhook.WithMaxAttempts(20))
	rcv := newReceiver(t, func(int) int { return http.StatusInternalServerError })
	e.subscribe(rcv.URL, webhook.SubscriptionInput{})
	e.publish("okr.comment.added")
	e.dispatch()
	for range 10 {
		require.Equal(t, 1, e.work())
		d := e.deliveries(webhook.DeliveryFilter{})[0]
		assert.False(t, d.NextAt.After(e.clock.Now().Add(10*time.Minute)), "attempt %d: %v", d.Attempts, d.NextAt)
		e.clock.Add(10 * time.Minute)
	}
}

func TestRotationSignsWithBothSecretsDuringTheGrace(t *testing.T) {
	e := newEnv(t)
	rcv := newReceiver(t, nil)
	sub, old := e.subscribe(rcv.URL, webhook.SubscriptionInput{})

	_, _, err := e.hooks.RotateSecret(e.ctx, admin, sub.ID, sub.Version+1, time.Hour)
	assert.ErrorIs(t, err, storage.ErrConflict, "a stale version changes nothing")
	rotated, fresh, err := e.hooks.RotateSecret(e.ctx, admin, sub.ID, sub.Version, time.Hour)
	require.NoError(t, err)
	assert.NotEqual(t, old, fresh)
	require.Len(t, rotated.Secrets, 2)

	e.publish("okr.comment.added")
	e.dispatch()
	require.Equal(t, 1, e.work())
	q := rcv.requests()[0]
	assert.Len(t, strings.Fields(q.header.Get("webhook-signature")), 2)
	assert.NoError(t, webhook.Verify(old, q.header, q.body, e.clock.Now(), 0))
	assert.NoError(t, webhook.Verify(fresh, q.header, q.body, e.clock.Now(), 0))

	e.clock.Add(time.Hour)
	e.publish("okr.objective.closed")
	e.dispatch()
	require.Equal(t, 1, e.work())
	q = rcv.requests()[1]
	assert.Len(t, strings.Fields(q.header.Get("webhook-signature")), 1)
	assert.ErrorIs(t, webhook.Verify(old, q.header, q.body, e.clock.Now(), 0), webhook.ErrBadSignature, "the old secret expired")
	assert.NoError(t, webhook.Verify(fresh, q.header, q.body, e.clock.Now(), 0))

	// The next rotation drops the expired secret.
	cur, err := e.hooks.Subscription(e.ctx, admin, sub.ID)
	require.NoError(t, err)
	again, _, err := e.hooks.RotateSecret(e.ctx, admin, sub.ID, cur.Version, 0)
	require.NoError(t, err)
	assert.Len(t, again.Secrets, 2)
	data, err := json.Marshal(again)
	require.NoError(t, err)
	assert.NotContains(t, string(data), "key", "keys never appear in a subscription's JSON")
}

func TestGoneDisablesTheSubscription(t *testing.T) {
	e := newEnv(t)
	var gone atomic.Bool
	gone.Store(true)
	rcv := newReceiver(t, func(int) int {
		if gone.Load() {
			return http.StatusGone
		}
		return http.StatusOK
	})
	sub, _ := e.subscribe(rcv.URL, webhook.SubscriptionInput{})
	e.publish("okr.comment.added")
	e.dispatch()
	require.Equal(t, 1, e.work())

	got, err := e.hooks.Subscription(e.ctx, admin, sub.ID)
	require.NoError(t, err)
	assert.True(t, got.Disabled)
	assert.Contains(t, got.DisabledReason, "410")
	assert.Equal(t, webhook.Dead, e.deliveries(webhook.DeliveryFilter{})[0].Status)

	e.publish("okr.objective.closed")
	e.dispatch()
	assert.Len(t, e.deliveries(webhook.DeliveryFilter{}), 1, "a disabled subscription gets no new deliveries")

	// Enabled again, it receives what comes next.
	gone.Store(false)
	_, err = e.hooks.UpdateSubscription(e.ctx, admin, sub.ID, got.Version, webhook.SubscriptionChanges{Disabled: new(false)})
	require.NoError(t, err)
	got, err = e.hooks.Subscription(e.ctx, admin, sub.ID)
	require.NoError(t, err)
	assert.False(t, got.Disabled)
	assert.Empty(t, got.DisabledReason)
	e.publish("okr.grade.changed")
	e.dispatch()
	require.Equal(t, 1, e.work())
	assert.Equal(t, []string{"okr.comment.added", "okr.grade.changed"}, rcv.types(t))
}

func TestTypeFilter(t *testing.T) {
	e := newEnv(t)
	okrOnly, checkIns, all := newReceiver(t, nil), newReceiver(t, nil), newReceiver(t, nil)
	e.subscribe(okrOnly.URL, webhook.SubscriptionInput{Types: []string{"okr.*"}})
	e.subscribe(checkIns.URL, webhook.SubscriptionInput{Types: []string{"okr.checkin.recorded", "sprint.state.changed"}})
	e.subscribe(all.URL, webhook.SubscriptionInput{})
	for _, typ := range []string{"okr.comment.added", "backlog.item.added", "okr.checkin.recorded", "sprint.state.changed", "okrx.other"} {
		e.publish(typ)
	}
	e.dispatch()
	for e.work() > 0 {
	}
	assert.ElementsMatch(t, []string{"okr.comment.added", "okr.checkin.recorded"}, okrOnly.types(t))
	assert.ElementsMatch(t, []string{"okr.checkin.recorded", "sprint.state.changed"}, checkIns.types(t))
	assert.Len(t, all.requests(), 5)
}

// An event about a goal reaches an ordinary subscription only while anyone
// signed in may see the goal; a private subscription gets every event,
// with its audience.
func TestPrivateGoalsNeverReachOrdinarySubscriptions(t *testing.T) {
	store := memory.New()
	goals := okr.NewService(store)
	e := newEnvOn(t, store, webhook.WithScope(goals.SeesScope))
	open, trusted := newReceiver(t, nil), newReceiver(t, nil)
	e.subscribe(open.URL, webhook.SubscriptionInput{})
	e.subscribe(trusted.URL, webhook.SubscriptionInput{Private: true})

	secret := checkedIn(t, goals, "Change teams", okr.VisibilityPrivate)
	mentorOnly := checkedIn(t, goals, "Lead a guild", okr.VisibilityMentor)
	shared := checkedIn(t, goals, "Become an agile coach", okr.VisibilityCompany)
	e.dispatch()
	for e.work() > 0 {
	}

	ids := func(r *receiver) []string {
		var out []string
		for _, q := range r.requests() {
			var m struct {
				Data struct {
					Payload  struct{ GoalID string }
					Audience *storage.Audience
				}
			}
			require.NoError(t, json.Unmarshal(q.body, &m))
			out = append(out, m.Data.Payload.GoalID)
		}
		return out
	}
	assert.Equal(t, []string{shared.ID}, ids(open))
	assert.ElementsMatch(t, []string{secret.ID, mentorOnly.ID, shared.ID}, ids(trusted))
	for _, q := range trusted.requests() {
		assert.Contains(t, string(q.body), `"audience":{"everyone":true,"people":["ana"]`)
	}
	for _, q := range open.requests() {
		assert.NotContains(t, string(q.body), secret.ID)
		assert.NotContains(t, string(q.body), "Steps of Change teams")
	}
}

func TestOnlyAdministratorsManageWebhooks(t *testing.T) {
	e := newEnv(t)
	in := webhook.SubscriptionInput{URL: "https://hooks.example.org/footprint"}
	_, _, err := e.hooks.CreateSubscription(e.ctx, "ana", in)
	assert.ErrorIs(t, err, webhook.ErrNotAdmin)
	_, _, err = e.hooks.CreateSubscription(e.ctx, "", in)
	assert.ErrorIs(t, err, storage.ErrNoActor)
	_, err = webhook.NewService(e.store).Subscriptions(e.ctx, admin, storage.PageRequest{})
	assert.ErrorIs(t, err, webhook.ErrNotAdmin, "nobody administers without WithAdmins")
	failing := webhook.NewService(e.store, webhook.WithAdmins(webhook.AdminsFunc(func(context.Context, string) (bool, error) {
		return false, errors.New("directory down")
	})))
	_, err = failing.Subscriptions(e.ctx, admin, storage.PageRequest{})
	assert.ErrorContains(t, err, "directory down")

	sub, _ := e.subscribe(in.URL, webhook.SubscriptionInput{})
	for name, call := range map[string]func(actor string) error{
		"subscription":  func(a string) error { _, err := e.hooks.Subscription(e.ctx, a, sub.ID); return err },
		"subscriptions": func(a string) error { _, err := e.hooks.Subscriptions(e.ctx, a, storage.PageRequest{}); return err },
		"update": func(a string) error {
			_, err := e.hooks.UpdateSubscription(e.ctx, a, sub.ID, 0, webhook.SubscriptionChanges{})
			return err
		},
		"rotate": func(a string) error { _, _, err := e.hooks.RotateSecret(e.ctx, a, sub.ID, 0, 0); return err },
		"delete": func(a string) error { return e.hooks.DeleteSubscription(e.ctx, a, sub.ID) },
		"deliveries": func(a string) error {
			_, err := e.hooks.Deliveries(e.ctx, a, webhook.DeliveryFilter{}, storage.PageRequest{})
			return err
		},
	} {
		assert.ErrorIs(t, call("ana"), webhook.ErrNotAdmin, name)
	}
	got, err := e.hooks.Subscription(e.ctx, admin, sub.ID)
	require.NoError(t, err)
	assert.Equal(t, sub.Version, got.Version, "refused calls changed nothing")
}

func TestBadSubscriptionsAreRefused(t *testing.T) {
	e := newEnv(t)
	for _, in := range []webhook.SubscriptionInput{
		{},
		{URL: "hooks.example.org/footprint"},
		{URL: "ftp://hooks.example.org/footprint"},
		{URL: "https://"},
		{URL: "https://hooks.example.org", Types: []string{""}},
	} {
		_, _, err := e.hooks.CreateSubscription(e.ctx, admin, in)
		assert.ErrorIs(t, err, storage.ErrInvalid, "%+v", in)
	}
	p, err := e.hooks.Subscriptions(e.ctx, admin, storage.PageRequest{})
	require.NoError(t, err)
	assert.Empty(t, p.Items)

	sub, _ := e.subscribe("https://hooks.example.org/a", webhook.SubscriptionInput{})
	_, err = e.hooks.UpdateSubscription(e.ctx, admin, sub.ID, sub.Version, webhook.SubscriptionChanges{URL: new(" ")})
	assert.ErrorIs(t, err, storage.ErrInvalid)
	_, err = e.hooks.UpdateSubscription(e.ctx, admin, "missing", 0, webhook.SubscriptionChanges{})
	assert.ErrorIs(t, err, storage.ErrNotFound)
	moved, err := e.hooks.UpdateSubscription(e.ctx, admin, sub.ID, sub.Version, webhook.SubscriptionChanges{URL: new(" https://hooks.example.org/b ")})
	require.NoError(t, err)
	assert.Equal(t, "https://hooks.example.org/b", moved.URL)
}

func TestDeletingASubscriptionDropsItsDeliveries(t *testing.T) {
	e := newEnv(t)
	rcv := newReceiver(t, func(int) int { return http.StatusInternalServerError })
	sub, _ := e.subscribe(rcv.URL, webhook.SubscriptionInput{})
	e.publish("okr.comment.added")
	e.dispatch()
	require.NoError(t, e.hooks.DeleteSubscription(e.ctx, admin, sub.ID))
	assert.Empty(t, e.deliveries(webhook.DeliveryFilter{}))
	assert.Equal(t, 0, e.work())
	assert.ErrorIs(t, e.hooks.DeleteSubscription(e.ctx, admin, sub.ID), storage.ErrNotFound)
}

// A receiver that never answers holds up neither writes nor, beyond the
// client's timeout, the deliveries to other subscriptions: its deliveries
// time out and wait out their backoff.
func TestHangingReceiverBlocksNothing(t *testing.T) {
	release := make(chan struct{})
	hanging := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer hanging.Close()
	defer close(release)

	store := memory.New()
	goals := okr.NewService(store)
	hooks := webhook.NewService(store, webhook.WithClient(&http.Client{Timeout: 300 * time.Millisecond}),
		webhook.WithScope(goals.SeesScope), webhook.WithBackoff(time.Hour, time.Hour),
		webhook.WithAdmins(webhook.AdminsFunc(func(_ context.Context, p string) (bool, error) { return p == admin, nil })))
	healthy := newReceiver(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, _, err := hooks.CreateSubscription(ctx, admin, webhook.SubscriptionInput{URL: hanging.URL})
	require.NoError(t, err)
	_, _, err = hooks.CreateSubscription(ctx, admin, webhook.SubscriptionInput{URL: healthy.URL})
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() { done <- hooks.Run(ctx, 4, 5*time.Millisecond) }()

	g, err := goals.CreateGoal(ctx, "ana", okr.GoalInput{Title: "Become an agile coach", Visibility: okr.VisibilityCompany})
	require.NoError(t, err)
	start, target := 0.0, 100.0
	o, err := goals.CreateObjective(ctx, "ana", okr.ObjectiveInput{GoalID: g.ID, ObjectiveSpec: okr.ObjectiveSpec{
		Title:      "Coach teams",
		KeyResults: []okr.KeyResultInput{{Title: "Sessions", Kind: okr.Increase, Start: &start, Target: &target}},
	}})
	require.NoError(t, err)
	const checkIns = 50
	for i := range checkIns {
		v, c := float64(i+1), 7
		_, err := goals.CheckIn(ctx, "ana", o.ID, o.KeyResults[0].ID, okr.CheckInInput{Value: &v, Confidence: &c})
		require.NoError(t, err, "check-in %d", i)
	}
	last, err := store.LastSeq(ctx)
	require.NoError(t, err)

	// The healthy endpoint receives every event while the other hangs.
	require.Eventually(t, func() bool { return int64(len(healthy.requests())) == last }, 20*time.Second, 10*time.Millisecond,
		"healthy endpoint got %d of %d events", len(healthy.requests()), last)
	failed, err := hooks.Deliveries(ctx, admin, webhook.DeliveryFilter{Status: webhook.Pending}, storage.PageRequest{Limit: 100})
	require.NoError(t, err)
	for _, d := range failed.Items {
		if d.Attempts > 0 {
			assert.Contains(t, d.LastError, "Timeout", "delivery %s", d.ID)
		}
	}
	cancel()
	assert.ErrorIs(t, <-done, context.Canceled)
}
