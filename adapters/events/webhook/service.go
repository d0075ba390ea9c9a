package webhook

import (
	"bytes"
	"context"
	crand "crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/footprint-hq/footprint/adapters/events"
	"github.com/footprint-hq/footprint/storage"
)

// Errors returned by the Service.
var (
	// ErrNotAdmin: only an administrator manages webhooks.
	ErrNotAdmin error = storage.NewRule("webhook.not_admin", "only an administrator manages webhooks", storage.ErrForbidden)
	// ErrNotDeliverable: the delivery is pending; it is tried again by
	// itself.
	ErrNotDeliverable error = storage.NewRule("webhook.delivery_pending", "the delivery is pending already", storage.ErrInvalidState)
)

// Admins tells who administers the programme. The host supplies it.
type Admins interface {
	IsAdmin(ctx context.Context, person string) (bool, error)
}

// AdminsFunc adapts a function to Admins.
type AdminsFunc func(ctx context.Context, person string) (bool, error)

// IsAdmin calls f.
func (f AdminsFunc) IsAdmin(ctx context.Context, person string) (bool, error) { return f(ctx, person) }

// Defaults of the Service's options.
const (
	DefaultMaxAttempts = 8
	DefaultBackoffBase = 5 * time.Second
	DefaultBackoffCap  = time.Hour
	DefaultTimeout     = 10 * time.Second
	DefaultLease       = time.Minute
	DefaultGrace       = 24 * time.Hour
	DefaultInFlight    = 16
)

// Service manages subscriptions and delivers events to them. It is safe
// for concurrent use.
type Service struct {
	store       Store
	now         func() time.Time
	newID       func() string
	client      *http.Client
	admins      Admins
	scope       events.ScopeFunc
	maxAttempts int
	base, cap   time.Duration
	lease       time.Duration
	log         *slog.Logger
	holder      string
}

// Option configures a Service.
type Option func(*Service)

// WithClock sets the current time (time.Now by default).
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// WithClient sets the HTTP client deliveries are posted with (one with a
// DefaultTimeout timeout by default). Its timeout bounds each attempt.
func WithClient(c *http.Client) Option { return func(s *Service) { s.client = c } }

// WithAdmins sets who may manage webhooks (nobody by default).
func WithAdmins(a Admins) Option { return func(s *Service) { s.admins = a } }

// WithScope sets the check of scoped events for subscriptions that are
// not Private (okr.Service.SeesScope for goals, combined with
// events.Scopes): such an event goes out only if anyone signed in may see
// its object. Without it, scoped events reach Private subscriptions only.
func WithScope(f events.ScopeFunc) Option { return func(s *Service) { s.scope = f } }

// WithMaxAttempts sets the attempts after which a delivery is dead
// (DefaultMaxAttempts by default).
func WithMaxAttempts(n int) Option { return func(s *Service) { s.maxAttempts = n } }

// WithBackoff sets the pause after the first failed attempt, doubled after
// each further one up to limit, with jitter (DefaultBackoffBase and
// DefaultBackoffCap by default).
func WithBackoff(base, limit time.Duration) Option {
	return func(s *Service) { s.base, s.cap = base, limit }
}

// WithLease sets how long an instance that stops without a word (killed,
// cut off) keeps what it held: the dispatcher's place, and the deliveries
// it claimed, which others take over after the lease plus the client's
// timeout (DefaultLease by default). Shorter leases recover sooner;
// longer ones cost fewer renewals.
func WithLease(d time.Duration) Option { return func(s *Service) { s.lease = d } }

// WithLogger receives a record per failed attempt (none by default).
func WithLogger(l *slog.Logger) Option { return func(s *Service) { s.log = l } }

// NewService returns a Service on store.
func NewService(store Store, opts ...Option) *Service {
	s := &Service{store: store, now: time.Now, newID: storage.NewIDSource(), maxAttempts: DefaultMaxAttempts,
		base: DefaultBackoffBase, cap: DefaultBackoffCap, lease: DefaultLease, log: slog.New(slog.DiscardHandler)}
	for _, o := range opts {
		o(s)
	}
	if s.client == nil {
		s.client = &http.Client{Timeout: DefaultTimeout}
	}
	s.holder = s.newID()
	return s
}

func (s *Service) requireAdmin(ctx context.Context, actor string) error {
	if actor == "" {
		return fmt.Errorf("webhook: %w", storage.ErrNoActor)
	}
	if s.admins == nil {
		return ErrNotAdmin
	}
	ok, err := s.admins.IsAdmin(ctx, actor)
	if err != nil {
		return fmt.Errorf("webhook: ask whether %s administers: %w", actor, err)
	}
	if !ok {
		return ErrNotAdmin
	}
	return nil
}

