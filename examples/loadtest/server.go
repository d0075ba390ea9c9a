package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

// intranetPackage is the server the load test builds and runs.
const intranetPackage = "github.com/footprint-hq/footprint/examples/intranet"

// sessionCookie is the demo intranet's sign-in cookie.
const sessionCookie = "footprint_demo_person"

// readyTimeout bounds the wait for a server to answer after it starts,
// seeding included.
const readyTimeout = 2 * time.Minute

// requestTimeout bounds a request, of the load or of the setting up.
const requestTimeout = 30 * time.Second

// goCommand finds the go command: on PATH (go test puts its own there),
// else in $GOROOT/bin.
func goCommand() (string, error) {
	if p, err := exec.LookPath("go"); err == nil {
		return p, nil
	}
	if root := os.Getenv("GOROOT"); root != "" {
		p := filepath.Join(root, "bin", "go"+exeSuffix())
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no go command on PATH nor in $GOROOT/bin")
}

func exeSuffix() string {
	if runtime.GOOS == "windows" {
		return ".exe"
	}
	return ""
}

// buildIntranet builds the demo intranet into dir and returns the path of
// the binary. It builds by import path, so it works from any directory of
// the module.
func buildIntranet(ctx context.Context, dir string) (string, error) {
	gocmd, err := goCommand()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "intranet"+exeSuffix())
	out, err := exec.CommandContext(ctx, gocmd, "build", "-o", bin, intranetPackage).CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build %s (run the load test from inside the footprint repository): %v\n%s", intranetPackage, err, out)
	}
	return bin, nil
}

// server is the intranet running as a child process on loopback.
type server struct {
	cmd    *exec.Cmd
	base   string // http://127.0.0.1:port
	out    *logBuffer
	exited chan struct{}
	err    error // of cmd.Wait, once exited is closed
	once   sync.Once
}

// startServer starts the intranet binary on a free loopback port with the
// database db, in the directory dir, and waits until it answers.
func startServer(ctx context.Context, bin, dir, db string) (*server, error) {
	addr, err := freeLoopbackAddr()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "-addr", addr, "-db", db)
	cmd.Dir = dir
	dieWithParent(cmd)
	out := &logBuffer{limit: 1 << 20}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start the server: %w", err)
	}
	s := &server{cmd: cmd, base: "http://" + addr, out: out, exited: make(chan struct{})}
	go func() {
		s.err = cmd.Wait()
		close(s.exited)
	}()
	if err := s.waitReady(ctx); err != nil {
		s.stop()
		return nil, err
	}
	return s, nil
}

// freeLoopbackAddr returns a loopback address with a port free a moment
// ago.
func freeLoopbackAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	addr := ln.Addr().String()
	return addr, ln.Close()
}

// waitReady polls the server until it answers, it exits, or the wait
// times out.
func (s *server) waitReady(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, readyTimeout)
	defer cancel()
	client := setupClient()
	defer client.CloseIdleConnections()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.base+"/demo/session", nil)
		if err != nil {
			return err
		}
		if resp, err := client.Do(req); err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-s.exited:
			return fmt.Errorf("the server exited before it answered (%v):\n%s", s.err, s.out.String())
		case <-ctx.Done():
			return fmt.Errorf("the server did not answer within %s: %w\n%s", readyTimeout, ctx.Err(), s.out.String())
		case <-tick.C:
		}
	}
}

// pid returns the server's process ID.
func (s *server) pid() int { return s.cmd.Process.Pid }

// stop asks the server to shut down, kills it if it has not within 15
// seconds, and waits for it to end.
func (s *server) stop() {
	s.once.Do(func() {
		select {
		case <-s.exited:
			return
		default:
		}
		if err := s.cmd.Process.Signal(os.Interrupt); err != nil {
			_ = s.cmd.Process.Kill()
		}
		select {
		case <-s.exited:
		case <-time.After(15 * time.Second):
			_ = s.cmd.Process.Kill()
			<-s.exited
		}
	})
}

// logBuffer keeps the first limit bytes written to it.
type logBuffer struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	limit int
}

// Write keeps what fits and reports all of p written.
func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if room := b.limit - b.buf.Len(); room > 0 {
		b.buf.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

// String returns what was kept.
func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// errorLines returns the first n log records at level ERROR.
func (b *logBuffer) errorLines(n int) []string {
	var lines []string
	sc := bufio.NewScanner(strings.NewReader(b.String()))
	for sc.Scan() && len(lines) < n {
		if strings.Contains(sc.Text(), "level=ERROR") {
			lines = append(lines, sc.Text())
		}
	}
	return lines
}

// procStatus returns a size field of /proc/<pid>/status, such as VmHWM,
// in bytes, or -1 when it cannot be read (not Linux, process gone).
func procStatus(pid int, field string) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1
	}
	for line := range strings.Lines(string(data)) {
		name, value, ok := strings.Cut(line, ":")
		if !ok || name != field {
			continue
		}
		f := strings.Fields(value)
		if len(f) != 2 || f[1] != "kB" {
			return -1
		}
		kb, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return -1
		}
		return kb * 1024
	}
	return -1
}

