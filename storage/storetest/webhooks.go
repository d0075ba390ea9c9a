package storetest

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/adapters/events/webhook"
	"github.com/footprint-hq/footprint/storage"
)

// Webhooks checks a store's webhook subscriptions and deliveries
// (webhook.Store): the standard cases of both aggregates, idempotent
// enqueueing, claiming due deliveries under a lease so that no two
// workers hold one at once, filters, and deleting a subscription with its
// deliveries.
func Webhooks(t *testing.T, newStore func(t *testing.T) webhook.Store) {
	t.Run("subscription", func(t *testing.T) {
		t.Parallel()
		subscriptionAggregate.run(t, newStore)
	})
	t.Run("delivery", func(t *testing.T) {
		t.Parallel()
		deliveryAggregate.run(t, newStore)
	})
	cases := []struct {
		name string
		run  func(t *testing.T, s webhook.Store, c context.Context)
	}{
		{"secrets round trip", secretsRoundTrip},
		{"enqueue skips what is queued", enqueueIsIdempotent},
		{"claim leases due deliveries", claimDeliveries},
		{"claims race", claimRace},
		{"deliveries filter", deliveryFilters},
		{"delete removes deliveries", deleteSubscription},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.run(t, newStore(t), ctx(t))
		})
	}
}

func newSubscription() *webhook.Subscription {
	until := base.Add(time.Hour)
	return &webhook.Subscription{ID: newID(), URL: "https://hooks.example.com/footprint", Types: []string{"okr.*"},
		Secrets: []webhook.Secret{
			{ID: newID(), Key: []byte("0123456789abcdef01234567"), CreatedAt: base, ExpiresAt: &until},
			{ID: newID(), Key: []byte("fedcba9876543210fedcba98"), CreatedAt: base},
		},
		CreatedAt: base, UpdatedAt: base, Version: 1}
}

func newDelivery(sub string, seq int64) *webhook.Delivery {
	return &webhook.Delivery{ID: newID(), SubscriptionID: sub, EventSeq: seq, EventID: newID(), Type: "okr.checkin.recorded",
		Status: webhook.Pending, NextAt: base, CreatedAt: base, UpdatedAt: base, Version: 1}
}

var subscriptionAggregate = aggregate[webhook.Store, webhook.Subscription]{
	fresh:   func(*testing.T, webhook.Store) *webhook.Subscription { return newSubscription() },
	key:     func(s *webhook.Subscription) string { return s.ID },
	version: func(s *webhook.Subscription) int64 { return s.Version },
	create:  webhook.Store.CreateSubscription, get: webhook.Store.Subscription, update: webhook.Store.UpdateSubscription,
	edit:   func(s *webhook.Subscription) { s.URL = "https://other.example.com/" },
	mutate: func(s *webhook.Subscription) { s.Types[0], s.Secrets[0].Key[0] = "changed", 'X' },
	grow:   func(s *webhook.Subscription, i int) { s.Types = append(s.Types, fmt.Sprintf("t%02d", i)) },
	size:   func(s *webhook.Subscription) int { return len(s.Types) },
}

var deliveryAggregate = aggregate[webhook.Store, webhook.Delivery]{
	fresh: func(t *testing.T, s webhook.Store) *webhook.Delivery {
		sub := newSubscription()
		require.NoError(t, s.CreateSubscription(ctx(t), sub))
		return newDelivery(sub.ID, 1)
	},
	key:     func(d *webhook.Delivery) string { return d.ID },
	version: func(d *webhook.Delivery) int64 { return d.Version },
	create: func(s webhook.Store, c context.Context, d *webhook.Delivery) error {
		return s.EnqueueDeliveries(c, d)
	},
	get: webhook.Store.Delivery, update: webhook.Store.UpdateDelivery,
	edit:   func(d *webhook.Delivery) { d.Status, d.LastError = webhook.Dead, "gone" },
	mutate: func(d *webhook.Delivery) { d.LastError = "changed" },
	grow:   func(d *webhook.Delivery, _ int) { d.Attempts++ },
	size:   func(d *webhook.Delivery) int { return d.Attempts },
	// Enqueueing an event's delivery again is how a replay of the log
	// looks: skipped.
	idempotent: true,
}

func secretsRoundTrip(t *testing.T, s webhook.Store, c context.Context) {
	sub := newSubscription()
	sub.Private, sub.Disabled, sub.DisabledReason = true, true, "410 Gone"
	require.NoError(t, s.CreateSubscription(c, sub))
	got, err := s.Subscription(c, sub.ID)
	require.NoError(t, err)
	assert.Equal(t, sub, got)
	page, err := s.Subscriptions(c, storage.PageRequest{})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.Equal(t, *sub, page.Items[0])
}

