package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"embed"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// migrations holds one SQL file per domain, numbered in the order the
// domains were added: 00001 okr, 00002 mentorship, 00003 backlog, 00004
// sprint; later changes follow (00005: one prioritisation meeting per
// quarter). Each is written once for both dialects (see Dialect.ddl).
//
//go:embed migrations/*.sql
var migrations embed.FS

// MigrationTable is the table in which the applied schema versions are
// recorded.
const MigrationTable = "footprint_schema_version"

// migrationLockID is the PostgreSQL advisory lock taken while migrating. It
// differs from goose's default so that a host migrating its own schema
// with goose in the same database does not wait for Footprint, nor the
// other way round.
var migrationLockID = int64(crc32.ChecksumIEEE([]byte("footprint")))

// Migrate brings the schema of db up to date by applying, in order and in
// a transaction each, the embedded migrations that are not yet recorded in
// MigrationTable. New calls it unless given WithoutMigrations.
//
// On PostgreSQL it holds a session-level advisory lock while it works, so
// several instances starting at once apply each migration exactly once;
// the others wait (checking every second, for up to five minutes) and
// then find nothing left to do. An instance that finds nothing pending
// takes no lock. SQLite offers no such lock: on SQLite, migrate from one
// process at a time.
func Migrate(ctx context.Context, db *sql.DB, d Dialect) error {
	p, err := provider(db, d)
	if err != nil {
		return err
	}
	// Instances that start on an up-to-date schema, the common case, need
	// not queue for the lock.
	if pending, err := p.HasPending(ctx); err != nil {
		return fmt.Errorf("sqlstore: migrate %s database: %w", d, err)
	} else if !pending {
		return nil
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("sqlstore: migrate %s database: %w", d, err)
	}
	return nil
}

// SchemaVersion returns the schema version of db and the latest version
// this build knows; a smaller current version means Migrate is due. It
// creates MigrationTable when it is missing, and takes no lock.
func SchemaVersion(ctx context.Context, db *sql.DB, d Dialect) (current, latest int64, err error) {
	p, err := provider(db, d)
	if err != nil {
		return 0, 0, err
	}
	current, latest, err = p.GetVersions(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("sqlstore: schema version: %w", err)
	}
	return current, latest, nil
}

// provider returns a goose provider of the embedded migrations for db.
func provider(db *sql.DB, d Dialect) (*goose.Provider, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, fmt.Errorf("sqlstore: migrations: %w", err)
	}
	opts := []goose.ProviderOption{
		goose.WithTableName(MigrationTable),
		goose.WithDisableGlobalRegistry(true),
	}
	if d == Postgres {
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(migrationLockID), lock.WithLockTimeout(1, 300))
		if err != nil {
			return nil, fmt.Errorf("sqlstore: migration lock: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(d.goose(), db, ddlFS{sub, d}, opts...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: migrations: %w", err)
	}
	return p, nil
}

// ddlFS serves the migration files adapted to a dialect.
type ddlFS struct {
	fs.FS
	dialect Dialect
}

func (f ddlFS) Open(name string) (fs.File, error) {
	file, err := f.FS.Open(name)
	if err != nil {
		return nil, err
	}
	info, err := file.Stat()
	if err != nil || info.IsDir() {
		return file, err
	}
	defer file.Close()
	text, err := io.ReadAll(file)
	if err != nil {
		return nil, err
	}
	return &ddlFile{Reader: bytes.NewReader(f.dialect.ddl(text)), info: info}, nil
}

type ddlFile struct {
	*bytes.Reader
	info fs.FileInfo
}

func (f *ddlFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *ddlFile) Close() error               { return nil }
