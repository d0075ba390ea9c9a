package main

import (
	"context"
	"crypto/rand"
	"embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/footprint-hq/footprint/adapters/events/calendar"
	"github.com/footprint-hq/footprint/adapters/httpapi"
)

//go:embed web
var webFiles embed.FS

// sessionCookie holds the ID of the person signed in to the demo.
const sessionCookie = "footprint_demo_person"

// app is the demo intranet: the store, the services, and the handler that
// serves the API under /api/, the demo sign-in under /demo/ and the web UI.
type app struct {
	store   Store
	close   func() error
	handler http.Handler
	// stop ends the background work; delivered is closed once it ends.
	stop      context.CancelFunc
	delivered chan struct{}
}

// open opens the database, seeds the demo organisation into it when asked
// and empty, and builds the handler.
func open(ctx context.Context, db string, doSeed bool, logger *slog.Logger) (*app, error) {
	st, closeStore, err := openStore(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", redact(db), err)
	}
	a := &app{store: st, close: closeStore}
	if doSeed {
		done, err := seeded(ctx, st)
		if err != nil {
			_ = closeStore()
			return nil, err
		}
		if !done {
			logger.Info("seeding the demo organisation", "db", redact(db))
			if err := seed(ctx, st, time.Now()); err != nil {
				_ = closeStore()
				return nil, err
			}
		}
	}
	svc := newServices(st, time.Now)
	key, err := calendarKey(db, logger)
	if err != nil {
		_ = closeStore()
		return nil, err
	}
	cals, err := calendar.NewService(st, key)
	if err != nil {
		_ = closeStore()
		return nil, err
	}
	api := httpapi.New(httpapi.Config{
		OKR:        svc.okr,
		Mentorship: svc.mentorship,
		Backlog:    svc.backlog,
		Sprint:     svc.sprint,
		Events:     st,
		Webhooks:   svc.webhooks,
		Inbox:      svc.inbox,
		Calendars:  cals,
		DisplayName: func(_ context.Context, id string) string {
			p, _ := person(id)
			return p.Name
		},
		Authenticate: authenticate,
		Rights: func(_ *http.Request, id string) (httpapi.Rights, error) {
			p, _ := person(id)
			return httpapi.Rights{Facilitator: p.Facilitator, Admin: p.Admin}, nil
		},
		Logger: logger,
	})
	mux := http.NewServeMux()
	mux.Handle("/api/", http.StripPrefix("/api", api))
	mux.HandleFunc("GET /demo/people", func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, http.StatusOK, people) })
	mux.HandleFunc("GET /demo/session", func(w http.ResponseWriter, r *http.Request) {
		id, err := authenticate(r)
		if err != nil {
			writeJSON(w, http.StatusOK, map[string]any{"person": nil})
			return
		}
		p, _ := person(id)
		writeJSON(w, http.StatusOK, map[string]any{"person": p})
	})
	mux.HandleFunc("POST /demo/session", signIn)
	mux.HandleFunc("DELETE /demo/session", func(w http.ResponseWriter, _ *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteStrictMode})
		w.WriteHeader(http.StatusNoContent)
	})
	static, _ := fs.Sub(webFiles, "web")
	mux.Handle("/", http.FileServerFS(static))
	a.handler = secured(mux)
	// The background work a host runs beside the API: webhooks an
	// administrator subscribes are delivered, inboxes are filled from the
	// event log, and reminders are made every minute.
	var runCtx context.Context
	runCtx, a.stop = context.WithCancel(context.Background())
	a.delivered = make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() { _ = svc.webhooks.Run(runCtx, 0, time.Second) })
	inboxes := svc.inbox.Consumer()
	inboxes.Poll = time.Second
	wg.Go(func() { _ = inboxes.Run(runCtx) })
	wg.Go(func() {
		_ = svc.inbox.RunReminders(runCtx, time.Minute, func(err error) { logger.Error("reminders", "error", err) })
	})
	go func() {
		wg.Wait()
		close(a.delivered)
	}()
	return a, nil
}

// calendarKey returns the key that signs calendar feed addresses: from
// FOOTPRINT_CALENDAR_KEY (base64, 32 bytes or more) when set; else, for
// an SQLite file, from a key file beside it, made on first use; else a
// new key, so that addresses last as long as the process.
func calendarKey(db string, logger *slog.Logger) ([]byte, error) {
	if env := os.Getenv("FOOTPRINT_CALENDAR_KEY"); env != "" {
		key, err := base64.StdEncoding.DecodeString(env)
		if err != nil {
			return nil, fmt.Errorf("FOOTPRINT_CALENDAR_KEY is not base64: %w", err)
		}
		return key, nil
	}
	key := make([]byte, calendar.MinKeyBytes)
	_, _ = rand.Read(key)
	if db == ":memory:" || strings.Contains(db, "://") {
		logger.Warn("calendar feed addresses last until the server stops: set FOOTPRINT_CALENDAR_KEY to keep them")
		return key, nil
	}
	file := db + ".calendar-key"
	if stored, err := os.ReadFile(file); err == nil {
		return stored, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if err := os.WriteFile(file, key, 0o600); err != nil {
		return nil, fmt.Errorf("store the calendar key: %w", err)
	}
	return key, nil
}

// secured adds the headers every answer of the intranet carries: no
// content-type sniffing, no framing by other sites (clickjacking), and no
// Referer with paths or queries to other origins.
func secured(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Content-Security-Policy", "frame-ancestors 'none'")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "same-origin")
		h.ServeHTTP(w, r)
	})
}

// Handler serves the intranet.
func (a *app) Handler() http.Handler { return a.handler }

// Close stops the background work and closes the store.
func (a *app) Close() error {
	a.stop()
	<-a.delivered
	return a.close()
}

// authenticate is the demo's stand-in for a host's sign-in: it trusts a
// cookie naming a demo person. Never do this in a real intranet.
func authenticate(r *http.Request) (string, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return "", errors.New("not signed in")
	}
	if _, ok := person(c.Value); !ok {
		return "", errors.New("unknown person")
	}
	return c.Value, nil
}

// signIn sets the demo session cookie for the person named in the body.
func signIn(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Person string `json:"person"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 4096)).Decode(&in); err != nil {
		http.Error(w, "send {\"person\": id}", http.StatusBadRequest)
		return
	}
	p, ok := person(in.Person)
	if !ok {
		http.Error(w, "unknown person", http.StatusNotFound)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: p.ID, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
	writeJSON(w, http.StatusOK, map[string]any{"person": p})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
