package storage

import "context"

// Change runs the work of one change as a single atomic unit of store and
// returns work's result with the events it recorded. It is the seam every
// domain service commits through: work makes its store calls with the
// context it is given, so they join one transaction, and records each
// event of the change with record as it decides it. Once work has
// succeeded, still inside the transaction, Change turns each recorded
// event into an entry of the event log with encode and appends them, so
// the events commit with the change or not at all. When work, encode or
// the append fails every store call is rolled back, no event is returned
// and Change returns the error unchanged.
//
// Events are returned only once the transaction has committed.
func Change[T, E any](ctx context.Context, store EventStore, encode func(context.Context, E) (*Event, error),
	work func(ctx context.Context, record func(...E)) (T, error)) (T, []E, error) {
	var (
		result T
		events []E
	)
	err := store.Atomic(ctx, func(ctx context.Context) error {
		events = events[:0]
		v, err := work(ctx, func(e ...E) { events = append(events, e...) })
		if err != nil {
			return err
		}
		if len(events) > 0 {
			entries := make([]*Event, len(events))
			for i, e := range events {
				if entries[i], err = encode(ctx, e); err != nil {
					return err
				}
			}
			if err := store.AppendEvents(ctx, entries...); err != nil {
				return err
			}
		}
		result = v
		return nil
	})
	if err != nil {
		var zero T
		return zero, nil, err
	}
	return result, events, nil
}
