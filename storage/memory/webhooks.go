package memory

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/footprint-hq/footprint/adapters/events/webhook"
	"github.com/footprint-hq/footprint/storage"
)

// webhookTables hold webhook subscriptions and deliveries.
type webhookTables struct {
	subscriptions *table[webhook.Subscription]
	deliveries    *table[webhook.Delivery]
	// queued holds subscription ID + event seq of every delivery.
	queued map[string]bool
}

func newWebhookTables() webhookTables {
	return webhookTables{
		subscriptions: newTable(func(s *webhook.Subscription) string { return s.ID }, cloneSubscription,
			func(s *webhook.Subscription) *int64 { return &s.Version }),
		deliveries: newTable(func(d *webhook.Delivery) string { return d.ID }, same[webhook.Delivery],
			func(d *webhook.Delivery) *int64 { return &d.Version }),
		queued: map[string]bool{},
	}
}

func cloneSubscription(s webhook.Subscription) webhook.Subscription {
	s.Types = slices.Clone(s.Types)
	s.Secrets = slices.Clone(s.Secrets)
	for i, k := range s.Secrets {
		k.Key = slices.Clone(k.Key)
		if k.ExpiresAt != nil {
			at := *k.ExpiresAt
			k.ExpiresAt = &at
		}
		s.Secrets[i] = k
	}
	return s
}

func queuedKey(subscription string, seq int64) string { return fmt.Sprintf("%s/%d", subscription, seq) }

// CreateSubscription stores a new subscription.
func (s *Store) CreateSubscription(ctx context.Context, sub *webhook.Subscription) error {
	return insert(s, ctx, s.webhooks.subscriptions, sub)
}

// Subscription returns one subscription.
func (s *Store) Subscription(ctx context.Context, id string) (*webhook.Subscription, error) {
	return get(s, ctx, s.webhooks.subscriptions, id)
}

// Subscriptions lists subscriptions in ID order.
func (s *Store) Subscriptions(ctx context.Context, page storage.PageRequest) (storage.Page[webhook.Subscription], error) {
	return list(s, ctx, s.webhooks.subscriptions, page, func(*webhook.Subscription) bool { return true })
}

// UpdateSubscription changes a subscription atomically.
func (s *Store) UpdateSubscription(ctx context.Context, id string, version int64, fn func(*webhook.Subscription) error) (*webhook.Subscription, error) {
	return update(s, ctx, s.webhooks.subscriptions, id, version, fn)
}

// DeleteSubscription removes a subscription and its deliveries.
func (s *Store) DeleteSubscription(ctx context.Context, id string) error {
	return s.write(ctx, func(record func(func())) error {
		t := &s.webhooks
		if _, ok := t.subscriptions.rows[id]; !ok {
			return fmt.Errorf("id %s: %w", id, storage.ErrNotFound)
		}
		t.subscriptions.remove(id, record)
		for _, did := range slices.Clone(t.deliveries.ids) {
			d := t.deliveries.rows[did]
			if d.SubscriptionID == id {
				key := queuedKey(id, d.EventSeq)
				delete(t.queued, key)
				record(func() { t.queued[key] = true })
				t.deliveries.remove(did, record)
			}
		}
		return nil
	})
}

// EnqueueDeliveries stores new deliveries, skipping those of an event a
// subscription has a delivery of already.
func (s *Store) EnqueueDeliveries(ctx context.Context, ds ...*webhook.Delivery) error {
	return s.write(ctx, func(record func(func())) error {
		t := &s.webhooks
		for _, d := range ds {
			key := queuedKey(d.SubscriptionID, d.EventSeq)
			if t.queued[key] {
				continue
			}
			if _, ok := t.subscriptions.rows[d.SubscriptionID]; !ok {
				return fmt.Errorf("subscription %s: %w", d.SubscriptionID, storage.ErrNotFound)
			}
			if err := t.deliveries.insert(*d, record); err != nil {
				return err
			}
			t.queued[key] = true
			record(func() { delete(t.queued, key) })
		}
		return nil
	})
}

// ClaimDeliveries leases due pending deliveries to holder.
func (s *Store) ClaimDeliveries(ctx context.Context, holder string, now time.Time, lease time.Duration, limit int) ([]webhook.Delivery, error) {
	if holder == "" || limit < 1 {
		return nil, fmt.Errorf("memory: claim deliveries: a holder and a limit of 1 or more are required: %w", storage.ErrInvalid)
	}
	out := []webhook.Delivery{}
	err := s.write(ctx, func(record func(func())) error {
		t := s.webhooks.deliveries
		var due []*webhook.Delivery
		for _, id := range t.ids {
			d := t.rows[id]
			if d.Status == webhook.Pending && !d.NextAt.After(now) && !d.LeaseUntil.After(now) {
				due = append(due, d)
			}
		}
		sort.SliceStable(due, func(i, j int) bool { return due[i].NextAt.Before(due[j].NextAt) })
		for _, d := range due[:min(limit, len(due))] {
			old := *d
			d.Holder, d.LeaseUntil = holder, now.Add(lease).UTC()
			d.Version++
			record(func() { *d = old })
			out = append(out, *d)
		}
		return nil
	})
	return out, err
}

// Delivery returns one delivery.
func (s *Store) Delivery(ctx context.Context, id string) (*webhook.Delivery, error) {
	return get(s, ctx, s.webhooks.deliveries, id)
}

// Deliveries lists the deliveries f matches.
func (s *Store) Deliveries(ctx context.Context, f webhook.DeliveryFilter, page storage.PageRequest) (storage.Page[webhook.Delivery], error) {
	return list(s, ctx, s.webhooks.deliveries, page, func(d *webhook.Delivery) bool {
		return match(f.SubscriptionID, d.SubscriptionID) && match(string(f.Status), string(d.Status))
	})
}

// UpdateDelivery changes a delivery atomically.
func (s *Store) UpdateDelivery(ctx context.Context, id string, version int64, fn func(*webhook.Delivery) error) (*webhook.Delivery, error) {
	return update(s, ctx, s.webhooks.deliveries, id, version, fn)
}
