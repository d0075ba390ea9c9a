// Package storetest is the conformance suite every Footprint store must
// pass. It has one entry per domain — OKR, and more as domains are added —
// each taking a function that returns a new, empty store, and running
// every check in its own subtest against a fresh store:
//
//	func TestOKR(t *testing.T) {
//		storetest.OKR(t, func(t *testing.T) okr.Store { return memory.New() })
//	}
//
// The suite uses only a Store's interface, so it runs unchanged against
// the memory store, SQLite and PostgreSQL, and against a host's own
// implementation.
//
// Every versioned aggregate passes the same standard cases — create and
// get, create twice, not found, version 0, a stale version, rollback on a
// callback error, concurrent updates losing nothing — and every domain's
// cross-aggregate work the same atomic cases; the cases particular to
// one aggregate come after them. Subtests run in parallel, each on its
// own store with its own IDs, so newStore must be safe to call from
// several goroutines at once.
package storetest

import (
	"context"
	"errors"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/storage"
)

// errCallback is the error update callbacks return to test rollback.
var errCallback = errors.New("storetest: callback refused")

// base is the moment every value made by the suite is stamped with. It has
// no monotonic clock reading and whole microseconds, so it survives a round
// trip through any database.
var base = time.Date(2026, time.March, 2, 9, 30, 0, 0, time.UTC)

// assertSortedIDs checks that a list came back in ID order.
func assertSortedIDs(t *testing.T, got []string) {
	t.Helper()
	assert.True(t, sort.StringsAreSorted(got), "list must be ordered by ID: %v", got)
}

// checkPaging walks every page of size n and checks that together they
// hold want, in order, with no page larger than n and a Next cursor on
// every page but the last.
func checkPaging(t *testing.T, n int, want []string, list func(storage.PageRequest) ([]string, string, error)) {
	t.Helper()
	var got []string
	req := storage.PageRequest{Limit: n}
	for pages := 0; ; pages++ {
		require.Less(t, pages, len(want)+2, "paging does not end")
		items, next, err := list(req)
		require.NoError(t, err)
		require.LessOrEqual(t, len(items), n, "page larger than its limit")
		got = append(got, items...)
		if next == "" {
			break
		}
		require.Len(t, items, n, "only the last page may be short")
		req.Cursor = next
	}
	assert.Equal(t, want, got, "pages together must hold every value once, in ID order")
}

// ctx returns a context for one subtest.
func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return c
}

// pages adapts a store's list method to checkPaging: given a filter, the
// function it returns lists one page and answers the values' keys.
func pages[F, V any](c context.Context, list func(context.Context, F, storage.PageRequest) (storage.Page[V], error)) func(F) func(storage.PageRequest) ([]string, string, error) {
	return func(f F) func(storage.PageRequest) ([]string, string, error) {
		return func(p storage.PageRequest) ([]string, string, error) {
			page, err := list(c, f, p)
			return keys(page.Items), page.Next, err
		}
	}
}

// keys returns the key of each value: its ID field, or its Person field
// for values kept per person.
func keys[V any](vs []V) []string {
	out := make([]string, len(vs))
	for i := range vs {
		v := reflect.ValueOf(vs[i])
		f := v.FieldByName("ID")
		if !f.IsValid() {
			f = v.FieldByName("Person")
		}
		out[i] = f.String()
	}
	return out
}
