package sqlopen_test

import (
	"context"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/storage"
	"github.com/footprint-hq/footprint/storage/sqlstore"
	"github.com/footprint-hq/footprint/storage/sqlstore/sqlopen"
	"github.com/footprint-hq/footprint/storage/sqlstore/sqltest"
)

func TestMain(m *testing.M) { os.Exit(sqltest.Run(m)) }

func TestDialectOf(t *testing.T) {
	for dsn, want := range map[string]sqlstore.Dialect{
		"footprint.db":                     sqlstore.SQLite,
		"/var/lib/footprint/data.sqlite":   sqlstore.SQLite,
		"postgres://u@db/footprint":        sqlstore.Postgres,
		"postgresql://u@db:5432/footprint": sqlstore.Postgres,
	} {
		assert.Equal(t, want, sqlopen.DialectOf(dsn), dsn)
	}
}

func TestOpen(t *testing.T) {
	for _, d := range sqlstore.Dialects {
		t.Run(d.String(), func(t *testing.T) {
			s, err := sqlopen.Open(context.Background(), sqltest.DSN(t, d))
			require.NoError(t, err)
			defer s.Close()
			assert.Equal(t, d, s.Dialect())
			_, err = s.Goals(context.Background(), "ana", storage.PageRequest{})
			assert.NoError(t, err)
		})
	}
}
