package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// mixer makes the requests of a mix: request n of a level, n counting
// from 0 over the level's workers.
type mixer interface {
	request(ctx context.Context, n uint64) (*http.Request, error)
}

// readMix reads the signed-in people's own boards in turn.
type readMix struct {
	base     string
	sessions []session
}

func (m *readMix) request(ctx context.Context, n uint64) (*http.Request, error) {
	s := m.sessions[n%uint64(len(m.sessions))]
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, boardURL(m.base, s.person), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Cookie", s.cookie)
	return req, nil
}

// writeMix checks in on the targets in turn. Each round over them moves
// every value a step along its key result's range, from start to target
// in ten steps, and a milestone between not done and done; confidence
// goes from 0 to 10.
type writeMix struct {
	base    string
	targets []target
}

func (m *writeMix) request(ctx context.Context, n uint64) (*http.Request, error) {
	t := m.targets[n%uint64(len(m.targets))]
	round := n / uint64(len(m.targets))
	value := t.lo + (t.hi-t.lo)*float64(round%11)/10
	if t.milestone {
		value = float64(round % 2)
	}
	body := fmt.Appendf(nil, `{"value":%s,"confidence":%d,"note":"load test"}`,
		strconv.FormatFloat(value, 'g', -1, 64), n%11)
	u := m.base + "/api/objectives/" + url.PathEscape(t.objective) + "/key-results/" + url.PathEscape(t.keyResult) + "/check-ins"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Cookie", t.cookie)
	return req, nil
}

// errNotLoopback refuses a connection to anywhere but loopback.
var errNotLoopback = errors.New("the load test connects to loopback addresses only")

// newTransport returns a keep-alive transport for c requests at once
// that dials loopback addresses only and ignores proxy settings.
func newTransport(c int) *http.Transport {
	dialer := &net.Dialer{
		Timeout:   5 * time.Second,
		KeepAlive: 30 * time.Second,
		Control: func(_, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
				return fmt.Errorf("%w: %s", errNotLoopback, address)
			}
			return nil
		},
	}
	return &http.Transport{
		Proxy:               nil,
		DialContext:         dialer.DialContext,
		MaxIdleConns:        c,
		MaxIdleConnsPerHost: c,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
}

// runLevel drives m with c workers: a warm-up, then the measured time,
// over which it measures the CPU time of the probes.
func runLevel(ctx context.Context, cfg Config, m mixer, c int, pr probes) (Row, error) {
	tr := newTransport(c)
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: requestTimeout}
	var next atomic.Uint64
	if cfg.Warmup > 0 {
		drive(ctx, client, m, c, cfg.Warmup, &next)
	}
	server, postgres, self := startCPU(pr.server), startCPU(pr.postgres), startCPU(pr.self)
	row := drive(ctx, client, m, c, cfg.Duration, &next)
	row.ServerCPU, row.PostgresCPU, row.LoadTestCPU = server.cores(row.Elapsed), postgres.cores(row.Elapsed), self.cores(row.Elapsed)
	if err := context.Cause(ctx); err != nil {
		return Row{}, err
	}
	row.Concurrency = c
	return row, nil
}

// drive runs c workers sending requests of m until d has passed, and
// returns what they measured. next numbers the requests.
func drive(ctx context.Context, client *http.Client, m mixer, c int, d time.Duration, next *atomic.Uint64) Row {
	workers := make([]worker, c)
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for i := range workers {
		w := &workers[i]
		wg.Go(func() { w.run(ctx, client, m, deadline, next) })
	}
	wg.Wait()
	row := Row{Elapsed: time.Since(start)}

	var lat []time.Duration
	kinds := map[string]*kindSeen{}
	for i := range workers {
		w := &workers[i]
		lat = append(lat, w.latencies...)
		for k, s := range w.kinds {
			if seen, ok := kinds[k]; !ok || s.at.Before(seen.at) {
				kinds[k] = &kindSeen{count: s.count + countOf(seen), first: s.first, at: s.at}
			} else {
				seen.count += s.count
			}
		}
	}
	slices.Sort(lat)
	row.Requests = len(lat)
	row.P50, row.P99 = percentile(lat, 0.50), percentile(lat, 0.99)
	if len(lat) > 0 {
		row.Max = lat[len(lat)-1]
	}
	for k, s := range kinds {
		row.Errors += s.count
		row.ErrorKinds = append(row.ErrorKinds, ErrorKind{Kind: k, Count: s.count, First: s.first})
	}
	slices.SortFunc(row.ErrorKinds, func(a, b ErrorKind) int { return b.Count - a.Count })
	return row
}

// percentile returns the nearest-rank p-quantile of sorted latencies.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*p+0.999999999) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// kindSeen counts one kind of error of a worker, and holds its first.
type kindSeen struct {
	count int
	first string
	at    time.Time
}

func countOf(s *kindSeen) int {
	if s == nil {
		return 0
	}
	return s.count
}

// worker sends one request after the other and records how each went.
type worker struct {
	latencies []time.Duration
	kinds     map[string]*kindSeen
}

func (w *worker) run(ctx context.Context, client *http.Client, m mixer, deadline time.Time, next *atomic.Uint64) {
	w.latencies = make([]time.Duration, 0, 1024)
	for ctx.Err() == nil && time.Now().Before(deadline) {
		req, err := m.request(ctx, next.Add(1)-1)
		if err != nil {
			w.fail("request", err.Error())
			return
		}
		began := time.Now()
		kind, detail := send(client, req)
		w.latencies = append(w.latencies, time.Since(began))
		if kind != "" {
			w.fail(kind, detail)
		}
	}
}

// send sends req and reads the whole answer. It returns the kind of
// error and its detail, or "" when the answer is a 2xx.
func send(client *http.Client, req *http.Request) (kind, detail string) {
	resp, err := client.Do(req)
	if err != nil {
		return transportKind(err), err.Error()
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 == 2 {
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			return transportKind(err), "reading the answer: " + err.Error()
		}
		return "", ""
	}
	head, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
	_, _ = io.Copy(io.Discard, resp.Body)
	return "HTTP " + strconv.Itoa(resp.StatusCode), fmt.Sprintf("%s %s: %s: %s", req.Method, req.URL.Path, resp.Status, bytes.TrimSpace(head))
}

func (w *worker) fail(kind, detail string) {
	if w.kinds == nil {
		w.kinds = map[string]*kindSeen{}
	}
	if s, ok := w.kinds[kind]; ok {
		s.count++
		return
	}
	w.kinds[kind] = &kindSeen{count: 1, first: detail, at: time.Now()}
}

// transportKind names the kind of a transport error.
func transportKind(err error) string {
	var op *net.OpError
	switch {
	case errors.Is(err, errNotLoopback):
		return "transport: not loopback"
	case errors.Is(err, context.DeadlineExceeded), os.IsTimeout(err):
		return "transport: timeout"
	case errors.Is(err, context.Canceled):
		return "transport: canceled"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "transport: connection closed"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "transport: connection refused"
	case errors.Is(err, syscall.ECONNRESET):
		return "transport: connection reset"
	case errors.As(err, &op):
		return "transport: " + op.Op
	}
	return fmt.Sprintf("transport: %T", errors.Unwrap(err))
}
