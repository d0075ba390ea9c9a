package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// secretPrefix starts the text of every secret, as Standard Webhooks
// libraries expect it.
const secretPrefix = "whsec_"

// SecretText returns the text of a signing key: "whsec_" and its base64.
func SecretText(key []byte) string { return secretPrefix + base64.StdEncoding.EncodeToString(key) }

// parseSecret returns the key of a secret's text, with or without its
// prefix.
func parseSecret(secret string) ([]byte, error) {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, secretPrefix))
	if err != nil || len(key) == 0 {
		return nil, errors.New("webhook: the secret is not whsec_ and base64")
	}
	return key, nil
}

// signature returns the v1 signature of a message under key.
func signature(key []byte, id string, ts int64, body []byte) string {
	mac := hmac.New(sha256.New, key)
	fmt.Fprintf(mac, "%s.%d.", id, ts)
	mac.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// sign sets the Standard Webhooks headers of a request with body, one
// signature per key.
func sign(h http.Header, id string, at time.Time, body []byte, keys [][]byte) {
	ts := at.Unix()
	sigs := make([]string, len(keys))
	for i, k := range keys {
		sigs[i] = signature(k, id, ts, body)
	}
	h.Set("webhook-id", id)
	h.Set("webhook-timestamp", strconv.FormatInt(ts, 10))
	h.Set("webhook-signature", strings.Join(sigs, " "))
}

// Errors of Verify.
var (
	// ErrNoSignature: the request lacks a Standard Webhooks header.
	ErrNoSignature = errors.New("webhook: missing webhook-id, webhook-timestamp or webhook-signature")
	// ErrBadTimestamp: the timestamp is not a number or is too far from
	// now, as a replayed request's would be.
	ErrBadTimestamp = errors.New("webhook: timestamp outside the tolerance")
	// ErrBadSignature: no signature matches the secret.
	ErrBadSignature = errors.New("webhook: no signature matches")
)

// DefaultTolerance is how far a request's timestamp may be from the
// receiver's clock, in Verify, when it is given zero.
const DefaultTolerance = 5 * time.Minute

// Verify checks, for a receiver, that a request with headers h and body
// was signed with secret ("whsec_…") at a time within tolerance of now
// (DefaultTolerance when zero): it returns nil when one of its v1
// signatures matches, comparing in constant time.
func Verify(secret string, h http.Header, body []byte, now time.Time, tolerance time.Duration) error {
	key, err := parseSecret(secret)
	if err != nil {
		return err
	}
	id, tsText, sigs := h.Get("webhook-id"), h.Get("webhook-timestamp"), h.Get("webhook-signature")
	if id == "" || tsText == "" || sigs == "" {
		return ErrNoSignature
	}
	ts, err := strconv.ParseInt(tsText, 10, 64)
	if err != nil {
		return ErrBadTimestamp
	}
	if tolerance <= 0 {
		tolerance = DefaultTolerance
	}
	if d := now.Sub(time.Unix(ts, 0)); d > tolerance || d < -tolerance {
		return ErrBadTimestamp
	}
	want := []byte(signature(key, id, ts, body))
	for _, sig := range strings.Fields(sigs) {
		if hmac.Equal([]byte(sig), want) {
			return nil
		}
	}
	return ErrBadSignature
}
