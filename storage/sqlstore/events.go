package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/footprint-hq/footprint/storage"
)

const eventColumns = "seq, id, type, schema, at, actor, subjects, everyone, people, scope, payload"

// AppendEvents appends events to the log (see storage.EventLog), in the
// transaction of ctx if there is one.
func (s *Store) AppendEvents(ctx context.Context, events ...*storage.Event) error {
	if len(events) == 0 {
		return nil
	}
	for _, e := range events {
		e.Normalize()
		if err := e.Check(); err != nil {
			return fmt.Errorf("sqlstore: append event: %w", err)
		}
	}
	return s.write(ctx, func(ctx context.Context) error {
		insert, err := s.stmt(ctx, s.appendQuery())
		if err != nil {
			return err
		}
		var next int64 // PostgreSQL: the next Seq reserved from events_seq
		if s.dialect == Postgres {
			if next, err = s.reserveSeq(ctx, len(events)); err != nil {
				return err
			}
		}
		for _, e := range events {
			subjects, _ := json.Marshal(e.Subjects)
			people, _ := json.Marshal(e.Audience.People)
			everyone := 0
			if e.Audience.Everyone {
				everyone = 1
			}
			e.At = e.At.UTC()
			args := []any{e.ID, e.Type, e.Schema, e.At.Format(timeLayout), e.Actor,
				string(subjects), everyone, string(people), e.Audience.Scope, string(e.Payload)}
			if s.dialect == Postgres {
				args = append([]any{next}, args...)
				next++
			}
			if err := insert.QueryRowContext(ctx, args...).Scan(&e.Seq); err != nil {
				return s.fail(ctx, "append event "+e.ID, err)
			}
			// An event open to everyone is read without its readers.
			if !e.Audience.Everyone && len(e.Audience.People) > 0 {
				if err := s.addReaders(ctx, e.Seq, e.Audience.People); err != nil {
					return s.fail(ctx, "append event "+e.ID, err)
				}
			}
		}
		return nil
	})
}

// appendQuery is the INSERT of one event, returning its Seq. PostgreSQL
// takes Seq from events_seq (reserveSeq), whose row stays locked until the
// transaction ends, so appending transactions commit in Seq order;
// SQLite's writers run one at a time, so the event takes the Seq after the
// largest stored: seq is the table's rowid, which SQLite assigns so.
func (s *Store) appendQuery() string {
	if s.dialect == Postgres {
		return "INSERT INTO events (" + eventColumns + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING seq"
	}
	// seq is the rowid: left out, SQLite gives it the largest plus one.
	return "INSERT INTO events (" + strings.TrimPrefix(eventColumns, "seq, ") + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq"
}

// reserveSeq reserves n Seq values on PostgreSQL for the transaction of
// ctx and returns the first.
func (s *Store) reserveSeq(ctx context.Context, n int) (int64, error) {
	st, err := s.stmt(ctx, "UPDATE events_seq SET last = last + $1 WHERE id = 1 RETURNING last - $1 + 1")
	if err != nil {
		return 0, err
	}
	var first int64
	if err := st.QueryRowContext(ctx, n).Scan(&first); err != nil {
		return 0, s.fail(ctx, "take event sequence", err)
	}
	return first, nil
}

// addReaders records the people an event at seq names, in one statement.
func (s *Store) addReaders(ctx context.Context, seq int64, people []string) error {
	query := "INSERT INTO events_readers (person, seq) VALUES " + strings.TrimSuffix(strings.Repeat("(?, ?), ", len(people)), ", ")
	args := make([]any, 0, 2*len(people))
	for _, p := range people {
		args = append(args, p, seq)
	}
	st, err := s.stmt(ctx, s.dialect.rebind(query))
	if err != nil {
		return err
	}
	_, err = st.ExecContext(ctx, args...)
	return err
}

