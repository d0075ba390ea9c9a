package sqltest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/footprint-hq/footprint/storage/sqlstore/postgres"
)

// Postgres returns the URL (postgres://…) of a new, empty PostgreSQL
// database, dropped when tb ends. The first call starts the server (see the package
// documentation); when there is none to be had, Postgres skips tb.
func Postgres(tb testing.TB) string {
	tb.Helper()
	srv.once.Do(srv.start)
	if srv.skip != "" {
		if os.Getenv(EnvRequirePostgres) != "" {
			tb.Fatalf("%s, and %s is set", srv.skip, EnvRequirePostgres)
		}
		tb.Skip(srv.skip)
	}
	if srv.err != nil {
		tb.Fatal(srv.err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "footprint_test_" + hex.EncodeToString(b[:])
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := srv.exec(ctx, "CREATE DATABASE "+name); err != nil {
		tb.Fatalf("sqltest: create database: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := srv.exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			tb.Errorf("sqltest: drop database: %v", err)
		}
	})
	return srv.dsnOf(name)
}

// initdbGlob finds Debian's PostgreSQL binaries, one directory per major
// version.
var initdbGlob = "/usr/lib/postgresql/*/bin/initdb"

// runCalled records that TestMain went through Run, which stops a server
// the tests start.
var runCalled atomic.Bool

// srv is the server of this test binary.
var srv server

type server struct {
	once  sync.Once
	skip  string // why PostgreSQL tests are skipped
	err   error  // why the server could not start
	dsnOf func(database string) string
	admin *sql.DB
	mu    sync.Mutex // serialises CREATE and DROP DATABASE

	// Set when this binary started the server.
	dir      string   // temporary directory: data, socket, log
	pgCtl    string   // path of pg_ctl
	runAs    []string // command prefix that runs as the postgres user
	watchdog *exec.Cmd
}

func (s *server) start() {
	if dsn := os.Getenv(EnvPostgresDSN); dsn != "" {
		u, err := url.Parse(dsn)
		if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			s.err = fmt.Errorf("sqltest: %s must be a postgres:// URL", EnvPostgresDSN)
			return
		}
		s.dsnOf = func(name string) string { return withDatabase(u, name) }
	} else if s.skip, s.err = s.startLocal(); s.skip != "" || s.err != nil {
		return
	}
	admin, err := postgres.OpenDB(s.dsnOf("postgres"))
	if err != nil {
		s.err = fmt.Errorf("sqltest: %w", err)
		return
	}
	admin.SetMaxOpenConns(2)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := admin.PingContext(ctx); err != nil {
		s.err = fmt.Errorf("sqltest: connect to PostgreSQL: %w", err)
		_ = admin.Close()
		return
	}
	s.admin = admin
}

