// Command intranet is Footprint's demo intranet: the reference HTTP API
// and a web UI built on it alone, over an embedded SQLite file (or
// PostgreSQL), with a demo organisation seeded on first start.
//
//	go run ./examples/intranet [-addr :8080] [-db footprint.db] [-seed=false]
//
// Sign-in is a stand-in: the page lets you pick any demo person. A real
// host plugs its own authentication into httpapi.Config.Authenticate.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	addr := flag.String("addr", ":8080", "address to listen on")
	db := flag.String("db", "footprint.db", "SQLite file, or a postgres:// URL")
	doSeed := flag.Bool("seed", true, "seed the demo organisation into an empty database")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if err := run(ctx, *addr, *db, *doSeed, logger); err != nil {
		fmt.Fprintln(os.Stderr, "intranet:", err)
		os.Exit(1)
	}
}

// run opens the database, seeds it when asked and empty, and serves until
// ctx ends.
func run(ctx context.Context, addr, db string, doSeed bool, logger *slog.Logger) error {
	app, err := open(ctx, db, doSeed, logger)
	if err != nil {
		return err
	}
	defer app.Close()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := newServer(app.Handler(), defaultTimeouts)
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	fmt.Printf("Footprint demo intranet on %s (data in %s)\n", displayURL(ln.Addr()), redact(db))
	fmt.Println("Open it in a browser and pick a person to sign in as — a stand-in for your intranet's own sign-in.")
	fmt.Println("Try Ana (a junior developer), Ben (her mentor) or Pia (who facilitates the learning sprints).")
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// timeouts bound how long the server waits for a client: a request's
// headers and its whole body, an answer, and an idle keep-alive
// connection. Without them a client that sends slowly or never closes
// holds a connection and a goroutine forever.
type timeouts struct {
	ReadHeader, Read, Write, Idle time.Duration
}

// defaultTimeouts are the demo's. The event stream (/api/events/stream)
// outlives Write: it sets its own write deadline as it goes.
var defaultTimeouts = timeouts{ReadHeader: 5 * time.Second, Read: 30 * time.Second, Write: 60 * time.Second, Idle: 2 * time.Minute}

// newServer returns the HTTP server of the demo for h, with t.
func newServer(h http.Handler, t timeouts) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: t.ReadHeader, ReadTimeout: t.Read, WriteTimeout: t.Write,
		IdleTimeout: t.Idle, MaxHeaderBytes: 64 << 10}
}

// redact hides the password of a database URL, for printing.
func redact(db string) string {
	if u, err := url.Parse(db); err == nil && u.User != nil {
		return u.Redacted()
	}
	return db
}

// displayURL turns a listener address into a URL to open.
func displayURL(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return "http://" + a.String()
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}
