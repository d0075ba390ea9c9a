package storage

import (
	"crypto/rand"
	"sync"
	"time"

	"github.com/oklog/ulid/v2"
)

// NewIDSource returns a function that makes ULIDs: 26-character,
// lexicographically sortable identifiers whose first part is the time of
// creation. IDs made by one source are strictly increasing, even within
// the same millisecond, so ordering by ID is ordering by creation. The
// function is safe for concurrent use. Services use it unless given another
// ID source.
func NewIDSource() func() string {
	var mu sync.Mutex
	entropy := ulid.Monotonic(rand.Reader, 0)
	return func() string {
		mu.Lock()
		defer mu.Unlock()
		return ulid.MustNew(ulid.Timestamp(time.Now()), entropy).String()
	}
}
