package sqlstore

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/footprint-hq/footprint/adapters/events/webhook"
	"github.com/footprint-hq/footprint/storage"
)

var webhookSubscriptions = newTable("webhook_subscriptions", func(s *webhook.Subscription) []column {
	return []column{
		col("id", &s.ID),
		col("url", &s.URL),
		col("types", jsonOf(&s.Types)),
		col("private", &s.Private),
		col("secrets", storedSliceOf(&s.Secrets, storeSecret, storedSecret.load)),
		col("disabled", &s.Disabled),
		col("disabled_reason", &s.DisabledReason),
		col("created_at", timeOf(&s.CreatedAt)),
		col("updated_at", timeOf(&s.UpdatedAt)),
		col("version", &s.Version),
	}
})

var webhookDeliveries = newTable("webhook_deliveries", func(d *webhook.Delivery) []column {
	return []column{
		col("id", &d.ID),
		col("subscription_id", &d.SubscriptionID),
		col("event_seq", &d.EventSeq),
		col("event_id", &d.EventID),
		col("type", &d.Type),
		col("status", &d.Status),
		col("attempts", &d.Attempts),
		col("next_at", timeOf(&d.NextAt)),
		col("last_status", &d.LastStatus),
		col("last_error", &d.LastError),
		col("holder", &d.Holder),
		col("lease_until", timeOf(&d.LeaseUntil)),
		col("created_at", timeOf(&d.CreatedAt)),
		col("updated_at", timeOf(&d.UpdatedAt)),
		col("version", &d.Version),
	}
})

// CreateSubscription stores a new subscription.
func (s *Store) CreateSubscription(ctx context.Context, sub *webhook.Subscription) error {
	return insert(ctx, s, webhookSubscriptions, sub)
}

// Subscription returns one subscription.
func (s *Store) Subscription(ctx context.Context, id string) (*webhook.Subscription, error) {
	return get(ctx, s, webhookSubscriptions, id)
}

// Subscriptions lists subscriptions in ID order.
func (s *Store) Subscriptions(ctx context.Context, page storage.PageRequest) (storage.Page[webhook.Subscription], error) {
	return list(ctx, s, webhookSubscriptions, page)
}

// UpdateSubscription changes a subscription atomically.
func (s *Store) UpdateSubscription(ctx context.Context, id string, version int64, fn func(*webhook.Subscription) error) (*webhook.Subscription, error) {
	return update(ctx, s, webhookSubscriptions, id, version, fn)
}

// DeleteSubscription removes a subscription and its deliveries.
func (s *Store) DeleteSubscription(ctx context.Context, id string) error {
	return s.write(ctx, func(ctx context.Context) error {
		for _, q := range []string{
			"DELETE FROM webhook_deliveries WHERE subscription_id = ?",
			"DELETE FROM webhook_subscriptions WHERE id = ?",
		} {
			st, err := s.stmt(ctx, s.dialect.rebind(q))
			if err != nil {
				return err
			}
			res, err := st.ExecContext(ctx, id)
			if err != nil {
				return s.fail(ctx, "delete subscription "+id, err)
			}
			if strings.HasPrefix(q, "DELETE FROM webhook_subscriptions") {
				if n, err := res.RowsAffected(); err != nil {
					return s.fail(ctx, "delete subscription "+id, err)
				} else if n == 0 {
					return fmt.Errorf("sqlstore: webhook_subscriptions %s: %w", id, storage.ErrNotFound)
				}
			}
		}
		return nil
	})
}

// EnqueueDeliveries stores new deliveries, skipping those of an event a
// subscription has a delivery of already (the unique key of
// subscription and event seq).
func (s *Store) EnqueueDeliveries(ctx context.Context, ds ...*webhook.Delivery) error {
	return s.write(ctx, func(ctx context.Context) error {
		for _, d := range ds {
			if err := insert(ctx, s, webhookDeliveries, d); err != nil && !errors.Is(err, storage.ErrAlreadyExists) {
				return err
			}
		}
		return nil
	})
}

// ClaimDeliveries leases due pending deliveries to holder, in one
// statement; on PostgreSQL, rows another worker is claiming are skipped,
// not waited for.
func (s *Store) ClaimDeliveries(ctx context.Context, holder string, now time.Time, lease time.Duration, limit int) ([]webhook.Delivery, error) {
	if holder == "" || limit < 1 {
		return nil, fmt.Errorf("sqlstore: claim deliveries: a holder and a limit of 1 or more are required: %w", storage.ErrInvalid)
	}
	lock := ""
	if s.dialect == Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	names := strings.TrimPrefix(webhookDeliveries.sql[s.dialect].selectFrom, "SELECT ")
	names = strings.TrimSuffix(names, " FROM webhook_deliveries")
	query := s.dialect.rebind(`UPDATE webhook_deliveries SET holder = ?, lease_until = ?, version = version + 1
WHERE id IN (SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_at <= ? AND lease_until <= ?
ORDER BY next_at, id LIMIT ?` + lock + `) RETURNING ` + names)
	st, err := s.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	at := now.UTC().Format(timeLayout)
	rows, err := st.QueryContext(ctx, holder, now.Add(lease).UTC().Format(timeLayout), at, at, limit)
	if err != nil {
		return nil, s.fail(ctx, "claim deliveries", err)
	}
	defer rows.Close()
	out := []webhook.Delivery{}
	for rows.Next() {
		out = append(out, webhook.Delivery{})
		if _, err := webhookDeliveries.scan(rows, &out[len(out)-1]); err != nil {
			return nil, s.fail(ctx, "claim deliveries", err)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail(ctx, "claim deliveries", err)
	}
	// RETURNING keeps no order.
	slices.SortFunc(out, func(a, b webhook.Delivery) int {
		return cmp.Or(a.NextAt.Compare(b.NextAt), strings.Compare(a.ID, b.ID))
	})
	return out, nil
}

// Delivery returns one delivery.
func (s *Store) Delivery(ctx context.Context, id string) (*webhook.Delivery, error) {
	return get(ctx, s, webhookDeliveries, id)
}

// Deliveries lists the deliveries f matches.
func (s *Store) Deliveries(ctx context.Context, f webhook.DeliveryFilter, page storage.PageRequest) (storage.Page[webhook.Delivery], error) {
	return list(ctx, s, webhookDeliveries, page, isSet("subscription_id", f.SubscriptionID), isSet("status", string(f.Status)))
}

// UpdateDelivery changes a delivery atomically.
func (s *Store) UpdateDelivery(ctx context.Context, id string, version int64, fn func(*webhook.Delivery) error) (*webhook.Delivery, error) {
	return update(ctx, s, webhookDeliveries, id, version, fn)
}

// storedSecret is the stored shape of a subscription's signing secret
// (see stored.go): frozen.
type storedSecret struct {
	ID        string     `json:"id"`
	Key       []byte     `json:"key"`
	CreatedAt time.Time  `json:"createdAt"`
	ExpiresAt *time.Time `json:"expiresAt,omitempty"`
}

func storeSecret(k webhook.Secret) storedSecret { return storedSecret(k) }
func (s storedSecret) load() webhook.Secret     { return webhook.Secret(s) }