// setupClient is the client of the requests that set a run up: signing
// in, reading boards.
func setupClient() *http.Client {
	return &http.Client{Transport: newTransport(1), Timeout: requestTimeout}
}

// session is a signed-in person.
type session struct {
	person string
	cookie string // the Cookie header: footprint_demo_person=<person>
}

// signIn signs each person in through the demo sign-in and checks that
// the cookie it sets is taken.
func signIn(ctx context.Context, client *http.Client, base string, people []string) ([]session, error) {
	var sessions []session
	for _, p := range people {
		body, _ := json.Marshal(map[string]string{"person": p})
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/demo/session", bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/json")
		resp, answer, err := do(client, req)
		if err != nil {
			return nil, fmt.Errorf("sign in as %s: %w", p, err)
		}
		var s session
		for _, c := range resp.Cookies() {
			if c.Name == sessionCookie {
				s = session{person: p, cookie: (&http.Cookie{Name: c.Name, Value: c.Value}).String()}
			}
		}
		if s.cookie == "" {
			return nil, fmt.Errorf("sign in as %s: no %s cookie in the answer %s", p, sessionCookie, answer)
		}
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, base+"/demo/session", nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Cookie", s.cookie)
		_, answer, err = do(client, req)
		if err != nil {
			return nil, fmt.Errorf("session of %s: %w", p, err)
		}
		var who struct {
			Person *struct {
				ID string `json:"id"`
			} `json:"person"`
		}
		if err := json.Unmarshal(answer, &who); err != nil || who.Person == nil || who.Person.ID != p {
			return nil, fmt.Errorf("signed in as %s, the server answers %s", p, answer)
		}
		sessions = append(sessions, s)
	}
	return sessions, nil
}

// target is a key result to check in on, of a signed-in person's active
// objective.
type target struct {
	session
	objective, keyResult string
	milestone            bool
	lo, hi               float64 // the key result's start and target, in order
}

// boardShape is the part of a board the load test reads.
type boardShape struct {
	Owner string `json:"owner"`
	Goals []struct {
		Objectives []struct {
			ID         string `json:"id"`
			Status     string `json:"status"`
			KeyResults []struct {
				ID     string  `json:"id"`
				Kind   string  `json:"kind"`
				Start  float64 `json:"start"`
				Target float64 `json:"target"`
			} `json:"keyResults"`
		} `json:"objectives"`
	} `json:"goals"`
}

// readBoards reads each signed-in person's board and returns the boards'
// bytes by person and the key results of their active objectives.
func readBoards(ctx context.Context, client *http.Client, base string, sessions []session) (map[string][]byte, []target, error) {
	boards := make(map[string][]byte, len(sessions))
	var targets []target
	for _, s := range sessions {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, boardURL(base, s.person), nil)
		if err != nil {
			return nil, nil, err
		}
		req.Header.Set("Cookie", s.cookie)
		_, body, err := do(client, req)
		if err != nil {
			return nil, nil, fmt.Errorf("board of %s: %w", s.person, err)
		}
		var b boardShape
		if err := json.Unmarshal(body, &b); err != nil || b.Owner != s.person {
			return nil, nil, fmt.Errorf("board of %s: not a board of theirs (%v): %.200s", s.person, err, body)
		}
		boards[s.person] = body
		for _, g := range b.Goals {
			for _, o := range g.Objectives {
				if o.Status != "active" {
					continue
				}
				for _, kr := range o.KeyResults {
					targets = append(targets, target{session: s, objective: o.ID, keyResult: kr.ID,
						milestone: kr.Kind == "milestone", lo: min(kr.Start, kr.Target), hi: max(kr.Start, kr.Target)})
				}
			}
		}
	}
	if len(targets) == 0 {
		return nil, nil, errors.New("none of the people has an active objective with key results to check in on")
	}
	return boards, targets, nil
}

// boardURL is the address of person's board.
func boardURL(base, person string) string {
	return base + "/api/people/" + url.PathEscape(person) + "/board"
}

// do sends a request of the setting up and returns the answer, read
// whole; an answer other than 2xx is an error.
func do(client *http.Client, req *http.Request) (*http.Response, []byte, error) {
	resp, err := client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, nil, err
	}
	if resp.StatusCode/100 != 2 {
		return nil, nil, fmt.Errorf("%s %s: %s: %.300s", req.Method, req.URL.Path, resp.Status, body)
	}
	return resp, body, nil
}

// fixtures are what the SQLite server answered, for the bare handler to
// answer alike.
type fixtures struct {
	sessions []session
	targets  []target
	boards   map[string][]byte // as seeded, by person
	checkIn  []byte            // the answer to a check-in
}

