package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/footprint-hq/footprint/adapters/events/inbox"
	"github.com/footprint-hq/footprint/storage"
)

const inboxColumns = "id, person, item_key, kind, title, link_kind, link_id, event_seq, at, read_at"

// AddInboxItems stores the items whose person and key are new (see
// inbox.Store): the unique index on (person, key) and ON CONFLICT DO
// NOTHING make a concurrent second insert of a key a no-op.
func (s *Store) AddInboxItems(ctx context.Context, items []inbox.Item) (int, error) {
	for _, it := range items {
		if it.ID == "" || it.Person == "" || it.Key == "" {
			return 0, fmt.Errorf("sqlstore: add inbox item: id, person and key are required: %w", storage.ErrInvalid)
		}
	}
	if len(items) == 0 {
		return 0, nil
	}
	added := 0
	err := s.write(ctx, func(ctx context.Context) error {
		added = 0
		st, err := s.stmt(ctx, s.dialect.rebind("INSERT INTO inbox_items ("+inboxColumns+
			") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '') ON CONFLICT (person, item_key) DO NOTHING"))
		if err != nil {
			return err
		}
		for _, it := range items {
			res, err := st.ExecContext(ctx, it.ID, it.Person, it.Key, it.Kind, it.Title, it.Link.Kind, it.Link.ID,
				it.EventSeq, it.At.UTC().Format(timeLayout))
			if err != nil {
				return s.fail(ctx, "add inbox item "+it.Key, err)
			}
			n, err := res.RowsAffected()
			if err != nil {
				return s.fail(ctx, "add inbox item "+it.Key, err)
			}
			added += int(n)
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
	where, args := []string{"person = ?"}, []any{person}
	if before != "" {
		where = append(where, "id < ?")
		args = append(args, before)
	}
	if f.Unread {
		where = append(where, "read_at = ''")
	}
	query := "SELECT " + inboxColumns + " FROM inbox_items WHERE " + strings.Join(where, " AND ") + " ORDER BY id DESC"
	if n := page.Size(); n > 0 {
		query += " LIMIT ?"
		args = append(args, n+1)
	}
	st, err := s.stmt(ctx, s.dialect.rebind(query))
	if err != nil {
		return storage.Page[inbox.Item]{}, err
	}
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return storage.Page[inbox.Item]{}, s.fail(ctx, "list inbox", err)
	}
	defer rows.Close()
	out := []inbox.Item{}
	for rows.Next() {
		var (
			it         inbox.Item
			at, readAt string
		)
		if err := rows.Scan(&it.ID, &it.Person, &it.Key, &it.Kind, &it.Title, &it.Link.Kind, &it.Link.ID,
			&it.EventSeq, &at, &readAt); err != nil {
			return storage.Page[inbox.Item]{}, s.fail(ctx, "list inbox", err)
		}
		if it.At, err = parseTime(at); err != nil {
			return storage.Page[inbox.Item]{}, fmt.Errorf("sqlstore: inbox item %s: %w", it.ID, err)
		}
		if readAt != "" {
			t, err := parseTime(readAt)
			if err != nil {
				return storage.Page[inbox.Item]{}, fmt.Errorf("sqlstore: inbox item %s: %w", it.ID, err)
			}
			it.Read, it.ReadAt = true, &t
		}
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return storage.Page[inbox.Item]{}, s.fail(ctx, "list inbox", err)
	}
	return storage.Paginate(out, page, func(it inbox.Item) string { return it.ID }), nil
}

// InboxUnread counts person's unread items.
func (s *Store) InboxUnread(ctx context.Context, person string) (int, error) {
	st, err := s.stmt(ctx, s.dialect.rebind("SELECT COUNT(*) FROM inbox_items WHERE person = ? AND read_at = ''"))
	if err != nil {
		return 0, err
	}
	var n int
	if err := st.QueryRowContext(ctx, person).Scan(&n); err != nil {
		return 0, s.fail(ctx, "count inbox", err)
	}
	return n, nil
}

// MarkInboxRead marks items of person's inbox read (see inbox.Store).
func (s *Store) MarkInboxRead(ctx context.Context, person string, m inbox.Mark) (int, error) {
	at := m.At.UTC().Format(timeLayout)
	var (
		where = []string{"person = ?", "read_at = ''"}
		args  = []any{at, person}
		or    []string
	)
	if m.All {
		if m.UpTo == "" {
			or = append(or, "1 = 1")
		} else {
			or = append(or, "id <= ?")
			args = append(args, m.UpTo)
		}
	}
	if len(m.IDs) > 0 {
		or = append(or, "id IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(m.IDs)), ", ")+")")
		for _, id := range m.IDs {
			args = append(args, id)
		}
	}
	if len(or) == 0 {
		return 0, nil
	}
	where = append(where, "("+strings.Join(or, " OR ")+")")
	st, err := s.stmt(ctx, s.dialect.rebind("UPDATE inbox_items SET read_at = ? WHERE "+strings.Join(where, " AND ")))
	if err != nil {
		return 0, err
	}
	res, err := st.ExecContext(ctx, args...)
	if err != nil {
		return 0, s.fail(ctx, "mark inbox read", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, s.fail(ctx, "mark inbox read", err)
	}
	return int(n), nil
}
