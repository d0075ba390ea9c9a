// Package sqlstore keeps Footprint's data in a SQL database: SQLite, the
// embedded default, or PostgreSQL, for hosts that run several instances.
//
// One *Store implements the Store interface of every domain package and
// passes the same conformance suite (storage/storetest) as the memory
// store, on both databases.
//
// # Opening
//
// The driver packages open a database and return a Store that owns its
// connection pool:
//
//	store, err := sqlite.Open(ctx, "footprint.db")                 // storage/sqlstore/sqlite
//	store, err := postgres.Open(ctx, "postgres://…/footprint")     // storage/sqlstore/postgres
//	store, err := sqlopen.Open(ctx, flagValue)                     // either, by the string's form
//
// A host that has a pool already passes it to New with its Dialect. The
// drivers are registered only by the driver packages, so a host that uses
// another SQLite driver does not import modernc.org/sqlite at all; its
// pool needs the settings sqlite.DSN lists.
//
// # Choosing a database
//
// SQLite (through modernc.org/sqlite, pure Go: hosts build with
// CGO_ENABLED=0) needs no server: the data is one file next to the host.
// It serves one machine; writers take turns — each write transaction holds
// the database's write lock from BEGIN IMMEDIATE to COMMIT — while
// readers go on in parallel (WAL). By default a commit survives a crash
// of the process but not necessarily a power loss (synchronous=NORMAL);
// WithSynchronousFull makes every commit durable on disk, at the price of
// an fsync per commit. See package storage/sqlstore/sqlite.
//
// PostgreSQL (13 or later, through github.com/jackc/pgx/v5) serves
// several instances of a host at once. Transactions run at READ
// COMMITTED; an Update method locks the row it changes (SELECT … FOR
// UPDATE) until its transaction ends, so concurrent read-modify-writes
// queue instead of losing writes. Invariants that span rows are kept by
// updating a parent row first in the same transaction (rule 3 of the
// design).
//
// # Schema and migrations
//
// The schema is embedded and versioned with github.com/pressly/goose/v3:
// one migration per domain (00001 okr, 00002 mentorship, 00003 backlog,
// 00004 sprint), then one per later change (00005: one prioritisation
// meeting per quarter), recorded in the table MigrationTable. New applies the
// pending ones unless given WithoutMigrations; a host that migrates from a
// deployment step calls Migrate, and SchemaVersion tells whether it is
// due. On PostgreSQL a session advisory lock
// makes instances that start together apply each migration once. Tables
// are named after their domain (okr_goals, okr_check_ins, …), so the
// schema can live beside a host's own tables; a PostgreSQL host may also
// give Footprint a schema of its own through search_path in the DSN.
//
// Values are stored alike on both databases:
//
//   - the fields that lists filter on are columns, each with an index that
//     ends in the ID, so a list reads only its own rows, already in order:
//     a person's board (goals, objectives and check-ins by owner), and so
//     a team overview, one board per person; an objective's check-ins and
//     comments; suggestions by recipient and by suggester; the open
//     backlog (items by status), a person's suggested items, a meeting's
//     selected items, meetings by status and quarter; a sprint's
//     activities and check-ins, a topic's activities, a learning goal's
//     check-ins, sprints by year and state; a mentor's mentees and a
//     mentee's relations (relations by mentor, mentee, status, kind) and
//     a relation's meeting log; an activity's enrolments, a sprint's and
//     a person's in a sprint. Profiles and mentee records are keyed by
//     person, enrolments by activity and person;
//   - IDs compare byte by byte (COLLATE "C" on PostgreSQL), so lists come
//     in the same order on every database and locale, and pages run
//     WHERE id > cursor ORDER BY id LIMIT n+1;
//   - times are UTC text with nine fractional digits: exact to the
//     nanosecond, readable, and ordered as text as in time; they come back
//     in UTC;
//   - parts of an aggregate that are always read and written with it, and
//     never filtered on — an objective's key results, tags, a meeting's
//     submissions, snapshot and result, a sprint's topics and
//     retrospective — are JSON (times inside
//     keep the offset they were written with; the services write UTC),
//     in stored shapes of this package whose json names are frozen, not
//     in the domain types' API JSON, and pinned by testdata/stored;
//   - a part that grows one entry at a time with many writers — an
//     activity's enrolments — has a table of its own, one row per entry,
//     so that a write costs the same however many entries there are; the
//     parent row keeps what a write must check (the seats taken);
//   - optional numbers are NULL when absent, bools are INTEGER 0 or 1, a
//     quarter is its text form ("2026-Q3").
//
// One row of sprint_schedule, inserted by the sprint migration, is the
// schedule that planning, closing and cancelling a sprint lock first.
// Capacity and "one active relation per mentee" hold on PostgreSQL
// because the services change them only with the parent row locked — an
// activity's row, with its count of seats taken, for its enrolments
// (UpdateEnrolment), a mentor's profile for theirs, a mentee's
// record for their relation — and Update methods lock the row they read
// (SELECT … FOR UPDATE). An Update whose callback refuses returns the
// callback's error before any statement fails, and a Create that finds
// its key taken returns storage.ErrAlreadyExists without an error from
// the database (ON CONFLICT DO NOTHING): either way the surrounding
// transaction stays usable.
//
// # Errors
//
// Store methods return the categories of package storage:
// storage.ErrNotFound for a missing row or a reference to one (a
// foreign-key violation), storage.ErrAlreadyExists for a taken ID or
// other unique key, storage.ErrConflict for a stale version and, on
// PostgreSQL, for a serialization failure or deadlock (retry). Driver
// errors are told apart by their codes — SQLite's extended result codes,
// PostgreSQL's SQLSTATE — never by their text, and stay in the chain for
// errors.As. A context that ends during a call rolls its transaction back
// and is reported with the context's error.
//
// # Adding a domain
//
// A domain takes one migration file and one or two Go files:
//
//  1. migrations/0000N_<domain>.sql creates its tables with goose's
//     "-- +goose Up" and "-- +goose Down" sections, in SQL both databases
//     accept (TEXT, INTEGER, BIGINT, DOUBLE PRECISION; id TEXT COLLATE "C"
//     NOT NULL PRIMARY KEY; JSON and times as TEXT), and an index
//     (column, id) per list filter.
//  2. <domain>.go binds each table's columns to the fields of its type
//     with newTable, col, timeOf, nullTimeOf, nullOf, textOf and jsonOf —
//     the first column is "id", a "version" column (int64) makes the
//     table updatable — and implements the domain's Store methods with
//     the generic helpers get, insert, update and list (with is, isSet
//     and isIn conditions). It declares var _ <domain>.Store =
//     (*Store)(nil).
//  3. stored_<domain>.go, if a column holds a domain struct as JSON,
//     gives each such struct a stored shape with frozen json tags of its
//     own, bound with storedOf, storedSliceOf or storedPtrOf: the domain
//     types' json tags are the HTTP API's and may change (see stored.go).
//     jsonOf takes only values without structs, such as []string.
//
// Its tests run storetest.<Domain> on every dialect (see okr_test.go)
// and add its list shapes to ListQueries in export_test.go, so that
// TestListsUseIndexes checks each is served by an index on its filter;
// each JSON column of a domain struct gets a golden file through
// storedDocs in stored_test.go, which TestStoredShapes requires.
package sqlstore
