// Package webhook delivers the events of a store's event log to HTTP
// endpoints that an administrator subscribes, signed as the Standard
// Webhooks specification says (https://www.standardwebhooks.com): each
// request carries webhook-id, webhook-timestamp and webhook-signature
// headers, the signature an HMAC-SHA256 of "id.timestamp.body" under each of
// the subscription's current secrets, so that a receiver can verify it
// with any Standard Webhooks library (or Verify) and a secret can be
// rotated without a gap.
//
// Delivery is at least once and never slows a write. A Dispatcher, a
// consumer of the event log (events.Consumer), turns each event into one
// Delivery per matching subscription, stored in the store; workers (Work,
// Run) claim due deliveries under a lease, post them, and record the
// outcome: delivered on a 2xx answer; otherwise retried with exponential
// backoff and jitter, up to a number of attempts, after which the delivery
// is dead until an administrator redelivers it. A 410 Gone disables the
// subscription. Several instances on one database share the work: a
// delivery is claimed by one worker at a time, and an event is turned into
// deliveries once per subscription however often the dispatcher replays
// it. A delivery keeps its ID, the webhook-id, across attempts and
// redeliveries, so receivers can drop duplicates, which happen only after
// a crash between a receiver's answer and its record.
//
// By default a subscription receives only events that anyone signed in may
// see: an event about a private goal or a mentoring relation never leaves.
// A Private subscription receives every event, with its audience, for a
// trusted back end (a mail notifier that writes to the people concerned);
// give its URL and secret to nothing else.
package webhook

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/footprint-hq/footprint/storage"
)

// Subscription is an endpoint that receives events.
type Subscription struct {
	ID string `json:"id"`
	// URL receives a POST for each event; http or https.
	URL string `json:"url"`
	// Types keeps events of these types ("okr.checkin.recorded"), or of a
	// package ("okr.*"); every event when empty.
	Types []string `json:"types"`
	// Private subscriptions receive every event, open to everyone or not;
	// others only events anyone signed in may see.
	Private bool `json:"private"`
	// Secrets sign the deliveries; each unexpired one signs every request.
	Secrets []Secret `json:"secrets"`
	// Disabled subscriptions receive nothing; DisabledReason says why (an
	// administrator's choice, or an endpoint that answered 410 Gone).
	Disabled       bool      `json:"disabled"`
	DisabledReason string    `json:"disabledReason,omitempty"`
	CreatedAt      time.Time `json:"createdAt"`
	UpdatedAt      time.Time `json:"updatedAt"`
	Version        int64     `json:"version"`
}

// Secret is one signing key of a subscription. Its key is shown once, when
// it is made, as "whsec_" and its base64 text.
type Secret struct {
	ID        string     `json:"id"`
	Key       []byte     `json:"-"`
	CreatedAt time.Time  `json:"createdAt"`
	ExpiresAt *time.Time `json:"expiresAt,omitempty"`
}

// keys returns the secrets that sign a request at now.
func (s *Subscription) keys(now time.Time) [][]byte {
	var out [][]byte
	for _, k := range s.Secrets {
		if k.ExpiresAt == nil || now.Before(*k.ExpiresAt) {
			out = append(out, k.Key)
		}
	}
	return out
}

// wants reports whether the subscription takes events of type typ.
func (s *Subscription) wants(typ string) bool {
	if len(s.Types) == 0 {
		return true
	}
	return slices.ContainsFunc(s.Types, func(t string) bool {
		if prefix, ok := strings.CutSuffix(t, "*"); ok {
			return strings.HasPrefix(typ, prefix)
		}
		return t == typ
	})
}

// Status is where a delivery stands.
type Status string

// Delivery statuses.
const (
	// Pending deliveries wait for their next attempt, at NextAt.
	Pending Status = "pending"
	// Delivered: the endpoint answered 2xx.
	Delivered Status = "delivered"
	// Dead deliveries ran out of attempts, or their subscription went; an
	// administrator may redeliver them.
	Dead Status = "dead"
)

// Delivery is one event on its way to one subscription.
type Delivery struct {
	// ID is the webhook-id header: the same for every attempt.
	ID             string    `json:"id"`
	SubscriptionID string    `json:"subscriptionId"`
	EventSeq       int64     `json:"eventSeq"`
	EventID        string    `json:"eventId"`
	Type           string    `json:"type"`
	Status         Status    `json:"status"`
	Attempts       int       `json:"attempts"`
	NextAt         time.Time `json:"nextAt"`
	// LastStatus is the HTTP status of the last attempt, 0 when it got no
	// answer; LastError says what went wrong.
	LastStatus int    `json:"lastStatus,omitempty"`
	LastError  string `json:"lastError,omitempty"`
	// Holder is the worker that holds the delivery until LeaseUntil.
	Holder     string    `json:"-"`
	LeaseUntil time.Time `json:"-"`
	CreatedAt  time.Time `json:"createdAt"`
	UpdatedAt  time.Time `json:"updatedAt"`
	Version    int64     `json:"version"`
}

// DeliveryFilter selects deliveries; empty fields match all.
type DeliveryFilter struct {
	SubscriptionID string
	Status         Status
}

// Store keeps subscriptions and deliveries next to the event log.
type Store interface {
	storage.EventStore
	// CreateSubscription stores a new subscription (ErrAlreadyExists for
	// a taken ID).
	CreateSubscription(ctx context.Context, s *Subscription) error
	// Subscription returns one subscription, or ErrNotFound.
	Subscription(ctx context.Context, id string) (*Subscription, error)
	// Subscriptions lists subscriptions in ID order.
	Subscriptions(ctx context.Context, page storage.PageRequest) (storage.Page[Subscription], error)
	// UpdateSubscription changes a subscription atomically, as the domain
	// stores' Update methods do (version 0 skips the check).
	UpdateSubscription(ctx context.Context, id string, version int64, fn func(*Subscription) error) (*Subscription, error)
	// DeleteSubscription removes a subscription and its deliveries
	// (ErrNotFound when there is none).
	DeleteSubscription(ctx context.Context, id string) error
	// EnqueueDeliveries stores new deliveries, skipping any whose
	// subscription already has a delivery of the same event.
	EnqueueDeliveries(ctx context.Context, ds ...*Delivery) error
	// ClaimDeliveries leases to holder, until now+lease, up to limit
	// pending deliveries due by now whose lease is free or expired, the
	// earliest due first, and returns them. Two workers never hold one
	// delivery at once.
	ClaimDeliveries(ctx context.Context, holder string, now time.Time, lease time.Duration, limit int) ([]Delivery, error)
	// Delivery returns one delivery, or ErrNotFound.
	Delivery(ctx context.Context, id string) (*Delivery, error)
	// Deliveries lists the deliveries f matches in ID order.
	Deliveries(ctx context.Context, f DeliveryFilter, page storage.PageRequest) (storage.Page[Delivery], error)
	// UpdateDelivery changes a delivery atomically (version 0 skips the
	// check).
	UpdateDelivery(ctx context.Context, id string, version int64, fn func(*Delivery) error) (*Delivery, error)
}
