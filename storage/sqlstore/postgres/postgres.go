// Package postgres opens Footprint's SQL store on a PostgreSQL database
// through github.com/jackc/pgx/v5 and its database/sql adapter. Importing
// it registers pgx's database/sql driver under the names "pgx" and
// "pgx/v5"; the pools it opens do not depend on that registration.
//
// Use PostgreSQL (13 or later) when several instances of a host share one
// database: every instance may run migrations at start-up, and each
// migration is applied once (see sqlstore.Migrate).
package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/footprint-hq/footprint/storage/sqlstore"
)

// OpenDB opens a connection pool on the database named by dsn: a URL such
// as postgres://user:password@host:5432/footprint?sslmode=verify-full, or
// a keyword/value string such as "host=/run/postgresql dbname=footprint".
// It does not connect yet. The pool holds up to
// sqlstore.DefaultMaxOpenConns connections, or as many as
// sqlstore.WithMaxOpenConns says (the only option that matters here), and
// keeps them open: beyond a few connections per core PostgreSQL answers no
// faster, and an unbounded pool opens one backend per concurrent caller.
func OpenDB(dsn string, opts ...sqlstore.Option) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	n := sqlstore.Collect(opts...).PoolSize()
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(n)
	db.SetMaxIdleConns(n)
	return db, nil
}

// Open connects to the database named by dsn (see OpenDB) and returns a
// Store that owns the connection pool: Store.Close closes it. Unless opts
// include sqlstore.WithoutMigrations, the schema is brought up to date
// first.
func Open(ctx context.Context, dsn string, opts ...sqlstore.Option) (*sqlstore.Store, error) {
	db, err := OpenDB(dsn, opts...)
	if err != nil {
		return nil, err
	}
	if err := db.PingContext(ctx); err != nil {
		return nil, errors.Join(fmt.Errorf("postgres: connect: %w", err), db.Close())
	}
	s, err := sqlstore.New(ctx, db, sqlstore.Postgres, append(slices.Clip(opts), sqlstore.WithCloseDB())...)
	if err != nil {
		return nil, errors.Join(err, db.Close())
	}
	return s, nil
}
