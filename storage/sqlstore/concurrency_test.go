package sqlstore_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/storage"
	"github.com/footprint-hq/footprint/storage/sqlstore"
	"github.com/footprint-hq/footprint/storage/sqlstore/sqlopen"
	"github.com/footprint-hq/footprint/storage/sqlstore/sqltest"
)

// newObjective creates, through svc, a goal of owner and an active
// objective under it with n increasing key results.
func newObjective(t testing.TB, svc *okr.Service, owner string, n int) *okr.Objective {
	t.Helper()
	ctx := context.Background()
	g, err := svc.CreateGoal(ctx, owner, okr.GoalInput{Title: "Become an agile coach"})
	require.NoError(t, err)
	krs := make([]okr.KeyResultInput, n)
	for i := range krs {
		start, target := 0.0, 100.0
		krs[i] = okr.KeyResultInput{Title: fmt.Sprintf("result %d", i), Kind: okr.Increase, Start: &start, Target: &target}
	}
	o, err := svc.CreateObjective(ctx, owner, okr.ObjectiveInput{GoalID: g.ID,
		ObjectiveSpec: okr.ObjectiveSpec{Title: "Facilitate retrospectives", KeyResults: krs}})
	require.NoError(t, err)
	return o
}

// TestTwoPoolsLoseNoCheckIn runs 8 writers × 100 check-ins on one
// objective through two Services, each on its own connection pool to the
// same database, and checks that every check-in is stored once, numbered
// without gap or repeat per key result, and counted on the objective.
func TestTwoPoolsLoseNoCheckIn(t *testing.T) {
	const writers, perWriter, keyResults = 8, 100, 4
	for _, d := range sqlstore.Dialects {
		t.Run(d.String(), func(t *testing.T) {
			dsn := sqltest.DSN(t, d)
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			var svcs [2]*okr.Service
			var stores [2]*sqlstore.Store
			for i := range stores {
				s, err := sqlopen.Open(ctx, dsn)
				require.NoError(t, err)
				t.Cleanup(func() { assert.NoError(t, s.Close()) })
				stores[i], svcs[i] = s, okr.NewService(s)
			}
			require.NotSame(t, stores[0].DB(), stores[1].DB())
			o := newObjective(t, svcs[0], "ana", keyResults)

			var wg sync.WaitGroup
			errs := make(chan error, writers*perWriter)
			for w := range writers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					svc, kr := svcs[w%2], o.KeyResults[w%keyResults].ID
					for i := range perWriter {
						v, conf := float64(i), 5
						_, err := svc.CheckIn(ctx, "ana", o.ID, kr, okr.CheckInInput{Value: &v, Confidence: &conf})
						errs <- err
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				require.NoError(t, err)
			}

			all, err := stores[1].CheckIns(ctx, okr.CheckInFilter{ObjectiveID: o.ID}, storage.PageRequest{Limit: storage.NoLimit})
			require.NoError(t, err)
			assert.Len(t, all.Items, writers*perWriter, "every check-in is stored")
			seqs := map[string][]int{}
			for _, c := range all.Items {
				seqs[c.KeyResultID] = append(seqs[c.KeyResultID], c.Seq)
			}
			stored, err := stores[1].Objective(ctx, o.ID)
			require.NoError(t, err)
			perKR := writers / keyResults * perWriter
			for _, kr := range stored.KeyResults {
				got := seqs[kr.ID]
				slices.Sort(got)
				want := make([]int, perKR)
				for i := range want {
					want[i] = i + 1
				}
				assert.Equal(t, want, got, "sequence numbers of %s run 1..n", kr.ID)
				assert.Equal(t, perKR, kr.CheckIns)
			}
			assert.Equal(t, o.Version+writers*perWriter, stored.Version)
		})
	}
}
