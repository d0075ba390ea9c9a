// Command embed shows how an HR portal embeds Footprint: the portal keeps
// its own mux, pages and sign-in, and mounts Footprint's HTTP API under
// /learning/ behind its own authentication middleware.
//
//	go run ./examples/embed [-addr :8081] [-db portal.db]
//
// It prints curl commands to try.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/footprint-hq/footprint/adapters/httpapi"
	"github.com/footprint-hq/footprint/backlog"
	"github.com/footprint-hq/footprint/mentorship"
	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/sprint"
	"github.com/footprint-hq/footprint/storage/sqlstore/sqlite"
)

// The portal's sessions: a bearer token names an employee. A real portal
// has its own (OIDC, a session cookie, a gateway header …).
var sessions = map[string]string{"token-ana": "E1001", "token-ben": "E1002", "token-pia": "E1003"}

// The portal's org chart: who leads whom, who facilitates learning.
var teamLeads = map[string]string{"E1001": "E1002", "E1002": "E1003"}
var facilitators = map[string]bool{"E1003": true}

type employeeKey struct{}

// requireLogin is the portal's middleware: no valid token, no entry. It
// puts the employee's ID into the request's context.
func requireLogin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		employee, known := sessions[token]
		if !ok || !known {
			w.Header().Set("WWW-Authenticate", `Bearer realm="portal"`)
			http.Error(w, "sign in to the portal first", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), employeeKey{}, employee)))
	})
}

// employee is what Footprint's Authenticate hook asks: the portal already
// knows who is calling.
func employee(r *http.Request) (string, error) {
	id, _ := r.Context().Value(employeeKey{}).(string)
	if id == "" {
		return "", errors.New("no employee in context")
	}
	return id, nil
}

// roles and directory answer Footprint's questions from the portal's data.
type roles struct{}

func (roles) IsFacilitator(_ context.Context, id string) (bool, error) { return facilitators[id], nil }

type directory struct{}

func (directory) TeamLead(_ context.Context, id string) (string, error) { return teamLeads[id], nil }

// newPortal builds the portal's handler with Footprint mounted under
// /learning/, on store.
func newPortal(store interface {
	okr.Store
	mentorship.Store
	backlog.Store
	sprint.Store
}, logger *slog.Logger) http.Handler {
	var mentors *mentorship.Service
	goals := okr.NewService(store, okr.WithMentors(okr.MentorFinderFunc(func(ctx context.Context, p string) (string, error) {
		return mentors.MentorOf(ctx, p)
	})))
	mentors = mentorship.NewService(store, mentorship.WithDirectory(directory{}), mentorship.WithInterests(goals))
	api := httpapi.New(httpapi.Config{
		OKR:          goals,
		Mentorship:   mentors,
		Backlog:      backlog.NewService(store, backlog.WithRoles(roles{})),
		Sprint:       sprint.NewService(store, sprint.WithRoles(roles{}), sprint.WithInterests(goals)),
		Authenticate: employee,
		Rights: func(_ *http.Request, id string) (httpapi.Rights, error) {
			return httpapi.Rights{Facilitator: facilitators[id]}, nil
		},
		Logger: logger,
	})

	portal := http.NewServeMux()
	portal.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		id, _ := employee(r)
		fmt.Fprintf(w, "Welcome to the portal, %s. Your learning lives under /learning/.\n", id)
	})
	portal.Handle("/learning/", http.StripPrefix("/learning", api))
	return requireLogin(portal)
}

func main() {
	addr := flag.String("addr", ":8081", "address to listen on")
	db := flag.String("db", "portal.db", "SQLite file of the portal's learning data")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	store, err := sqlite.Open(ctx, *db)
	if err != nil {
		fmt.Fprintln(os.Stderr, "embed:", err)
		os.Exit(1)
	}
	defer store.Close()
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	srv := &http.Server{Addr: *addr, Handler: newPortal(store, logger), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		_ = srv.Shutdown(context.Background())
	}()
	port := (*addr)[strings.LastIndex(*addr, ":"):]
	fmt.Printf("Portal on http://localhost%s/ with Footprint under /learning/. Try:\n", port)
	fmt.Printf("  curl -H 'Authorization: Bearer token-ana' http://localhost%s/learning/me\n", port)
	fmt.Printf("  curl -H 'Authorization: Bearer token-ana' -H 'Content-Type: application/json' \\\n")
	fmt.Printf("       -d '{\"title\":\"Become a performance expert\"}' http://localhost%s/learning/goals\n", port)
	fmt.Printf("  curl -H 'Authorization: Bearer token-ana' http://localhost%s/learning/people/E1001/board\n", port)
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(os.Stderr, "embed:", err)
		os.Exit(1)
	}
}
