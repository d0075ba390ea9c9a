package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// pgBinGlob is where Debian and Ubuntu install PostgreSQL's binaries, one
// directory per major version.
const pgBinGlob = "/usr/lib/postgresql/*/bin"

// findPGBin returns the directory of initdb and pg_ctl: dir when given,
// else that of initdb on PATH, else the newest version under pgBinGlob.
func findPGBin(dir string) (string, error) {
	has := func(d string) bool {
		for _, name := range []string{"initdb", "pg_ctl"} {
			if _, err := os.Stat(filepath.Join(d, name+exeSuffix())); err != nil {
				return false
			}
		}
		return true
	}
	if dir != "" {
		if !has(dir) {
			return "", fmt.Errorf("no initdb and pg_ctl in %s", dir)
		}
		return dir, nil
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil && has(filepath.Dir(real)) {
			return filepath.Dir(real), nil
		}
		if has(filepath.Dir(p)) {
			return filepath.Dir(p), nil
		}
	}
	dirs, _ := filepath.Glob(pgBinGlob)
	dirs = slices.DeleteFunc(dirs, func(d string) bool { return !has(d) })
	if len(dirs) == 0 {
		return "", fmt.Errorf("no initdb and pg_ctl on PATH nor in %s (give -pg-bin)", pgBinGlob)
	}
	version := func(d string) float64 {
		v, _ := strconv.ParseFloat(filepath.Base(filepath.Dir(d)), 64)
		return v
	}
	slices.SortFunc(dirs, func(a, b string) int {
		switch va, vb := version(a), version(b); {
		case va < vb:
			return 1
		case va > vb:
			return -1
		}
		return 0
	})
	return dirs[0], nil
}

// localPG is a throwaway PostgreSQL cluster in a temporary directory,
// listening on 127.0.0.1 only, with initdb's default settings.
type localPG struct {
	bin, dir string
	as       func(*exec.Cmd) // runs a command as the cluster's owner
	url      string
	version  string
}

// startLocalPG makes a cluster with initdb and starts it with pg_ctl.
func startLocalPG(ctx context.Context, bin string) (*localPG, error) {
	dir, err := os.MkdirTemp("", "footprint-loadtest-pg-")
	if err != nil {
		return nil, err
	}
	if strings.ContainsAny(dir, `'" \`) {
		_ = os.RemoveAll(dir)
		return nil, fmt.Errorf("the temporary directory %q would need quoting for pg_ctl: set TMPDIR", dir)
	}
	as, err := asClusterOwner(dir)
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	pg := &localPG{bin: bin, dir: dir, as: as}
	addr, err := freeLoopbackAddr()
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	_, port, _ := net.SplitHostPort(addr)
	if out, err := pg.run(ctx, "pg_ctl", "--version"); err == nil {
		pg.version = strings.TrimSpace(out)
	}
	if out, err := pg.run(ctx, "initdb", "-D", pg.data(), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"); err != nil {
		_ = os.RemoveAll(dir)
		return nil, fmt.Errorf("initdb: %v\n%s", err, out)
	}
	opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -c port=%s -c unix_socket_directories='%s'", port, dir)
	logFile := filepath.Join(dir, "postgres.log")
	if out, err := pg.run(ctx, "pg_ctl", "-D", pg.data(), "-l", logFile, "-w", "-t", "60", "-o", opts, "start"); err != nil {
		log, _ := os.ReadFile(logFile)
		_ = pg.stop()
		return nil, fmt.Errorf("pg_ctl start: %v\n%s\n%s", err, out, log)
	}
	pg.url = fmt.Sprintf("postgres://postgres@127.0.0.1:%s/postgres?sslmode=disable", port)
	return pg, nil
}

// data is the cluster's data directory.
func (pg *localPG) data() string { return filepath.Join(pg.dir, "data") }

// run runs one of the cluster's binaries as its owner, in its directory.
func (pg *localPG) run(ctx context.Context, name string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, filepath.Join(pg.bin, name+exeSuffix()), args...)
	cmd.Dir = pg.dir
	pg.as(cmd)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// describe tells what the cluster is, for the report.
func (pg *localPG) describe() string {
	v := pg.version
	if v == "" {
		v = "PostgreSQL"
	}
	return fmt.Sprintf("a throwaway cluster (%s) on 127.0.0.1 with initdb's default settings, in a temporary directory", v)
}

// stop stops the cluster, when it runs, and removes its directory.
func (pg *localPG) stop() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var errs []error
	if _, err := os.Stat(filepath.Join(pg.data(), "postmaster.pid")); err == nil {
		if out, err := pg.run(ctx, "pg_ctl", "-D", pg.data(), "-m", "fast", "-w", "stop"); err != nil {
			errs = append(errs, fmt.Errorf("pg_ctl stop: %v\n%s", err, out))
		}
	}
	errs = append(errs, os.RemoveAll(pg.dir))
	return errors.Join(errs...)
}