// SubscriptionInput describes a new subscription.
type SubscriptionInput struct {
	URL     string   `json:"url" validate:"required,max=2000"`
	Types   []string `json:"types" validate:"max=100,dive,required,max=200"`
	Private bool     `json:"private"`
}

// SubscriptionChanges lists changes to a subscription; nil fields stay.
// Enabling a disabled subscription clears its reason.
type SubscriptionChanges struct {
	URL      *string   `json:"url" validate:"omitnil,max=2000"`
	Types    *[]string `json:"types" validate:"omitnil,max=100,dive,required,max=200"`
	Private  *bool     `json:"private"`
	Disabled *bool     `json:"disabled"`
}

// checkURL refuses a URL that is not absolute http or https.
func checkURL(raw string) []storage.FieldError {
	u, err := url.Parse(raw)
	if raw != "" && (err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "") {
		return []storage.FieldError{{Field: "url", Message: "must be an absolute http or https URL"}}
	}
	return nil
}

// newSecret makes a signing key.
func (s *Service) newSecret(now time.Time) (Secret, string) {
	key := make([]byte, 24)
	_, _ = crand.Read(key) // never fails (crypto/rand)
	return Secret{ID: s.newID(), Key: key, CreatedAt: now}, SecretText(key)
}

// CreateSubscription subscribes an endpoint, for an administrator, and
// returns it with its signing secret, which is shown only here.
func (s *Service) CreateSubscription(ctx context.Context, actor string, in SubscriptionInput) (*Subscription, string, error) {
	if err := s.requireAdmin(ctx, actor); err != nil {
		return nil, "", err
	}
	in.URL = strings.TrimSpace(in.URL)
	if err := storage.Validate(in, checkURL(in.URL)...); err != nil {
		return nil, "", fmt.Errorf("webhook: create subscription: %w", err)
	}
	now := s.now().UTC()
	secret, text := s.newSecret(now)
	sub := &Subscription{ID: s.newID(), URL: in.URL, Types: append([]string{}, in.Types...), Private: in.Private,
		Secrets: []Secret{secret}, CreatedAt: now, UpdatedAt: now, Version: 1}
	if err := s.store.CreateSubscription(ctx, sub); err != nil {
		return nil, "", fmt.Errorf("webhook: create subscription: %w", err)
	}
	return sub, text, nil
}

// Subscription returns one subscription, for an administrator.
func (s *Service) Subscription(ctx context.Context, actor, id string) (*Subscription, error) {
	if err := s.requireAdmin(ctx, actor); err != nil {
		return nil, err
	}
	sub, err := s.store.Subscription(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("webhook: subscription %s: %w", id, err)
	}
	return sub, nil
}

// Subscriptions lists the subscriptions, for an administrator.
func (s *Service) Subscriptions(ctx context.Context, actor string, page storage.PageRequest) (storage.Page[Subscription], error) {
	if err := s.requireAdmin(ctx, actor); err != nil {
		return storage.Page[Subscription]{}, err
	}
	p, err := s.store.Subscriptions(ctx, page)
	if err != nil {
		return p, fmt.Errorf("webhook: subscriptions: %w", err)
	}
	return p, nil
}