func enqueueIsIdempotent(t *testing.T, s webhook.Store, c context.Context) {
	sub := newSubscription()
	require.NoError(t, s.CreateSubscription(c, sub))
	first := newDelivery(sub.ID, 7)
	require.NoError(t, s.EnqueueDeliveries(c, first, newDelivery(sub.ID, 8)))
	again := newDelivery(sub.ID, 7) // a replay of event 7, with a new ID
	require.NoError(t, s.EnqueueDeliveries(c, again, newDelivery(sub.ID, 9)))
	all, err := s.Deliveries(c, webhook.DeliveryFilter{}, storage.PageRequest{Limit: storage.NoLimit})
	require.NoError(t, err)
	var seqs []int64
	for _, d := range all.Items {
		seqs = append(seqs, d.EventSeq)
	}
	slices.Sort(seqs)
	assert.Equal(t, []int64{7, 8, 9}, seqs, "one delivery per event and subscription")
	_, err = s.Delivery(c, again.ID)
	assert.ErrorIs(t, err, storage.ErrNotFound, "the replay was skipped")
	got, err := s.Delivery(c, first.ID)
	require.NoError(t, err)
	assert.Equal(t, first, got)

	// A delivery to a subscription that does not exist is refused, and
	// nothing of its call is stored.
	err = s.Atomic(c, func(c context.Context) error {
		return s.EnqueueDeliveries(c, newDelivery(sub.ID, 10), newDelivery(newID(), 1))
	})
	assert.ErrorIs(t, err, storage.ErrNotFound)
	all, err = s.Deliveries(c, webhook.DeliveryFilter{}, storage.PageRequest{Limit: storage.NoLimit})
	require.NoError(t, err)
	assert.Len(t, all.Items, 3)
}

func claimDeliveries(t *testing.T, s webhook.Store, c context.Context) {
	sub := newSubscription()
	require.NoError(t, s.CreateSubscription(c, sub))
	early, later, future := newDelivery(sub.ID, 1), newDelivery(sub.ID, 2), newDelivery(sub.ID, 3)
	early.NextAt, later.NextAt, future.NextAt = base.Add(-time.Minute), base, base.Add(time.Hour)
	done := newDelivery(sub.ID, 4)
	done.Status = webhook.Delivered
	require.NoError(t, s.EnqueueDeliveries(c, later, future, early, done))

	got, err := s.ClaimDeliveries(c, "w1", base, time.Minute, 10)
	require.NoError(t, err)
	require.Len(t, got, 2, "only pending deliveries that are due")
	assert.Equal(t, []string{early.ID, later.ID}, []string{got[0].ID, got[1].ID}, "the earliest due first")
	for _, d := range got {
		assert.Equal(t, "w1", d.Holder)
		assert.True(t, base.Add(time.Minute).Equal(d.LeaseUntil))
		assert.Equal(t, int64(2), d.Version, "a claim is a change")
	}
	stored, err := s.Delivery(c, early.ID)
	require.NoError(t, err)
	assert.Equal(t, "w1", stored.Holder)

	got, err = s.ClaimDeliveries(c, "w2", base.Add(30*time.Second), time.Minute, 10)
	require.NoError(t, err)
	assert.Empty(t, got, "leased deliveries are not claimed again")
	got, err = s.ClaimDeliveries(c, "w2", base.Add(2*time.Hour), time.Minute, 1)
	require.NoError(t, err)
	require.Len(t, got, 1, "an expired lease is claimed again, up to the limit")
	assert.Equal(t, early.ID, got[0].ID)
	assert.Equal(t, "w2", got[0].Holder)

	_, err = s.ClaimDeliveries(c, "", base, time.Minute, 1)
	assert.ErrorIs(t, err, storage.ErrInvalid)
	_, err = s.ClaimDeliveries(c, "w3", base, time.Minute, 0)
	assert.ErrorIs(t, err, storage.ErrInvalid)
}

func claimRace(t *testing.T, s webhook.Store, c context.Context) {
	const deliveries, workers = 40, 8
	sub := newSubscription()
	require.NoError(t, s.CreateSubscription(c, sub))
	for i := range deliveries {
		require.NoError(t, s.EnqueueDeliveries(c, newDelivery(sub.ID, int64(i+1))))
	}
	claimed := make([][]webhook.Delivery, workers)
	errs := race(workers, func(i int) error {
		for {
			got, err := s.ClaimDeliveries(c, fmt.Sprintf("w%d", i), base, time.Hour, 3)
			if err != nil {
				return err
			}
			if len(got) == 0 {
				return nil
			}
			claimed[i] = append(claimed[i], got...)
		}
	})
	seen := map[string]string{}
	for i, err := range errs {
		require.NoError(t, err)
		for _, d := range claimed[i] {
			holder := fmt.Sprintf("w%d", i)
			assert.Equal(t, holder, d.Holder)
			assert.Empty(t, seen[d.ID], "delivery %s claimed by %s and %s", d.ID, seen[d.ID], holder)
			seen[d.ID] = holder
		}
	}
	assert.Len(t, seen, deliveries, "every delivery is claimed once")
}

