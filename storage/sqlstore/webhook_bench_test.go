package sqlstore_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/footprint-hq/footprint/adapters/events/webhook"
	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/storage"
	"github.com/footprint-hq/footprint/storage/sqlstore/sqlite"
)

// BenchmarkCheckInWebhooks records one check-in per iteration on SQLite
// while webhook workers run beside it, delivering every event to an
// endpoint that hangs until its client gives up ("hanging"), that answers
// 500 ("failing"), or that answers 204 ("healthy"). "healthy" is the
// baseline for the bad endpoints: how an endpoint behaves must not change
// the write latency. "no-webhooks", the same check-in with no
// subscription, shows what delivering costs writes at all on the same
// cores.
func BenchmarkCheckInWebhooks(b *testing.B) {
	for _, name := range []string{"no-webhooks", "healthy", "hanging", "failing"} {
		b.Run(name, func(b *testing.B) {
			hang := make(chan struct{})
			endpoints := map[string]http.HandlerFunc{
				"hanging": func(w http.ResponseWriter, r *http.Request) {
					select {
					case <-hang:
					case <-r.Context().Done():
					}
				},
				"failing": func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusInternalServerError) },
				"healthy": func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) },
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			s, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			svc := okr.NewService(s, okr.WithClock(func() time.Time { return benchNow }))
			o := newObjective(b, svc, "ana", 3)
			var workers sync.WaitGroup
			if h := endpoints[name]; h != nil {
				srv := httptest.NewServer(h)
				defer srv.Close()
				defer close(hang) // before Close: the endpoint hangs no more
				hooks := hookService(s, webhook.WithClient(&http.Client{Timeout: 200 * time.Millisecond}))
				if _, _, err := hooks.CreateSubscription(ctx, hookAdmin, webhook.SubscriptionInput{URL: srv.URL, Private: true}); err != nil {
					b.Fatal(err)
				}
				workers.Go(func() { _ = hooks.Run(ctx, 0, 0) }) // as deployed: 16 in flight, polling every second
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				v, conf := float64(i), 7
				if _, err := svc.CheckIn(ctx, "ana", o.ID, o.KeyResults[i%3].ID, okr.CheckInInput{Value: &v, Confidence: &conf}); err != nil {
					b.Fatal(err)
				}
				i++
			}
			b.StopTimer()
			cancel()
			workers.Wait()
		})
	}
}

// BenchmarkWebhookDelivery measures how many events per second the
// webhook workers deliver from an SQLite store to a loopback receiver
// that answers 204 at once: each iteration delivers a batch of events
// already in the log (dispatch, claim, sign, POST, record). "bare-posts"
// is the baseline: the same number of POSTs of a like body to the same
// receiver from as many goroutines, with nothing stored.
func BenchmarkWebhookDelivery(b *testing.B) {
	const batch, inFlight = 200, 8
	var got atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		got.Add(1)
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()

	b.Run("webhooks", func(b *testing.B) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		s, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		hooks := hookService(s, webhook.WithLease(time.Minute))
		if _, _, err := hooks.CreateSubscription(ctx, hookAdmin, webhook.SubscriptionInput{URL: srv.URL, Private: true}); err != nil {
			b.Fatal(err)
		}
		done := make(chan struct{})
		go func() { defer close(done); _ = hooks.Run(ctx, inFlight, time.Millisecond) }()
		events := 0
		for b.Loop() {
			b.StopTimer()
			start := got.Load()
			for n := range batch {
				ev, err := storage.NewEvent("okr.comment.added", benchNow, "ana", map[string]int{"n": n})
				if err != nil {
					b.Fatal(err)
				}
				ev.Audience.Everyone = true
				if err := s.AppendEvents(ctx, ev); err != nil {
					b.Fatal(err)
				}
			}
			b.StartTimer()
			for got.Load()-start < batch {
				time.Sleep(100 * time.Microsecond)
			}
			events += batch
		}
		b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
		cancel()
		<-done
	})

	b.Run("bare-posts", func(b *testing.B) {
		client := &http.Client{Timeout: 10 * time.Second}
		body := []byte(fmt.Sprintf(`{"type":"okr.comment.added","timestamp":%q,"data":{"payload":{"n":1}}}`, benchNow.Format(time.RFC3339)))
		events := 0
		for b.Loop() {
			var wg sync.WaitGroup
			next := make(chan struct{}, batch)
			for range batch {
				next <- struct{}{}
			}
			close(next)
			for range inFlight {
				wg.Go(func() {
					for range next {
						resp, err := client.Post(srv.URL, "application/json", bytes.NewReader(body))
						if err != nil {
							b.Error(err)
							return
						}
						_, _ = io.Copy(io.Discard, resp.Body)
						_ = resp.Body.Close()
					}
				})
			}
			wg.Wait()
			events += batch
		}
		b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
	})
}
