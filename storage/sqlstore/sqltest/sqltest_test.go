package sqltest

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/storage"
	"github.com/footprint-hq/footprint/storage/sqlstore"
	"github.com/footprint-hq/footprint/storage/sqlstore/postgres"
)

func TestMain(m *testing.M) { os.Exit(Run(m)) }

func TestSQLite(t *testing.T) {
	a, b := SQLite(t), SQLite(t)
	assert.NotEqual(t, a, b)
	_, err := os.Stat(a)
	assert.True(t, os.IsNotExist(err), "the file is not created yet")
	_, err = os.Stat(filepath.Dir(a))
	assert.NoError(t, err, "its directory exists")
}

// TestPostgres checks that each call gives a database of its own, empty,
// and that it is dropped when the test ends.
func TestPostgres(t *testing.T) {
	ctx := context.Background()
	var first string
	t.Run("create", func(t *testing.T) {
		first = Postgres(t)
		second := Postgres(t)
		require.NotEqual(t, first, second)
		a, err := postgres.OpenDB(first)
		require.NoError(t, err)
		defer a.Close()
		b, err := postgres.OpenDB(second)
		require.NoError(t, err)
		defer b.Close()
		var tables int
		require.NoError(t, a.QueryRowContext(ctx, "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'").Scan(&tables))
		assert.Zero(t, tables, "a new database is empty")
		_, err = a.ExecContext(ctx, "CREATE TABLE only_in_a (x INTEGER)")
		require.NoError(t, err)
		require.NoError(t, b.QueryRowContext(ctx, "SELECT COUNT(*) FROM pg_tables WHERE tablename = 'only_in_a'").Scan(&tables))
		assert.Zero(t, tables, "databases are separate")
	})
	if first == "" {
		return // skipped
	}
	db, err := postgres.OpenDB(first)
	require.NoError(t, err)
	defer db.Close()
	assert.Error(t, db.PingContext(ctx), "the database is dropped when its test ends")
}

func TestOpen(t *testing.T) {
	for _, d := range sqlstore.Dialects {
		t.Run(d.String(), func(t *testing.T) {
			s := Open(t, d)
			assert.Equal(t, d, s.Dialect())
			_, err := s.Goals(context.Background(), "ana", storage.PageRequest{})
			assert.NoError(t, err, "the schema is there")
		})
	}
}

func TestWithDatabase(t *testing.T) {
	for dsn, want := range map[string]string{
		"postgres://u:p@db:5432/postgres?sslmode=disable": "postgres://u:p@db:5432/other?sslmode=disable",
		"postgresql://u@/x?host=/run/postgresql":          "postgresql://u@/other?host=/run/postgresql",
		"postgres://u@db":                                 "postgres://u@db/other",
	} {
		u, err := url.Parse(dsn)
		require.NoError(t, err)
		assert.Equal(t, want, withDatabase(u, "other"), dsn)
	}
}

func TestSkipWithoutServer(t *testing.T) {
	t.Setenv(EnvPostgresDSN, "")
	defer func(glob string) { initdbGlob = glob }(initdbGlob)
	initdbGlob = filepath.Join(t.TempDir(), "*", "bin", "initdb")
	var s server
	s.start()
	require.NoError(t, s.err)
	assert.Contains(t, s.skip, "PostgreSQL tests skipped")
	assert.Contains(t, s.skip, EnvPostgresDSN)
}