// UpdateSubscription changes a subscription, for an administrator.
func (s *Service) UpdateSubscription(ctx context.Context, actor, id string, version int64, ch SubscriptionChanges) (*Subscription, error) {
	if err := s.requireAdmin(ctx, actor); err != nil {
		return nil, err
	}
	var extra []storage.FieldError
	if ch.URL != nil {
		u := strings.TrimSpace(*ch.URL)
		ch.URL = &u
		if u == "" {
			extra = append(extra, storage.FieldError{Field: "url", Message: "is required"})
		}
		extra = append(extra, checkURL(u)...)
	}
	if err := storage.Validate(ch, extra...); err != nil {
		return nil, fmt.Errorf("webhook: update subscription %s: %w", id, err)
	}
	now := s.now().UTC()
	sub, err := s.store.UpdateSubscription(ctx, id, version, func(sub *Subscription) error {
		if ch.URL != nil {
			sub.URL = *ch.URL
		}
		if ch.Types != nil {
			sub.Types = append([]string{}, (*ch.Types)...)
		}
		if ch.Private != nil {
			sub.Private = *ch.Private
		}
		if ch.Disabled != nil {
			sub.Disabled = *ch.Disabled
			sub.DisabledReason = ""
			if sub.Disabled {
				sub.DisabledReason = "disabled by " + actor
			}
		}
		sub.UpdatedAt = now
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("webhook: update subscription %s: %w", id, err)
	}
	return sub, nil
}

// RotateSecret adds a new signing secret to a subscription, for an
// administrator, and returns it; the secrets it had expire after grace
// (DefaultGrace when zero or less), so that deliveries carry both
// signatures while the receiver moves to the new secret. Expired secrets
// are dropped.
func (s *Service) RotateSecret(ctx context.Context, actor, id string, version int64, grace time.Duration) (*Subscription, string, error) {
	if err := s.requireAdmin(ctx, actor); err != nil {
		return nil, "", err
	}
	if grace <= 0 {
		grace = DefaultGrace
	}
	now := s.now().UTC()
	secret, text := s.newSecret(now)
	sub, err := s.store.UpdateSubscription(ctx, id, version, func(sub *Subscription) error {
		kept := sub.Secrets[:0]
		for _, k := range sub.Secrets {
			if k.ExpiresAt != nil && !now.Before(*k.ExpiresAt) {
				continue
			}
			if k.ExpiresAt == nil {
				until := now.Add(grace)
				k.ExpiresAt = &until
			}
			kept = append(kept, k)
		}
		sub.Secrets = append(kept, secret)
		sub.UpdatedAt = now
		return nil
	})
	if err != nil {
		return nil, "", fmt.Errorf("webhook: rotate secret of %s: %w", id, err)
	}
	return sub, text, nil
}

// DeleteSubscription removes a subscription and its deliveries, for an
// administrator.
func (s *Service) DeleteSubscription(ctx context.Context, actor, id string) error {
	if err := s.requireAdmin(ctx, actor); err != nil {
		return err
	}
	if err := s.store.DeleteSubscription(ctx, id); err != nil {
		return fmt.Errorf("webhook: delete subscription %s: %w", id, err)
	}
	return nil
}

// Deliveries lists deliveries, for an administrator.
func (s *Service) Deliveries(ctx context.Context, actor string, f DeliveryFilter, page storage.PageRequest) (storage.Page[Delivery], error) {
	if err := s.requireAdmin(ctx, actor); err != nil {
		return storage.Page[Delivery]{}, err
	}
	p, err := s.store.Deliveries(ctx, f, page)
	if err != nil {
		return p, fmt.Errorf("webhook: deliveries: %w", err)
	}
	return p, nil
}

// Delivery returns one delivery, for an administrator.
func (s *Service) Delivery(ctx context.Context, actor, id string) (*Delivery, error) {
	if err := s.requireAdmin(ctx, actor); err != nil {
		return nil, err
	}
	d, err := s.store.Delivery(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("webhook: delivery %s: %w", id, err)
	}
	return d, nil
}

// Redeliver makes a delivered or dead delivery pending again, due now,
// with its attempts counted from zero and its ID (the webhook-id) kept,
// for an administrator. A pending delivery returns ErrNotDeliverable.
func (s *Service) Redeliver(ctx context.Context, actor, id string) (*Delivery, error) {
	if err := s.requireAdmin(ctx, actor); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	d, err := s.store.UpdateDelivery(ctx, id, 0, func(d *Delivery) error {
		if d.Status == Pending {
			return ErrNotDeliverable
		}
		d.Status, d.Attempts, d.NextAt, d.UpdatedAt = Pending, 0, now, now
		d.Holder, d.LeaseUntil = "", time.Time{}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("webhook: redeliver %s: %w", id, err)
	}
	return d, nil
}

// Dispatcher returns the consumer of the event log that turns each event
// into a delivery per matching, enabled subscription. Run it (or Run the
// Service) on every instance: one holds its lease at a time. The
// consumers a Service returns share its holder, so they take the lease
// from each other. A replay
// after a crash makes no second delivery of an event to a subscription.
func (s *Service) Dispatcher() *events.Consumer {
	return &events.Consumer{Log: s.store, Name: "webhooks", Holder: s.holder, HandleBatch: s.dispatch, Now: s.now, Lease: s.lease}
}

// dispatch turns a batch of events into deliveries, with one read of the
// subscriptions and one write for the whole batch.
func (s *Service) dispatch(ctx context.Context, batch []storage.Event) error {
	var subs []Subscription
	for page := (storage.PageRequest{Limit: storage.MaxLimit}); ; {
		p, err := s.store.Subscriptions(ctx, page)
		if err != nil {
			return err
		}
		for _, sub := range p.Items {
			if !sub.Disabled {
				subs = append(subs, sub)
			}
		}
		if p.Next == "" {
			break
		}
		page.Cursor = p.Next
	}
	if len(subs) == 0 {
		return nil
	}
	var ds []*Delivery
	now := s.now().UTC()
	for _, e := range batch {
		var open *bool // whether anyone may see e, asked once
		for _, sub := range subs {
			if !sub.wants(e.Type) {
				continue
			}
			if !sub.Private {
				if open == nil {
					ok, err := e.Visible(ctx, "", s.scope)
					if err != nil {
						return err
					}
					open = &ok
				}
				if !*open {
					continue
				}
			}
			ds = append(ds, &Delivery{ID: s.newID(), SubscriptionID: sub.ID, EventSeq: e.Seq, EventID: e.ID, Type: e.Type,
				Status: Pending, NextAt: now, CreatedAt: now, UpdatedAt: now, Version: 1})
		}
	}
	if len(ds) == 0 {
		return nil
	}
	return s.store.EnqueueDeliveries(ctx, ds...)
}

// message is the body of a delivery.
type message struct {
	Type      string    `json:"type"`
	Timestamp time.Time `json:"timestamp"`
	Data      data      `json:"data"`
}

type data struct {
	Seq      int64             `json:"seq"`
	ID       string            `json:"id"`
	Type     string            `json:"type"`
	Schema   int               `json:"schema"`
	At       time.Time         `json:"at"`
	Actor    string            `json:"actor"`
	Subjects []string          `json:"subjects"`
	Audience *storage.Audience `json:"audience,omitempty"`
	Payload  json.RawMessage   `json:"payload"`
}

// Work claims the deliveries due now, up to limit (100 when 0 or less),
// attempts them at once, records the outcomes, and returns how many it
// claimed.
func (s *Service) Work(ctx context.Context, limit int) (int, error) {
	if limit <= 0 {
		limit = 100
	}
	now := s.now().UTC()
	claimed, err := s.store.ClaimDeliveries(ctx, s.holder, now, s.lease+s.client.Timeout, limit)
	if err != nil {
		return 0, fmt.Errorf("webhook: claim deliveries: %w", err)
	}
	// Attempted side by side, every claimed delivery ends within the
	// client's timeout, before its lease: a hanging endpoint holds up
	// none of the others.
	errs := make([]error, len(claimed))
	var wg sync.WaitGroup
	for i, d := range claimed {
		wg.Go(func() { errs[i] = s.attempt(ctx, d) })
	}
	wg.Wait()
	return len(claimed), errors.Join(errs...)
}

// attempt posts one claimed delivery and records the outcome.
func (s *Service) attempt(ctx context.Context, d Delivery) error {
	sub, err := s.store.Subscription(ctx, d.SubscriptionID)
	if errors.Is(err, storage.ErrNotFound) {
		return s.finish(ctx, d, 0, "the subscription is gone", false)
	}
	if err != nil {
		return fmt.Errorf("webhook: delivery %s: %w", d.ID, err)
	}
	if sub.Disabled {
		return s.finish(ctx, d, 0, "the subscription is disabled", false)
	}
	evs, err := s.store.Events(ctx, storage.EventFilter{After: d.EventSeq - 1, Limit: 1})
	if err != nil {
		return fmt.Errorf("webhook: delivery %s: %w", d.ID, err)
	}
	if len(evs) == 0 || evs[0].Seq != d.EventSeq {
		return s.finish(ctx, d, 0, "the event is gone from the log", false)
	}
	e := evs[0]
	msg := message{Type: e.Type, Timestamp: e.At, Data: data{Seq: e.Seq, ID: e.ID, Type: e.Type, Schema: e.Schema,
		At: e.At, Actor: e.Actor, Subjects: e.Subjects, Payload: e.Payload}}
	if msg.Data.Subjects == nil {
		msg.Data.Subjects = []string{}
	}
	if sub.Private {
		msg.Data.Audience = &e.Audience
	}
	body, err := json.Marshal(msg)
	if err != nil {
		return fmt.Errorf("webhook: delivery %s: %w", d.ID, err)
	}
	now := s.now()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, sub.URL, bytes.NewReader(body))
	if err != nil {
		return s.finish(ctx, d, 0, err.Error(), true)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Footprint-Webhooks/1")
	sign(req.Header, d.ID, now, body, sub.keys(now))
	resp, err := s.client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err() // stopping: the lease runs out and another worker retries
		}
		return s.finish(ctx, d, 0, err.Error(), true)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return s.finish(ctx, d, resp.StatusCode, "", false)
	case resp.StatusCode == http.StatusGone:
		if _, err := s.store.UpdateSubscription(ctx, sub.ID, 0, func(sub *Subscription) error {
			sub.Disabled, sub.DisabledReason, sub.UpdatedAt = true, "the endpoint answered 410 Gone", s.now().UTC()
			return nil
		}); err != nil && !errors.Is(err, storage.ErrNotFound) {
			return fmt.Errorf("webhook: disable %s: %w", sub.ID, err)
		}
		return s.finish(ctx, d, resp.StatusCode, "the endpoint answered 410 Gone", false)
	}
	return s.finish(ctx, d, resp.StatusCode, "the endpoint answered "+resp.Status, true)
}