// exec runs an administrative statement, retrying while another session
// holds the template database (several test binaries sharing a server may
// create databases at once).
func (s *server) exec(ctx context.Context, stmt string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		_, err := s.admin.ExecContext(ctx, stmt)
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || pgErr.Code != "55006" { // object_in_use
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// withDatabase returns the URL u with its database replaced by name.
func withDatabase(u *url.URL, name string) string {
	c := *u
	c.Path, c.RawPath = "/"+name, ""
	return c.String()
}

// startLocal starts a throwaway server with Debian's binaries. It returns
// a reason to skip when there are none to be had.
func (s *server) startLocal() (skip string, err error) {
	initdbs, _ := filepath.Glob(initdbGlob)
	if len(initdbs) == 0 {
		return "sqltest: PostgreSQL tests skipped: no server; install Debian's postgresql package " +
			"(/usr/lib/postgresql/*/bin/initdb) or set " + EnvPostgresDSN, nil
	}
	// The newest major version.
	slices.SortFunc(initdbs, func(a, b string) int { return majorOf(a) - majorOf(b) })
	initdb := initdbs[len(initdbs)-1]
	s.pgCtl = filepath.Join(filepath.Dir(initdb), "pg_ctl")
	if !runCalled.Load() {
		return "", errors.New("sqltest: TestMain must call sqltest.Run, which stops the PostgreSQL server the tests start")
	}

	// initdb and postgres refuse to run as root: run them as postgres.
	uid, gid := -1, -1
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return "sqltest: PostgreSQL tests skipped: running as root and there is no postgres user to run the server as", nil
		}
		uid, _ = strconv.Atoi(u.Uid)
		gid, _ = strconv.Atoi(u.Gid)
		s.runAs = []string{"runuser", "-u", "postgres", "--"}
	}
	s.dir, err = os.MkdirTemp("", "footprint-pg-")
	if err != nil {
		return "", fmt.Errorf("sqltest: %w", err)
	}
	if uid >= 0 {
		if err := os.Chown(s.dir, uid, gid); err != nil {
			return "", s.abandon(err)
		}
	}
	data := filepath.Join(s.dir, "data")
	if err := s.run(initdb, "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"); err != nil {
		return "", s.abandon(err)
	}
	opts := fmt.Sprintf("-c listen_addresses='' -k '%s' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300", s.dir)
	if err := s.run(s.pgCtl, "-D", data, "-l", filepath.Join(s.dir, "server.log"), "-w", "-t", "60", "-o", opts, "start"); err != nil {
		return "", s.abandon(err)
	}
	s.startWatchdog(data)
	s.dsnOf = func(name string) string {
		return "postgres://postgres@/" + name + "?host=" + url.QueryEscape(s.dir) + "&sslmode=disable"
	}
	return "", nil
}

func majorOf(initdb string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(initdb))))
	return n
}

// run runs a PostgreSQL program as the postgres user, with its output in
// a file rather than a pipe (a server started by pg_ctl would otherwise
// hold the pipe open).
func (s *server) run(program string, args ...string) error {
	out, err := os.CreateTemp("", "footprint-pg-out-")
	if err != nil {
		return err
	}
	defer os.Remove(out.Name())
	defer out.Close()
	argv := append(slices.Clone(s.runAs), program)
	argv = append(argv, args...)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Run(); err != nil {
		text, _ := os.ReadFile(out.Name())
		return fmt.Errorf("%s: %w\n%s", filepath.Base(program), err, text)
	}
	return nil
}

// startWatchdog starts a small shell, in a session of its own, that stops
// the server and removes its directory once this process has gone — so a
// test binary that is killed (a timeout, ^C) leaves no server behind. It
// ends by itself once shutdown has removed the directory.
func (s *server) startWatchdog(data string) {
	stop := strings.Join(append(slices.Clone(s.runAs), s.pgCtl, "-D", quote(data), "-m", "immediate", "stop"), " ")
	script := fmt.Sprintf("while [ -d /proc/%d ] && [ -d %s ]; do sleep 0.2; done; if [ -d %[2]s ]; then %s >/dev/null 2>&1; rm -rf %[2]s; fi",
		os.Getpid(), quote(s.dir), stop)
	cmd := exec.Command("/bin/sh", "-c", script)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if cmd.Start() == nil {
		s.watchdog = cmd
	}
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// abandon removes the directory of a server that failed to start.
func (s *server) abandon(err error) error {
	_ = os.RemoveAll(s.dir)
	s.dir = ""
	return fmt.Errorf("sqltest: start PostgreSQL: %w", err)
}

// shutdown stops the server this binary started, if any.
func (s *server) shutdown() error {
	if s.admin != nil {
		_ = s.admin.Close()
	}
	if s.dir == "" {
		return nil
	}
	err := s.run(s.pgCtl, "-D", filepath.Join(s.dir, "data"), "-m", "immediate", "-w", "stop")
	rmErr := os.RemoveAll(s.dir)
	if s.watchdog != nil {
		if rmErr != nil {
			_ = s.watchdog.Process.Kill()
		}
		_ = s.watchdog.Wait() // it ends once the directory is gone
	}
	if err == nil {
		err = rmErr
	}
	s.dir = ""
	if err != nil {
		return fmt.Errorf("stop PostgreSQL: %w", err)
	}
	return nil
}