// Events returns the events f keeps, in Seq order.
func (s *Store) Events(ctx context.Context, f storage.EventFilter) ([]storage.Event, error) {
	var (
		where = []string{"seq > ?"}
		args  = []any{max(f.After, 0)}
	)
	if len(f.Types) > 0 {
		where = append(where, "type IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(f.Types)), ", ")+")")
		for _, t := range f.Types {
			args = append(args, t)
		}
	}
	if f.EveryoneOnly {
		where = append(where, "everyone = 1")
	}
	if f.Reader != "" {
		where = append(where, "(everyone = 1 OR seq IN (SELECT seq FROM events_readers WHERE person = ? AND seq > ?))")
		args = append(args, f.Reader, max(f.After, 0))
	}
	args = append(args, f.Size())
	query := "SELECT " + eventColumns + " FROM events WHERE " + strings.Join(where, " AND ") + " ORDER BY seq LIMIT ?"
	st, err := s.stmt(ctx, s.dialect.rebind(query))
	if err != nil {
		return nil, err
	}
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return nil, s.fail(ctx, "read events", err)
	}
	defer rows.Close()
	out := []storage.Event{}
	for rows.Next() {
		var (
			e                             storage.Event
			at, subjects, people, payload string
			everyone                      int
		)
		if err := rows.Scan(&e.Seq, &e.ID, &e.Type, &e.Schema, &at, &e.Actor, &subjects, &everyone, &people,
			&e.Audience.Scope, &payload); err != nil {
			return nil, s.fail(ctx, "read events", err)
		}
		if e.At, err = parseTime(at); err != nil {
			return nil, fmt.Errorf("sqlstore: event %s: %w", e.ID, err)
		}
		if err := json.Unmarshal([]byte(subjects), &e.Subjects); err != nil {
			return nil, fmt.Errorf("sqlstore: event %s subjects: %w", e.ID, err)
		}
		if err := json.Unmarshal([]byte(people), &e.Audience.People); err != nil {
			return nil, fmt.Errorf("sqlstore: event %s people: %w", e.ID, err)
		}
		e.Audience.Everyone = everyone == 1
		e.Payload = json.RawMessage(payload)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail(ctx, "read events", err)
	}
	return out, nil
}

// LastSeq returns the Seq of the newest event.
func (s *Store) LastSeq(ctx context.Context) (int64, error) {
	st, err := s.stmt(ctx, "SELECT COALESCE(MAX(seq), 0) FROM events")
	if err != nil {
		return 0, err
	}
	var n int64
	if err := st.QueryRowContext(ctx).Scan(&n); err != nil {
		return 0, s.fail(ctx, "read last event", err)
	}
	return n, nil
}

// Lease gives holder the lease of consumer (see storage.EventLog): one
// statement that creates the cursor or takes it over only where no other
// holder's lease runs.
func (s *Store) Lease(ctx context.Context, consumer, holder string, now time.Time, ttl time.Duration) (storage.Cursor, error) {
	if consumer == "" || holder == "" {
		return storage.Cursor{}, fmt.Errorf("sqlstore: lease: consumer and holder are required: %w", storage.ErrInvalid)
	}
	st, err := s.stmt(ctx, s.dialect.rebind(`INSERT INTO events_cursors (consumer, seq, holder, lease_until) VALUES (?, 0, ?, ?)
ON CONFLICT (consumer) DO UPDATE SET holder = excluded.holder, lease_until = excluded.lease_until
WHERE events_cursors.holder = '' OR events_cursors.holder = excluded.holder OR events_cursors.lease_until <= ?
RETURNING seq, lease_until`))
	if err != nil {
		return storage.Cursor{}, err
	}
	c := storage.Cursor{Consumer: consumer, Holder: holder}
	var until string
	err = st.QueryRowContext(ctx, consumer, holder, now.Add(ttl).UTC().Format(timeLayout), now.UTC().Format(timeLayout)).Scan(&c.Seq, &until)
	if errors.Is(err, sql.ErrNoRows) {
		return storage.Cursor{}, fmt.Errorf("sqlstore: consumer %s: %w", consumer, storage.ErrLeaseHeld)
	}
	if err != nil {
		return storage.Cursor{}, s.fail(ctx, "lease consumer "+consumer, err)
	}
	if c.LeaseUntil, err = parseTime(until); err != nil {
		return storage.Cursor{}, fmt.Errorf("sqlstore: consumer %s: %w", consumer, err)
	}
	return c, nil
}

// Advance moves consumer's cursor to seq (see storage.EventLog).
func (s *Store) Advance(ctx context.Context, consumer, holder string, seq int64) error {
	st, err := s.stmt(ctx, s.dialect.rebind(
		"UPDATE events_cursors SET seq = CASE WHEN seq < ? THEN ? ELSE seq END WHERE consumer = ? AND holder = ?"))
	if err != nil {
		return err
	}
	res, err := st.ExecContext(ctx, seq, seq, consumer, holder)
	if err != nil {
		return s.fail(ctx, "advance consumer "+consumer, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return s.fail(ctx, "advance consumer "+consumer, err)
	} else if n == 0 {
		return fmt.Errorf("sqlstore: consumer %s: %w", consumer, storage.ErrLeaseHeld)
	}
	return nil
}

// Release gives up holder's lease of consumer.
func (s *Store) Release(ctx context.Context, consumer, holder string) error {
	st, err := s.stmt(ctx, s.dialect.rebind(
		"UPDATE events_cursors SET holder = '', lease_until = '' WHERE consumer = ? AND holder = ?"))
	if err != nil {
		return err
	}
	if _, err := st.ExecContext(ctx, consumer, holder); err != nil {
		return s.fail(ctx, "release consumer "+consumer, err)
	}
	return nil
}
