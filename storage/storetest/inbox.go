package storetest

import (
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/adapters/events/inbox"
	"github.com/footprint-hq/footprint/storage"
)

// Inbox checks an inbox.Store. newStore must return a new, empty store
// each time it is called; every subtest gets its own.
func Inbox(t *testing.T, newStore func(t *testing.T) inbox.Store) {
	runGroups(t, newStore, []group[inbox.Store]{
		{"add once", inboxAddOnce},
		{"list", inboxList},
		{"read", inboxRead},
		{"race", inboxRace},
	})
}

func inboxItem(person, key string) inbox.Item {
	return inbox.Item{ID: newID(), Person: person, Key: key, Kind: "reminder.checkin_due",
		Title: "Check in on " + key, Link: inbox.Link{Kind: "okr.objective", ID: key}, At: base}
}

func inboxAddOnce(t *testing.T, newStore func(t *testing.T) inbox.Store) {
	c, s := ctx(t), newStore(t)
	first := inboxItem("ana", "k1")
	first.EventSeq = 7
	n, err := s.AddInboxItems(c, []inbox.Item{first, inboxItem("ben", "k1")})
	require.NoError(t, err)
	assert.Equal(t, 2, n)

	n, err = s.AddInboxItems(c, []inbox.Item{inboxItem("ana", "k1"), inboxItem("ana", "k2")})
	require.NoError(t, err)
	assert.Equal(t, 1, n, "a key already in the inbox is skipped")

	page, err := s.InboxItems(c, "ana", inbox.Filter{}, storage.PageRequest{})
	require.NoError(t, err)
	require.Len(t, page.Items, 2)
	got := page.Items[1]
	assert.Equal(t, first, got, "an item comes back as it went in")

	_, err = s.AddInboxItems(c, []inbox.Item{{ID: newID(), Person: "ana"}})
	assert.ErrorIs(t, err, storage.ErrInvalid)
}

func inboxList(t *testing.T, newStore func(t *testing.T) inbox.Store) {
	c, s := ctx(t), newStore(t)
	var want []string
	for i := range 7 {
		it := inboxItem("ana", fmt.Sprint("k", i))
		want = append(want, it.ID)
		_, err := s.AddInboxItems(c, []inbox.Item{it})
		require.NoError(t, err)
	}
	_, err := s.AddInboxItems(c, []inbox.Item{inboxItem("ben", "k0")})
	require.NoError(t, err)
	slices.Reverse(want)
	list := func(p storage.PageRequest) ([]string, string, error) {
		page, err := s.InboxItems(c, "ana", inbox.Filter{}, p)
		return keys(page.Items), page.Next, err
	}
	for _, n := range []int{1, 3, 7, 10} {
		checkPaging(t, n, want, list)
	}
	page, err := s.InboxItems(c, "ana", inbox.Filter{}, storage.PageRequest{Limit: storage.NoLimit})
	require.NoError(t, err)
	assert.Equal(t, want, keys(page.Items), "newest first")

	page, err = s.InboxItems(c, "cy", inbox.Filter{}, storage.PageRequest{})
	require.NoError(t, err)
	assert.Empty(t, page.Items)
	assert.NotNil(t, page.Items)
}

func inboxRead(t *testing.T, newStore func(t *testing.T) inbox.Store) {
	c, s := ctx(t), newStore(t)
	var ids []string
	for i := range 5 {
		it := inboxItem("ana", fmt.Sprint("k", i))
		ids = append(ids, it.ID)
		_, err := s.AddInboxItems(c, []inbox.Item{it})
		require.NoError(t, err)
	}
	_, err := s.AddInboxItems(c, []inbox.Item{inboxItem("ben", "k0")})
	require.NoError(t, err)
	unread := func(person string) int {
		n, err := s.InboxUnread(c, person)
		require.NoError(t, err)
		return n
	}
	assert.Equal(t, 5, unread("ana"))

	at := base.Add(1e9)
	n, err := s.MarkInboxRead(c, "ana", inbox.Mark{IDs: []string{ids[0], "nope"}, At: at})
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	n, err = s.MarkInboxRead(c, "ben", inbox.Mark{IDs: []string{ids[1]}, At: at})
	require.NoError(t, err)
	assert.Equal(t, 0, n, "another person's item is not marked")
	assert.Equal(t, 4, unread("ana"))

	page, err := s.InboxItems(c, "ana", inbox.Filter{Unread: true}, storage.PageRequest{})
	require.NoError(t, err)
	assert.Equal(t, []string{ids[4], ids[3], ids[2], ids[1]}, keys(page.Items))
	page, err = s.InboxItems(c, "ana", inbox.Filter{}, storage.PageRequest{})
	require.NoError(t, err)
	last := page.Items[4]
	assert.True(t, last.Read)
	require.NotNil(t, last.ReadAt)
	assert.True(t, at.Equal(*last.ReadAt))

	n, err = s.MarkInboxRead(c, "ana", inbox.Mark{All: true, UpTo: ids[2], At: at})
	require.NoError(t, err)
	assert.Equal(t, 2, n, "all up to an ID marks only the items up to it")
	assert.Equal(t, 2, unread("ana"))
	n, err = s.MarkInboxRead(c, "ana", inbox.Mark{All: true, At: at})
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	assert.Equal(t, 0, unread("ana"))
	assert.Equal(t, 1, unread("ben"))
}

func inboxRace(t *testing.T, newStore func(t *testing.T) inbox.Store) {
	c, s := ctx(t), newStore(t)
	const workers, keysEach = 2, 10
	var wg sync.WaitGroup
	added := make([]int, workers)
	errs := make([]error, workers)
	start := make(chan struct{})
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for k := range keysEach {
				n, err := s.AddInboxItems(c, []inbox.Item{inboxItem("ana", fmt.Sprint("k", k))})
				if err != nil {
					errs[w] = err
					return
				}
				added[w] += n
			}
		}()
	}
	close(start)
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	assert.Equal(t, keysEach, added[0]+added[1], "each key is stored by exactly one writer")
	page, err := s.InboxItems(c, "ana", inbox.Filter{}, storage.PageRequest{Limit: storage.NoLimit})
	require.NoError(t, err)
	assert.Len(t, page.Items, keysEach)
}
