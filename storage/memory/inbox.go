package memory

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/footprint-hq/footprint/adapters/events/inbox"
	"github.com/footprint-hq/footprint/storage"
)

// inboxTables hold each person's inbox items, sorted by ID, and the keys
// already taken.
type inboxTables struct {
	items map[string][]inbox.Item
	keys  map[string]bool // person + "\x00" + key
}

func newInboxTables() inboxTables {
	return inboxTables{items: map[string][]inbox.Item{}, keys: map[string]bool{}}
}

func cloneInboxItem(it inbox.Item) inbox.Item {
	if it.ReadAt != nil {
		at := *it.ReadAt
		it.ReadAt = &at
	}
	return it
}

// AddInboxItems stores the items whose person and key are new (see
// inbox.Store).
func (s *Store) AddInboxItems(ctx context.Context, items []inbox.Item) (int, error) {
	for _, it := range items {
		if it.ID == "" || it.Person == "" || it.Key == "" {
			return 0, fmt.Errorf("memory: add inbox item: id, person and key are required: %w", storage.ErrInvalid)
		}
	}
	added := 0
	err := s.write(ctx, func(record func(func())) error {
		t := &s.inbox
		for _, it := range items {
			k := it.Person + "\x00" + it.Key
			if t.keys[k] {
				continue
			}
			list := t.items[it.Person]
			i, found := slices.BinarySearchFunc(list, it.ID, func(v inbox.Item, id string) int { return strings.Compare(v.ID, id) })
			if found {
				return fmt.Errorf("memory: inbox item %s: %w", it.ID, storage.ErrAlreadyExists)
			}
			it.At = it.At.UTC()
			t.items[it.Person] = slices.Insert(list, i, cloneInboxItem(it))
			t.keys[k] = true
			person, id := it.Person, it.ID
			record(func() {
				delete(t.keys, k)
				l := t.items[person]
				if j, ok := slices.BinarySearchFunc(l, id, func(v inbox.Item, id string) int { return strings.Compare(v.ID, id) }); ok {
					t.items[person] = slices.Delete(l, j, j+1)
				}
			})
			added++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return added, nil
}

// InboxItems returns a page of person's items, newest first.
func (s *Store) InboxItems(ctx context.Context, person string, f inbox.Filter, page storage.PageRequest) (storage.Page[inbox.Item], error) {
	before, err := page.After()
	if err != nil {
		return storage.Page[inbox.Item]{}, err
	}
	out := []inbox.Item{}
	err = s.read(ctx, func() error {
		list := s.inbox.items[person]
		n := page.Size()
		for i := len(list) - 1; i >= 0; i-- {
			it := list[i]
			if before != "" && it.ID >= before || f.Unread && it.Read {
				continue
			}
			out = append(out, cloneInboxItem(it))
			if n > 0 && len(out) > n {
				break
			}
		}
		return nil
	})
	if err != nil {
		return storage.Page[inbox.Item]{}, err
	}
	return storage.Paginate(out, page, func(it inbox.Item) string { return it.ID }), nil
}

// InboxUnread counts person's unread items.
func (s *Store) InboxUnread(ctx context.Context, person string) (int, error) {
	n := 0
	err := s.read(ctx, func() error {
		for _, it := range s.inbox.items[person] {
			if !it.Read {
				n++
			}
		}
		return nil
	})
	return n, err
}

// MarkInboxRead marks items of person's inbox read (see inbox.Store).
func (s *Store) MarkInboxRead(ctx context.Context, person string, m inbox.Mark) (int, error) {
	at := m.At.UTC()
	n := 0
	err := s.write(ctx, func(record func(func())) error {
		list := s.inbox.items[person]
		for i := range list {
			it := &list[i]
			if it.Read {
				continue
			}
			if !(m.All && (m.UpTo == "" || it.ID <= m.UpTo)) && !slices.Contains(m.IDs, it.ID) {
				continue
			}
			it.Read, it.ReadAt = true, &at
			id := it.ID
			record(func() {
				l := s.inbox.items[person]
				if j, ok := slices.BinarySearchFunc(l, id, func(v inbox.Item, id string) int { return strings.Compare(v.ID, id) }); ok {
					l[j].Read, l[j].ReadAt = false, nil
				}
			})
			n++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}
