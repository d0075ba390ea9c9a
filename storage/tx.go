package storage

import "context"

// Transactor runs several store calls as one atomic unit. Every domain
// Store embeds it.
type Transactor interface {
	// Atomic calls fn with a context bound to one transaction. Store calls
	// made with that context join the transaction; when fn returns an
	// error, all of them are rolled back and Atomic returns that error.
	// A call to Atomic with a context that is already bound joins the
	// outer transaction. The context must not be used after fn returns,
	// nor from other goroutines while fn runs.
	Atomic(ctx context.Context, fn func(ctx context.Context) error) error
}
