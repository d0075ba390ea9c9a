// Package sqlopen opens Footprint's SQL store on the database a single
// string names, as a command-line flag would: a postgres:// or
// postgresql:// URL opens PostgreSQL, anything else is the path of a
// SQLite database file. It links both drivers; a host that needs one only
// imports storage/sqlstore/sqlite or storage/sqlstore/postgres instead.
package sqlopen

import (
	"context"
	"strings"

	"github.com/footprint-hq/footprint/storage/sqlstore"
	"github.com/footprint-hq/footprint/storage/sqlstore/postgres"
	"github.com/footprint-hq/footprint/storage/sqlstore/sqlite"
)

// DialectOf returns the dialect of the database dsn names.
func DialectOf(dsn string) sqlstore.Dialect {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return sqlstore.Postgres
	}
	return sqlstore.SQLite
}

// Open opens the database dsn names and returns a Store that owns its
// connection pool. See sqlite.Open and postgres.Open.
func Open(ctx context.Context, dsn string, opts ...sqlstore.Option) (*sqlstore.Store, error) {
	if DialectOf(dsn) == sqlstore.Postgres {
		return postgres.Open(ctx, dsn, opts...)
	}
	return sqlite.Open(ctx, dsn, opts...)
}
