package storage

import "context"

// Change runs the work of one change as a single atomic unit of tx and
// returns work's result with the events it recorded. It is the seam every
// domain service commits through: work makes its store calls with the
// context it is given, so they join one transaction, and records each
// event of the change with record as it decides it. When work returns an
// error every store call is rolled back, no event is returned and Change
// returns the error unchanged.
//
// Events are returned only once the transaction has committed, so a
// service hands them on knowing the change is durable.
func Change[T, E any](ctx context.Context, tx Transactor, work func(ctx context.Context, record func(...E)) (T, error)) (T, []E, error) {
	var (
		result T
		events []E
	)
	err := tx.Atomic(ctx, func(ctx context.Context) error {
		events = events[:0]
		v, err := work(ctx, func(e ...E) { events = append(events, e...) })
		if err != nil {
			return err
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