// finish records an attempt: delivered (status 2xx, no problem), retried
// later (retry), or dead.
func (s *Service) finish(ctx context.Context, claimed Delivery, status int, problem string, retry bool) error {
	// The outcome is recorded even when ctx ends meanwhile (Run
	// stopping): a delivery sent but not recorded would be sent again.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.lease)
	defer cancel()
	now := s.now().UTC()
	_, err := s.store.UpdateDelivery(ctx, claimed.ID, 0, func(d *Delivery) error {
		if d.Holder != s.holder || d.Status != Pending {
			return storage.ErrLeaseHeld // another worker took it over, or an admin changed it
		}
		d.Attempts++
		d.LastStatus, d.LastError = status, problem
		d.Holder, d.LeaseUntil, d.UpdatedAt = "", time.Time{}, now
		switch {
		case problem == "" && status >= 200 && status < 300:
			d.Status = Delivered
		case retry && d.Attempts < s.maxAttempts:
			d.NextAt = now.Add(s.backoff(d.Attempts))
		default:
			d.Status = Dead
		}
		return nil
	})
	if problem != "" {
		s.log.WarnContext(ctx, "webhook: delivery failed", "delivery", claimed.ID, "subscription", claimed.SubscriptionID,
			"status", status, "error", problem)
	}
	if errors.Is(err, storage.ErrLeaseHeld) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("webhook: record delivery %s: %w", claimed.ID, err)
	}
	return nil
}

