package sqlstore_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/storage/sqlstore"
	"github.com/footprint-hq/footprint/storage/sqlstore/sqlite"
	"github.com/footprint-hq/footprint/storage/sqlstore/sqltest"
	"github.com/footprint-hq/footprint/storage/storetest"
)

func TestOKR(t *testing.T) {
	for _, d := range sqlstore.Dialects {
		t.Run(d.String(), func(t *testing.T) {
			storetest.OKR(t, func(t *testing.T) okr.Store { return sqltest.Open(t, d) })
		})
	}
	// A host may hand over a pool of a single connection, a common way to
	// use SQLite: the store must never need a second one.
	t.Run("sqlite pool of one", func(t *testing.T) {
		storetest.OKR(t, func(t *testing.T) okr.Store {
			db, err := sqlite.OpenDB(sqltest.SQLite(t))
			require.NoError(t, err)
			db.SetMaxOpenConns(1)
			t.Cleanup(func() { assert.NoError(t, db.Close()) })
			s, err := sqlstore.New(context.Background(), db, sqlstore.SQLite)
			require.NoError(t, err)
			t.Cleanup(func() { assert.NoError(t, s.Close()) })
			return s
		})
	})
}
