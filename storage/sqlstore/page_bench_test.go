package sqlstore_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/storage"
	"github.com/footprint-hq/footprint/storage/sqlstore"
	"github.com/footprint-hq/footprint/storage/sqlstore/sqltest"
)

// BenchmarkListPage reads one page of 100 from a list of 100,000 rows
// (one key result's check-ins) on SQLite and on PostgreSQL: "page=1"
// without a cursor, "page=1000" with the cursor of the page before it.
// Lists page by key (WHERE id > cursor ORDER BY id LIMIT n), so the two
// must cost the same; an OFFSET would make page 1,000 read 99,900 rows
// first. page=1 is the baseline.
func BenchmarkListPage(b *testing.B) {
	const rows, size = 100_000, 100
	for _, d := range sqlstore.Dialects {
		b.Run(d.String(), func(b *testing.B) {
			ctx := context.Background()
			s := sqltest.Open(b, d)
			o := newObjective(b, okr.NewService(s, okr.WithClock(func() time.Time { return benchNow })), "ana", 1)
			kr := o.KeyResults[0].ID
			newID := storage.NewIDSource()
			for lo := 0; lo < rows; lo += 5000 {
				err := s.Atomic(ctx, func(ctx context.Context) error {
					for i := lo; i < lo+5000; i++ {
						c := &okr.CheckIn{ID: newID(), ObjectiveID: o.ID, KeyResultID: kr, Owner: "ana", Seq: i + 1,
							Value: float64(i % 100), Confidence: 7, Author: "ana", At: benchNow.Add(time.Duration(i) * time.Minute)}
						if err := s.CreateCheckIn(ctx, c); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			if d == sqlstore.Postgres {
				// What autovacuum does soon after a bulk load: until then,
				// PostgreSQL plans from the statistics of an empty table
				// (a bitmap scan of all 100,000 rows, about 100 ms).
				if _, err := s.DB().ExecContext(ctx, "ANALYZE okr_check_ins"); err != nil {
					b.Fatal(err)
				}
			}
			filter := okr.CheckInFilter{ObjectiveID: o.ID, KeyResultID: kr}
			cursors := map[int]string{1: ""}
			page := storage.PageRequest{Limit: size}
			for n := 1; n < 1000; n++ {
				p, err := s.CheckIns(ctx, filter, page)
				if err != nil {
					b.Fatal(err)
				}
				page.Cursor = p.Next
			}
			cursors[1000] = page.Cursor
			for _, n := range []int{1, 1000} {
				b.Run(fmt.Sprintf("page=%d", n), func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						p, err := s.CheckIns(ctx, filter, storage.PageRequest{Limit: size, Cursor: cursors[n]})
						if err != nil {
							b.Fatal(err)
						}
						if len(p.Items) != size || (n == 1000) != (p.Next == "") {
							b.Fatalf("page %d: %d items, next %q", n, len(p.Items), p.Next)
						}
					}
				})
			}
		})
	}
}
