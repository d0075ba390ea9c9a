// Package calendar keeps each person's calendar subscription: a secret,
// signed address that Google, Outlook and Apple calendars poll without
// the host's sign-in, which the person creates, rotates and revokes.
//
// A feed's token names the person and the feed's current ID, signed with
// HMAC-SHA256 under the host's key:
//
//	base64url(person) "." feedID "." base64url(HMAC(key, person, feedID))
//
// Resolve accepts a token only when its signature holds and its feed ID is
// the person's current one, so rotating (a new ID) or revoking (no feed)
// ends every address given out before at once. Neither the token nor
// anything it can be made from without the key is stored, so a read of
// the database alone gives no one an address.
package calendar

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/footprint-hq/footprint/storage"
)

// Feed is a person's calendar subscription.
type Feed struct {
	// Person owns the feed; there is at most one per person.
	Person string `json:"person"`
	// ID changes each time the feed is rotated, which ends the addresses
	// of the IDs before.
	ID        string    `json:"id"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
	Version   int64     `json:"version"`
}

// Store keeps the feeds, one per person.
type Store interface {
	// CreateCalendarFeed stores a person's first feed (ErrAlreadyExists
	// when they have one).
	CreateCalendarFeed(ctx context.Context, f *Feed) error
	// CalendarFeed returns person's feed, or ErrNotFound.
	CalendarFeed(ctx context.Context, person string) (*Feed, error)
	// UpdateCalendarFeed changes person's feed atomically (version 0 skips
	// the check).
	UpdateCalendarFeed(ctx context.Context, person string, version int64, fn func(*Feed) error) (*Feed, error)
	// DeleteCalendarFeed removes person's feed (ErrNotFound when there is
	// none).
	DeleteCalendarFeed(ctx context.Context, person string) error
}

// MinKeyBytes is the shortest signing key NewService takes.
const MinKeyBytes = 32

// ErrBadToken: the token is malformed, its signature does not hold, or
// its feed was rotated or revoked. Answer it as not found: whoever holds
// such an address learns nothing from the answer.
var ErrBadToken error = storage.NewRule("calendar.bad_token", "no such calendar feed", storage.ErrNotFound)

// Service creates, rotates, revokes and resolves calendar feeds.
type Service struct {
	store Store
	key   []byte
	now   func() time.Time
	newID func() string
}

// Option configures a Service.
type Option func(*Service)

// WithClock sets the current time (time.Now by default).
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// WithIDs sets the source of feed IDs (ULIDs by default).
func WithIDs(newID func() string) Option { return func(s *Service) { s.newID = newID } }

// NewService returns a Service on store that signs tokens with key, which
// must hold at least MinKeyBytes random bytes and stay the same across
// restarts and instances: a new key ends every address.
func NewService(store Store, key []byte, opts ...Option) (*Service, error) {
	if len(key) < MinKeyBytes {
		return nil, fmt.Errorf("calendar: the signing key has %d bytes, fewer than %d: %w", len(key), MinKeyBytes, storage.ErrInvalid)
	}
	s := &Service{store: store, key: bytes.Clone(key), now: time.Now, newID: storage.NewIDSource()}
	for _, o := range opts {
		o(s)
	}
	return s, nil
}

// Subscribe gives actor a feed and returns it with its token: a new feed
// when they have none, else the same feed under a new ID, so the address
// given out before stops working (rotation).
func (s *Service) Subscribe(ctx context.Context, actor string) (*Feed, string, error) {
	if actor == "" {
		return nil, "", fmt.Errorf("calendar: %w", storage.ErrNoActor)
	}
	now := s.now().UTC()
	id := s.newID()
	f, err := s.store.UpdateCalendarFeed(ctx, actor, 0, func(f *Feed) error {
		f.ID, f.UpdatedAt = id, now
		return nil
	})
	if errors.Is(err, storage.ErrNotFound) {
		f = &Feed{Person: actor, ID: id, CreatedAt: now, UpdatedAt: now, Version: 1}
		err = s.store.CreateCalendarFeed(ctx, f)
		if errors.Is(err, storage.ErrAlreadyExists) {
			return s.Subscribe(ctx, actor) // created meanwhile: rotate it
		}
	}
	if err != nil {
		return nil, "", fmt.Errorf("calendar: subscribe %s: %w", actor, err)
	}
	return f, s.token(f), nil
}

// Feed returns actor's feed and its token, or ErrNotFound.
func (s *Service) Feed(ctx context.Context, actor string) (*Feed, string, error) {
	if actor == "" {
		return nil, "", fmt.Errorf("calendar: %w", storage.ErrNoActor)
	}
	f, err := s.store.CalendarFeed(ctx, actor)
	if err != nil {
		return nil, "", fmt.Errorf("calendar: feed of %s: %w", actor, err)
	}
	return f, s.token(f), nil
}

// Revoke removes actor's feed: its address stops working (ErrNotFound
// when there is none).
func (s *Service) Revoke(ctx context.Context, actor string) error {
	if actor == "" {
		return fmt.Errorf("calendar: %w", storage.ErrNoActor)
	}
	if err := s.store.DeleteCalendarFeed(ctx, actor); err != nil {
		return fmt.Errorf("calendar: revoke the feed of %s: %w", actor, err)
	}
	return nil
}

// Resolve returns the feed a token addresses, or ErrBadToken.
func (s *Service) Resolve(ctx context.Context, token string) (*Feed, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, ErrBadToken
	}
	person, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil || len(person) == 0 {
		return nil, ErrBadToken
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || !hmac.Equal(sig, s.sign(string(person), parts[1])) {
		return nil, ErrBadToken
	}
	f, err := s.store.CalendarFeed(ctx, string(person))
	if errors.Is(err, storage.ErrNotFound) {
		return nil, ErrBadToken
	}
	if err != nil {
		return nil, fmt.Errorf("calendar: resolve: %w", err)
	}
	if !hmac.Equal([]byte(f.ID), []byte(parts[1])) {
		return nil, ErrBadToken // rotated
	}
	return f, nil
}

func (s *Service) token(f *Feed) string {
	return base64.RawURLEncoding.EncodeToString([]byte(f.Person)) + "." + f.ID + "." +
		base64.RawURLEncoding.EncodeToString(s.sign(f.Person, f.ID))
}

// sign is the HMAC of a person's feed ID, each part length-prefixed so
// that no two pairs sign alike.
func (s *Service) sign(person, id string) []byte {
	mac := hmac.New(sha256.New, s.key)
	fmt.Fprintf(mac, "footprint calendar feed\x00%d:%s\x00%d:%s", len(person), person, len(id), id)
	return mac.Sum(nil)
}