// backoff is the pause after the attempt-th failed attempt: the base
// doubled per attempt, capped, with jitter over its upper half.
func (s *Service) backoff(attempt int) time.Duration {
	d := s.base
	for i := 1; i < attempt && d < s.cap; i++ {
		d *= 2
	}
	d = min(d, s.cap)
	if d <= 1 {
		return d
	}
	return d/2 + rand.N(d/2)
}

// Run dispatches events and delivers them until ctx ends: the dispatcher
// reads the log every poll (1 s when zero), and deliveries due are
// claimed every poll, or as soon as an attempt ends, and attempted side by
// side, up to inFlight at once (DefaultInFlight when zero or less). An
// endpoint that hangs holds one of those places until the client's
// timeout, then its delivery waits out its backoff; writes never wait for
// deliveries. Run returns ctx's error once the attempts under way have
// ended.
func (s *Service) Run(ctx context.Context, inFlight int, poll time.Duration) error {
	if poll <= 0 {
		poll = time.Second
	}
	if inFlight <= 0 {
		inFlight = DefaultInFlight
	}
	d := s.Dispatcher()
	d.Poll = poll
	var wg sync.WaitGroup
	wg.Go(func() { _ = d.Run(ctx) })
	slots := make(chan struct{}, inFlight)
	ended := make(chan struct{}, 1)
	t := time.NewTicker(poll)
	defer t.Stop()
	for ctx.Err() == nil {
		free := inFlight - len(slots)
		var claimed []Delivery
		if free > 0 {
			var err error
			claimed, err = s.store.ClaimDeliveries(ctx, s.holder, s.now().UTC(), s.lease+s.client.Timeout, free)
			if err != nil && ctx.Err() == nil {
				s.log.ErrorContext(ctx, "webhook: claim deliveries", "error", err)
			}
		}
		for _, c := range claimed {
			slots <- struct{}{}
			wg.Go(func() {
				defer func() {
					<-slots
					select {
					case ended <- struct{}{}:
					default:
					}
				}()
				if err := s.attempt(ctx, c); err != nil && ctx.Err() == nil {
					s.log.ErrorContext(ctx, "webhook: attempt", "delivery", c.ID, "error", err)
				}
			})
		}
		if free > 0 && len(claimed) == free {
			continue // there may be more due
		}
		select {
		case <-ctx.Done():
		case <-t.C:
		case <-ended:
		}
	}
	wg.Wait()
	return ctx.Err()
}
