package main

import (
	"context"

	"github.com/footprint-hq/footprint/storage/memory"
	"github.com/footprint-hq/footprint/storage/sqlstore/sqlopen"
)

// openStore opens the demo's store: an SQLite file, a postgres:// URL, or
// ":memory:" to keep everything in memory until the process ends. SQL
// stores are migrated as they open.
func openStore(ctx context.Context, db string) (Store, func() error, error) {
	if db == ":memory:" {
		return memory.New(), func() error { return nil }, nil
	}
	st, err := sqlopen.Open(ctx, db)
	if err != nil {
		return nil, nil, err
	}
	return st, st.Close, nil
}
