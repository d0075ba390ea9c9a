package sqlstore_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/storage"
	"github.com/footprint-hq/footprint/storage/sqlstore"
	"github.com/footprint-hq/footprint/storage/sqlstore/sqltest"
)

// The migration that drops the unique index on event IDs keeps every
// event, its readers, and the sequence.
func TestEventsMigrationKeepsTheLog(t *testing.T) {
	for _, d := range sqlstore.Dialects {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			s := sqltest.Open(t, d, sqlstore.WithoutMigrations())
			require.NoError(t, sqlstore.MigrateTo(ctx, s.DB(), d, 11))
			open, err := storage.NewEvent("test.open", benchNow, "ana", map[string]int{"n": 1})
			require.NoError(t, err)
			open.Audience.Everyone = true
			private, err := storage.NewEvent("test.private", benchNow, "ana", map[string]int{"n": 2})
			require.NoError(t, err)
			private.Audience.People = []string{"ana", "mia"}
			require.NoError(t, s.AppendEvents(ctx, open, private))
			before, err := s.Events(ctx, storage.EventFilter{})
			require.NoError(t, err)

			require.NoError(t, sqlstore.Migrate(ctx, s.DB(), d))
			after, err := s.Events(ctx, storage.EventFilter{})
			require.NoError(t, err)
			assert.Equal(t, before, after)
			mine, err := s.Events(ctx, storage.EventFilter{Reader: "mia"})
			require.NoError(t, err)
			require.Len(t, mine, 2, "the readers of the private event stay")
			other, err := s.Events(ctx, storage.EventFilter{Reader: "bob"})
			require.NoError(t, err)
			require.Len(t, other, 1, "and nobody else reads it")

			next, err := storage.NewEvent("test.next", benchNow, "ana", map[string]int{"n": 3})
			require.NoError(t, err)
			next.Audience.Everyone = true
			require.NoError(t, s.AppendEvents(ctx, next))
			assert.EqualValues(t, 3, next.Seq)
		})
	}
}
