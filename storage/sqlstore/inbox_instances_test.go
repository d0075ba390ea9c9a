package sqlstore_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/adapters/events/inbox"
	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/storage"
	"github.com/footprint-hq/footprint/storage/sqlstore"
)

// TestTwoInstancesRemindOnce runs reminders on two connection pools to one
// database, several times at once on each, and checks that each due
// occurrence made exactly one item.
func TestTwoInstancesRemindOnce(t *testing.T) {
	const objectives, keyResults = 10, 2
	for _, d := range sqlstore.Dialects {
		t.Run(d.String(), func(t *testing.T) {
			ctx, stores := twoPools(t, d)
			start := time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)
			goals := okr.NewService(stores[0], okr.WithClock(func() time.Time { return start }))
			for range objectives {
				newObjective(t, goals, "ana", keyResults)
			}
			later := func() time.Time { return start.Add(15 * 24 * time.Hour) }
			var svcs [2]*inbox.Service
			for i, s := range stores {
				svcs[i] = inbox.NewService(s, inbox.WithClock(later), inbox.WithOKR(s))
			}
			added := make([]int, 8)
			errs := race(len(added), func(i int) error {
				n, err := svcs[i%2].Remind(ctx)
				added[i] = n
				return err
			})
			require.NoError(t, errors.Join(errs...))
			total := 0
			for _, n := range added {
				total += n
			}
			assert.Equal(t, objectives*keyResults, total, "items added, over all runs")

			items, err := stores[1].InboxItems(ctx, "ana", inbox.Filter{}, storage.PageRequest{Limit: storage.NoLimit})
			require.NoError(t, err)
			assert.Len(t, items.Items, objectives*keyResults, "one item per key result due")
			keys := map[string]bool{}
			for _, it := range items.Items {
				assert.Equal(t, inbox.KindCheckInDue, it.Kind)
				assert.False(t, keys[it.Key], "key %s twice", it.Key)
				keys[it.Key] = true
			}
		})
	}
}