func deliveryFilters(t *testing.T, s webhook.Store, c context.Context) {
	a, b := newSubscription(), newSubscription()
	require.NoError(t, s.CreateSubscription(c, a))
	require.NoError(t, s.CreateSubscription(c, b))
	dead := newDelivery(a.ID, 1)
	dead.Status = webhook.Dead
	require.NoError(t, s.EnqueueDeliveries(c, dead, newDelivery(a.ID, 2), newDelivery(b.ID, 1)))
	count := func(f webhook.DeliveryFilter) int {
		t.Helper()
		p, err := s.Deliveries(c, f, storage.PageRequest{Limit: storage.NoLimit})
		require.NoError(t, err)
		for _, d := range p.Items {
			assert.True(t, f.SubscriptionID == "" || d.SubscriptionID == f.SubscriptionID)
			assert.True(t, f.Status == "" || d.Status == f.Status)
		}
		return len(p.Items)
	}
	assert.Equal(t, 3, count(webhook.DeliveryFilter{}))
	assert.Equal(t, 2, count(webhook.DeliveryFilter{SubscriptionID: a.ID}))
	assert.Equal(t, 1, count(webhook.DeliveryFilter{SubscriptionID: a.ID, Status: webhook.Dead}))
	assert.Equal(t, 2, count(webhook.DeliveryFilter{Status: webhook.Pending}))
	checkPaging(t, 2, idsOfDeliveries(t, s, c), func(p storage.PageRequest) ([]string, string, error) {
		page, err := s.Deliveries(c, webhook.DeliveryFilter{}, p)
		var ids []string
		for _, d := range page.Items {
			ids = append(ids, d.ID)
		}
		return ids, page.Next, err
	})
}

func idsOfDeliveries(t *testing.T, s webhook.Store, c context.Context) []string {
	p, err := s.Deliveries(c, webhook.DeliveryFilter{}, storage.PageRequest{Limit: storage.NoLimit})
	require.NoError(t, err)
	var ids []string
	for _, d := range p.Items {
		ids = append(ids, d.ID)
	}
	assertSortedIDs(t, ids)
	return ids
}

func deleteSubscription(t *testing.T, s webhook.Store, c context.Context) {
	a, b := newSubscription(), newSubscription()
	require.NoError(t, s.CreateSubscription(c, a))
	require.NoError(t, s.CreateSubscription(c, b))
	require.NoError(t, s.EnqueueDeliveries(c, newDelivery(a.ID, 1), newDelivery(b.ID, 1)))
	require.NoError(t, s.DeleteSubscription(c, a.ID))
	_, err := s.Subscription(c, a.ID)
	assert.ErrorIs(t, err, storage.ErrNotFound)
	p, err := s.Deliveries(c, webhook.DeliveryFilter{}, storage.PageRequest{Limit: storage.NoLimit})
	require.NoError(t, err)
	require.Len(t, p.Items, 1, "the subscription's deliveries go with it")
	assert.Equal(t, b.ID, p.Items[0].SubscriptionID)
	assert.ErrorIs(t, s.DeleteSubscription(c, a.ID), storage.ErrNotFound)

	// A deletion rolled back with its transaction is undone.
	err = s.Atomic(c, func(c context.Context) error {
		if err := s.DeleteSubscription(c, b.ID); err != nil {
			return err
		}
		return errCallback
	})
	require.ErrorIs(t, err, errCallback)
	_, err = s.Subscription(c, b.ID)
	require.NoError(t, err)
	p, err = s.Deliveries(c, webhook.DeliveryFilter{SubscriptionID: b.ID}, storage.PageRequest{})
	require.NoError(t, err)
	assert.Len(t, p.Items, 1)
	require.NoError(t, s.EnqueueDeliveries(c, newDelivery(b.ID, 1)))
	p, err = s.Deliveries(c, webhook.DeliveryFilter{SubscriptionID: b.ID}, storage.PageRequest{})
	require.NoError(t, err)
	assert.Len(t, p.Items, 1, "the restored delivery still counts as queued")
}
