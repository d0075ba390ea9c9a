package calendar_test

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/adapters/events/calendar"
	"github.com/footprint-hq/footprint/storage"
	"github.com/footprint-hq/footprint/storage/memory"
)

var key = []byte("0123456789abcdef0123456789abcdef")

func newService(t *testing.T, store calendar.Store, k []byte) *calendar.Service {
	s, err := calendar.NewService(store, k)
	require.NoError(t, err)
	return s
}

func TestSubscribeRotateRevoke(t *testing.T) {
	ctx := context.Background()
	store := memory.New()
	cals := newService(t, store, key)

	f, token, err := cals.Subscribe(ctx, "ana")
	require.NoError(t, err)
	assert.Equal(t, "ana", f.Person)
	got, err := cals.Resolve(ctx, token)
	require.NoError(t, err)
	assert.Equal(t, f, got)
	_, again, err := cals.Feed(ctx, "ana")
	require.NoError(t, err)
	assert.Equal(t, token, again, "the owner may read their address again")

	rotated, fresh, err := cals.Subscribe(ctx, "ana")
	require.NoError(t, err)
	assert.NotEqual(t, token, fresh)
	assert.Equal(t, f.CreatedAt, rotated.CreatedAt)
	assert.Equal(t, int64(2), rotated.Version)
	_, err = cals.Resolve(ctx, token)
	assert.ErrorIs(t, err, calendar.ErrBadToken, "the address before the rotation is dead")
	assert.ErrorIs(t, err, storage.ErrNotFound)
	_, err = cals.Resolve(ctx, fresh)
	require.NoError(t, err)

	require.NoError(t, cals.Revoke(ctx, "ana"))
	_, err = cals.Resolve(ctx, fresh)
	assert.ErrorIs(t, err, calendar.ErrBadToken, "a revoked address is dead")
	assert.ErrorIs(t, cals.Revoke(ctx, "ana"), storage.ErrNotFound)
	_, _, err = cals.Feed(ctx, "ana")
	assert.ErrorIs(t, err, storage.ErrNotFound)
	_, _, err = cals.Subscribe(ctx, "")
	assert.ErrorIs(t, err, storage.ErrNoActor)
}

func TestForgedTokensAreRefused(t *testing.T) {
	ctx := context.Background()
	store := memory.New()
	cals := newService(t, store, key)
	_, ana, err := cals.Subscribe(ctx, "ana")
	require.NoError(t, err)
	bobFeed, bob, err := cals.Subscribe(ctx, "bob")
	require.NoError(t, err)

	parts := strings.Split(ana, ".")
	swapped := base64.RawURLEncoding.EncodeToString([]byte("bob")) + "." + bobFeed.ID + "." + parts[2]
	other := newService(t, store, []byte("another key, 32 bytes or more ....."))
	_, signedElsewhere, err := other.Feed(ctx, "ana")
	require.NoError(t, err)
	for name, token := range map[string]string{
		"empty":                 "",
		"two parts":             parts[0] + "." + parts[1],
		"four parts":            ana + ".x",
		"bad base64":            "!!." + parts[1] + "." + parts[2],
		"someone else's feed":   swapped,
		"a truncated signature": ana[:len(ana)-2],
		"another key":           signedElsewhere,
	} {
		_, err := cals.Resolve(ctx, token)
		assert.ErrorIs(t, err, calendar.ErrBadToken, name)
	}
	got, err := cals.Resolve(ctx, bob)
	require.NoError(t, err)
	assert.Equal(t, "bob", got.Person)
}

func TestShortKeysAreRefused(t *testing.T) {
	_, err := calendar.NewService(memory.New(), []byte("short"))
	assert.ErrorIs(t, err, storage.ErrInvalid)
}

// Two subscribes at once leave one feed, and one of the two addresses.
func TestConcurrentSubscribes(t *testing.T) {
	ctx := context.Background()
	store := memory.New()
	cals := newService(t, store, key)
	tokens := make(chan string, 8)
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			_, tok, err := cals.Subscribe(ctx, "ana")
			tokens <- tok
			errs <- err
		}()
	}
	var all []string
	for range 8 {
		require.NoError(t, <-errs)
		all = append(all, <-tokens)
	}
	valid := 0
	for _, tok := range all {
		if _, err := cals.Resolve(ctx, tok); err == nil {
			valid++
		}
	}
	assert.Equal(t, 1, valid, "only the last rotation's address works")
}