// loadServer runs the server on the database db, drives it with both
// mixes at every level, and adds what it measured to rep. dbCPU probes
// the database's CPU time when it runs on this machine apart from the
// server; it may be nil.
func loadServer(ctx context.Context, cfg Config, rep *Report, backend, bin, dir, db string, dbCPU cpuProbe) (*fixtures, error) {
	logf(cfg.Log, "%s: starting the server (it seeds the demo organisation)", backend)
	began := time.Now()
	srv, err := startServer(ctx, bin, dir, db)
	if err != nil {
		return nil, err
	}
	defer srv.stop()
	stats := ServerStats{Backend: backend, PeakSeeded: procStatus(srv.pid(), "VmHWM")}
	logf(cfg.Log, "%s: the server answers at %s after %s", backend, srv.base, time.Since(began).Round(time.Millisecond))

	client := setupClient()
	defer client.CloseIdleConnections()
	sessions, err := signIn(ctx, client, srv.base, cfg.People)
	if err != nil {
		return nil, err
	}
	boards, targets, err := readBoards(ctx, client, srv.base, sessions)
	if err != nil {
		return nil, err
	}
	stats.BoardMin, stats.BoardMax = sizeRange(boards)
	fx := &fixtures{sessions: sessions, targets: targets, boards: boards}
	pr := probes{server: processCPU(srv.pid()), postgres: dbCPU, self: processCPU(os.Getpid())}

	read := &readMix{base: srv.base, sessions: sessions}
	for _, c := range cfg.Concurrency {
		if err := level(ctx, cfg, rep, backend, MixRead, c, read, pr); err != nil {
			return nil, err
		}
	}
	// One check-in before the write mix tells that the mix can work, and
	// gives the bare handler its answer.
	write := &writeMix{base: srv.base, targets: targets}
	req, err := write.request(ctx, 0)
	if err != nil {
		return nil, err
	}
	if _, fx.checkIn, err = do(client, req); err != nil {
		return nil, fmt.Errorf("check in: %w", err)
	}
	for _, c := range cfg.Concurrency {
		if err := level(ctx, cfg, rep, backend, MixWrite, c, write, pr); err != nil {
			return nil, err
		}
	}

	after, _, err := readBoards(ctx, client, srv.base, sessions)
	if err != nil {
		return nil, err
	}
	stats.BoardAfterMin, stats.BoardAfterMax = sizeRange(after)
	stats.PeakLoaded = procStatus(srv.pid(), "VmHWM")
	stats.RSSEnd = procStatus(srv.pid(), "VmRSS")
	srv.stop()
	stats.Log = srv.out.errorLines(5)
	rep.Servers = append(rep.Servers, stats)
	return fx, nil
}

// sizeRange returns the sizes of the smallest and of the largest board.
func sizeRange(boards map[string][]byte) (lo, hi int) {
	first := true
	for _, b := range boards {
		if first || len(b) < lo {
			lo = len(b)
		}
		if first || len(b) > hi {
			hi = len(b)
		}
		first = false
	}
	return lo, hi
}

// loadBare serves the SQLite server's bytes from a bare net/http handler
// on loopback and drives it as the servers were driven.
func loadBare(ctx context.Context, cfg Config, rep *Report, fx *fixtures) error {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/people/{person}/board", func(w http.ResponseWriter, r *http.Request) {
		b, ok := fx.boards[r.PathValue("person")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(b)))
		_, _ = w.Write(b)
	})
	mux.HandleFunc("POST /api/objectives/{objective}/key-results/{keyResult}/check-ins", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(fx.checkIn)))
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write(fx.checkIn)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	base := "http://" + ln.Addr().String()
	logf(cfg.Log, "%s: serving the SQLite server's bytes at %s", BackendBare, base)

	pr := probes{self: processCPU(os.Getpid())}
	read := &readMix{base: base, sessions: fx.sessions}
	for _, c := range cfg.Concurrency {
		if err := level(ctx, cfg, rep, BackendBare, MixRead, c, read, pr); err != nil {
			return err
		}
	}
	write := &writeMix{base: base, targets: fx.targets}
	for _, c := range cfg.Concurrency {
		if err := level(ctx, cfg, rep, BackendBare, MixWrite, c, write, pr); err != nil {
			return err
		}
	}
	lo, hi := sizeRange(fx.boards)
	rep.Servers = append(rep.Servers, ServerStats{Backend: BackendBare, BoardMin: lo, BoardMax: hi,
		BoardAfterMin: lo, BoardAfterMax: hi, PeakSeeded: -1, PeakLoaded: -1, RSSEnd: -1})
	return nil
}

// level runs one level and adds its row to rep.
func level(ctx context.Context, cfg Config, rep *Report, backend, mix string, c int, m mixer, pr probes) error {
	row, err := runLevel(ctx, cfg, m, c, pr)
	if err != nil {
		return fmt.Errorf("%s c=%d: %w", mix, c, err)
	}
	row.Backend, row.Mix = backend, mix
	rep.Rows = append(rep.Rows, row)
	logf(cfg.Log, "%s %s c=%d: %d requests, %.0f req/s, p50 %s, p99 %s, %d errors; CPU: server %s, postgres %s, load test %s",
		backend, mix, c, row.Requests, row.PerSecond(), fmtDuration(row.P50), fmtDuration(row.P99), row.Errors,
		fmtCores(row.ServerCPU), fmtCores(row.PostgresCPU), fmtCores(row.LoadTestCPU))
	return nil
}
