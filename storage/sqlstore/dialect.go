package sqlstore

import (
	"bytes"
	"errors"
	"strconv"
	"strings"

	"github.com/pressly/goose/v3"

	"github.com/footprint-hq/footprint/storage"
)

// Dialect names the SQL database behind a Store. Queries are written once,
// with ? placeholders, and adapted to the dialect where the two databases
// differ.
type Dialect string

// The dialects a Store speaks.
const (
	// SQLite is SQLite 3 through modernc.org/sqlite (see package
	// storage/sqlstore/sqlite) or another driver opened with the settings
	// that package documents.
	SQLite Dialect = "sqlite"
	// Postgres is PostgreSQL 13 or later through github.com/jackc/pgx/v5
	// (see package storage/sqlstore/postgres) or another driver.
	Postgres Dialect = "postgres"
)

// Dialects lists every dialect, for tests that run against each.
var Dialects = []Dialect{SQLite, Postgres}

// String returns the dialect's name.
func (d Dialect) String() string { return string(d) }

func (d Dialect) check() error {
	switch d {
	case SQLite, Postgres:
		return nil
	}
	return errors.New("sqlstore: unknown dialect " + strconv.Quote(string(d)))
}

// rebind rewrites ? placeholders into the dialect's form: $1, $2, … on
// PostgreSQL. Queries of this package never hold a ? inside a literal.
func (d Dialect) rebind(query string) string {
	if d != Postgres {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	return b.String()
}

// lockRow is appended to the SELECT that starts a read-modify-write. On
// PostgreSQL it locks the row until the transaction ends, so concurrent
// updates queue instead of losing writes under READ COMMITTED. SQLite needs
// nothing: a write transaction holds the database's only write lock from
// its BEGIN IMMEDIATE on.
func (d Dialect) lockRow() string {
	if d == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

func (d Dialect) goose() goose.Dialect {
	if d == Postgres {
		return goose.DialectPostgres
	}
	return goose.DialectSQLite3
}

// ddl adapts migration text written for PostgreSQL to the dialect. On
// SQLite: the byte-order collation of ID columns, COLLATE "C" on
// PostgreSQL (so that IDs sort the same whatever the database's locale),
// is COLLATE BINARY, SQLite's default; a BIGINT primary key becomes an
// INTEGER one, which is the rowid; the comment /* WITHOUT ROWID */ after
// a table becomes the clause; and the few JSON functions migrations use
// to move data take their SQLite names — json_array_elements(x::json),
// which lists the elements of a JSON array held as text, is json_each(x)
// (both name the element value), json_agg is json_group_array and
// json_build_object is json_object.
func (d Dialect) ddl(text []byte) []byte {
	if d != SQLite {
		return text
	}
	for _, r := range [][2]string{
		{`COLLATE "C"`, `COLLATE BINARY`},
		// A 64-bit integer key is the rowid itself, not an index beside it.
		{`BIGINT NOT NULL PRIMARY KEY`, `INTEGER NOT NULL PRIMARY KEY`},
		{`/* WITHOUT ROWID */`, `WITHOUT ROWID`},
		{`json_array_elements(`, `json_each(`},
		{`::json`, ``}, // SQLite's JSON functions read text
		{`json_agg(`, `json_group_array(`},
		{`json_build_object(`, `json_object(`},
	} {
		text = bytes.ReplaceAll(text, []byte(r[0]), []byte(r[1]))
	}
	return text
}

// category returns the storage error category of a driver error, or nil.
// Errors are told apart by their codes, never by their text: SQLite's
// extended result codes (modernc.org/sqlite's *sqlite.Error has a Code
// method) and PostgreSQL's SQLSTATE (pgx's *pgconn.PgError and lib/pq's
// *pq.Error have a SQLState method).
func (d Dialect) category(err error) error {
	switch d {
	case SQLite:
		var e interface{ Code() int }
		if !errors.As(err, &e) {
			return nil
		}
		switch e.Code() {
		case sqliteConstraintPrimaryKey, sqliteConstraintUnique:
			return storage.ErrAlreadyExists
		case sqliteConstraintForeignKey:
			return storage.ErrNotFound
		}
		// The database was busy past the busy timeout: the change was not
		// made and may be retried. With the settings of sqlite.DSN this
		// happens only under heavier write load than the timeout absorbs;
		// a pool whose transactions do not begin immediately meets it
		// much sooner (see New).
		switch e.Code() & 0xff {
		case sqliteBusy, sqliteLocked:
			return storage.ErrConflict
		}
	case Postgres:
		var e interface{ SQLState() string }
		if !errors.As(err, &e) {
			return nil
		}
		switch e.SQLState() {
		case pgUniqueViolation:
			return storage.ErrAlreadyExists
		case pgForeignKeyViolation:
			return storage.ErrNotFound
		case pgSerializationFailure, pgDeadlockDetected:
			return storage.ErrConflict
		}
	}
	return nil
}

// SQLite extended result codes (https://www.sqlite.org/rescode.html).
const (
	sqliteConstraintForeignKey = 787  // SQLITE_CONSTRAINT_FOREIGNKEY
	sqliteConstraintPrimaryKey = 1555 // SQLITE_CONSTRAINT_PRIMARYKEY
	sqliteConstraintUnique     = 2067 // SQLITE_CONSTRAINT_UNIQUE
	sqliteBusy                 = 5    // SQLITE_BUSY, primary code of its extended codes
	sqliteLocked               = 6    // SQLITE_LOCKED, primary code of its extended codes
)

// PostgreSQL SQLSTATE codes (https://www.postgresql.org/docs/current/errcodes-appendix.html).
const (
	pgUniqueViolation      = "23505"
	pgForeignKeyViolation  = "23503"
	pgSerializationFailure = "40001"
	pgDeadlockDetected     = "40P01"
)
