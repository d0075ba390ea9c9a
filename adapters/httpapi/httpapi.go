package httpapi

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/footprint-hq/footprint/adapters/events/calendar"
	"github.com/footprint-hq/footprint/adapters/events/inbox"
	"github.com/footprint-hq/footprint/adapters/events/webhook"
	"github.com/footprint-hq/footprint/backlog"
	"github.com/footprint-hq/footprint/mentorship"
	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/sprint"
	"github.com/footprint-hq/footprint/storage"
)

// DefaultChallenge is the WWW-Authenticate header of 401 answers when
// Config.Challenge is empty.
const DefaultChallenge = `Bearer realm="footprint"`

// DefaultMaxBodyBytes is the largest request body accepted when
// Config.MaxBodyBytes is zero: 1 MiB.
const DefaultMaxBodyBytes = 1 << 20

// Config is what a host hands to New. Only Authenticate is needed for a
// working API; every service left nil leaves its routes (and its part of
// the OpenAPI document) out.
type Config struct {
	// OKR serves goals, objectives, key results, check-ins, comments,
	// suggestions and boards.
	OKR *okr.Service

	// Mentorship serves mentor profiles, mentor requests and relations,
	// mentoring meetings and their next steps. The personal calendar feed
	// takes each of a person's active relations' next meeting due from it.
	Mentorship *mentorship.Service

	// Backlog serves the learning backlog and prioritisation meetings.
	// Who facilitates is the service's to decide, through the Roles the
	// host gave it (backlog.WithRoles); wire them to agree with Rights.
	Backlog *backlog.Service

	// Sprint serves the quarterly learning sprints: topics, learning
	// goals and their check-ins, activities, enrolments, attendance,
	// ratings, the retrospective, reports and the calendar feeds.
	// Facilitator rights come from the service's sprint.Roles, which
	// should agree with Rights.
	Sprint *sprint.Service

	// Authenticate returns the ID of the person making the request, as the
	// host knows them (a session cookie, a bearer token, a header set by a
	// gateway …). An error, or an empty ID, is answered 401. The adapter
	// never reads the acting person from a body or a query. When nil,
	// every route but GET /openapi.json answers 401.
	Authenticate func(*http.Request) (string, error)

	// Rights, when set, returns the programme-wide rights of an
	// authenticated person: whether they facilitate prioritisation
	// meetings and sprints, or administer the programme. When nil, nobody
	// holds any. GET /me reports them, and POST /mentorship/sweep needs
	// Admin. The services decide facilitator rights through the roles the
	// host gave them, which should agree with this hook. An error is
	// answered 500 and logged.
	Rights func(r *http.Request, person string) (Rights, error)

	// Logger receives one debug record per request and one error record
	// per internal error or recovered panic. When nil, nothing is logged.
	Logger *slog.Logger

	// MaxBodyBytes caps request bodies; larger ones are answered 413.
	// Zero or less means DefaultMaxBodyBytes.
	MaxBodyBytes int64

	// Clock is the adapter's current time, for the routes that ask "as
	// of now" (overdue mentoring meetings, the mentorship sweep); give it
	// the services' clock. When nil, time.Now.
	Clock func() time.Time

	// NewRequestID makes the ID of a request that does not bring a usable
	// X-Request-Id header. When nil, IDs are ULIDs from
	// storage.NewIDSource.
	NewRequestID func() string

	// Events, the store's event log, serves the change feed: GET /events
	// and the Server-Sent Events stream GET /events/stream, each showing
	// the caller only the events they may see (for goals, as OKR decides;
	// without OKR, an event about a goal reaches only the people it names).
	Events storage.EventLog

	// Webhooks serves the administration of webhook subscriptions and
	// their deliveries under /webhooks. Who administers is the service's
	// to decide, through the Admins the host gave it
	// (webhook.WithAdmins); wire them to agree with Rights.Admin. The
	// adapter does not deliver: run the service's workers (Run) beside it.
	Webhooks *webhook.Service

	// Inbox serves the caller's inbox under /me/inbox: items from the
	// events that concern them and reminders of what is due. The adapter
	// fills nothing: run the service's Consumer and RunReminders beside it.
	Inbox *inbox.Service

	// Calendars, with Mentorship or Sprint, lets people subscribe a
	// calendar app to their personal calendar at a secret, signed address
	// (/me/calendar-feed), which answers without Authenticate.
	Calendars *calendar.Service

	// DisplayName names a person in the calendar feeds (a mentor, the
	// feed's owner) as the host knows them. When nil, or when it answers
	// "", the person's ID.
	DisplayName func(ctx context.Context, person string) string

	// FeedPoll is how often an event stream reads the log; zero means
	// DefaultFeedPoll. FeedHeartbeat is how often an idle stream sends a
	// keep-alive comment; zero means DefaultFeedHeartbeat.
	FeedPoll, FeedHeartbeat time.Duration

	// Challenge is the WWW-Authenticate header of every 401 answer, which
	// RFC 9110 requires: the scheme the host's Authenticate expects. When
	// empty, DefaultChallenge.
	Challenge string
}

// Rights are the programme-wide rights of a person, as the host says.
type Rights struct {
	// Facilitator: runs prioritisation meetings and learning sprints.
	Facilitator bool `json:"facilitator"`
	// Admin: administers the programme.
	Admin bool `json:"admin"`
}

// handler is the http.Handler New returns.
type handler struct {
	cfg     Config
	mux     *http.ServeMux
	routes  []string // registered patterns, in order of registration
	doc     []byte   // the OpenAPI document for the configured domains
	log     *slog.Logger
	maxBody int64
	newID   func() string
}

// route is the type of every handler registered on the mux, so that
// ServeHTTP can tell the adapter's routes from the mux's own 404 and 405
// answers.
type route http.HandlerFunc

func (f route) ServeHTTP(w http.ResponseWriter, r *http.Request) { f(w, r) }

// apiFunc handles a request of an authenticated person. An error it
// returns is answered as a problem (see fail).
type apiFunc func(w http.ResponseWriter, r *http.Request, actor string) error

// New returns the HTTP API over the services in cfg. The handler owns no
// listener; mount it anywhere, under a prefix with http.StripPrefix:
//
//	mux.Handle("/api/", http.StripPrefix("/api", httpapi.New(cfg)))
//
// Location and Link headers are relative references, so they hold under
// any prefix.
func New(cfg Config) http.Handler {
	h := &handler{
		cfg:     cfg,
		mux:     http.NewServeMux(),
		log:     cfg.Logger,
		maxBody: cfg.MaxBodyBytes,
		newID:   cfg.NewRequestID,
	}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	if h.maxBody <= 0 {
		h.maxBody = DefaultMaxBodyBytes
	}
	if h.newID == nil {
		h.newID = storage.NewIDSource()
	}
	h.public("GET /openapi.json", h.serveDocument)
	h.handle("GET /me", h.getMe)
	parts := []string{"base"}
	// One row per domain: whether the host configured it, the method
	// registering its routes, and its part of the OpenAPI document.
	for _, d := range []struct {
		configured bool
		routes     func()
		part       string
	}{
		{cfg.OKR != nil, h.okrRoutes, "okr"},
		{cfg.Mentorship != nil, h.mentorshipRoutes, "mentorship"},
		{cfg.Backlog != nil, h.backlogRoutes, "backlog"},
		{cfg.Sprint != nil, h.sprintRoutes, "sprint"},
		{cfg.Sprint != nil || cfg.Mentorship != nil, h.calendarRoutes, "calendar"},
		{cfg.Calendars != nil && (cfg.Sprint != nil || cfg.Mentorship != nil), h.feedRoutes, "feeds"},
		{cfg.Events != nil, h.eventRoutes, "events"},
		{cfg.Webhooks != nil, h.webhookRoutes, "webhooks"},
		{cfg.Inbox != nil, h.inboxRoutes, "inbox"},
	} {
		if d.configured {
			d.routes()
			parts = append(parts, d.part)
		}
	}
	h.doc = document(parts...)
	return h
}

// now returns the adapter's current time.
func (h *handler) now() time.Time {
	if h.cfg.Clock != nil {
		return h.cfg.Clock()
	}
	return time.Now()
}

// handle registers an authenticated route.
func (h *handler) handle(pattern string, fn apiFunc) {
	h.routes = append(h.routes, pattern)
	h.mux.Handle(pattern, route(func(w http.ResponseWriter, r *http.Request) {
		actor, err := h.authenticate(r)
		if err == nil {
			err = fn(w, r, actor)
		}
		if err != nil {
			h.fail(w, r, err)
		}
	}))
}

// public registers a route open to anyone.
func (h *handler) public(pattern string, fn http.HandlerFunc) {
	h.routes = append(h.routes, pattern)
	h.mux.Handle(pattern, route(fn))
}

func (h *handler) authenticate(r *http.Request) (string, error) {
	if h.cfg.Authenticate == nil {
		return "", problemf(kindUnauthenticated, "")
	}
	actor, err := h.cfg.Authenticate(r)
	if err != nil || actor == "" {
		return "", problemf(kindUnauthenticated, "")
	}
	return actor, nil
}

// rights returns the rights of person from the host's hook.
func (h *handler) rights(r *http.Request, person string) (Rights, error) {
	if h.cfg.Rights == nil {
		return Rights{}, nil
	}
	rights, err := h.cfg.Rights(r, person)
	if err != nil {
		return Rights{}, fmt.Errorf("httpapi: rights of %s: %w", person, err)
	}
	return rights, nil
}

// me is the body of GET /me.
type me struct {
	ID     string `json:"id"`
	Rights Rights `json:"rights"`
}

func (h *handler) getMe(w http.ResponseWriter, r *http.Request, actor string) error {
	rights, err := h.rights(r, actor)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, me{ID: actor, Rights: rights})
}

type requestIDKey struct{}

// RequestID returns the ID of the request being served with ctx: the
// X-Request-Id the client sent when usable, else one the adapter made. It
// is empty for a context that did not come from the adapter. Observers of
// the domain services receive the request's context, so they can tag
// their records with it.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// usableRequestID reports whether a client's X-Request-Id may be reused:
// 1 to 128 visible ASCII characters other than quotes and backslashes, so
// it cannot break a log line or a header.
func usableRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if c <= ' ' || c > '~' || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// statusWriter remembers the status written, for the log and for panics.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// ServeHTTP gives the request an ID, routes it, answers the mux's own 404
// and 405 as problems, recovers panics and logs the outcome.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	id := r.Header.Get("X-Request-Id")
	if !usableRequestID(id) {
		id = h.newID()
	}
	w.Header().Set("X-Request-Id", id)
	r = r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id))
	sw := &statusWriter{ResponseWriter: w}
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			h.log.LogAttrs(r.Context(), slog.LevelError, "httpapi: panic serving request",
				slog.String("requestId", id), slog.String("method", r.Method), slog.String("path", r.URL.Path),
				slog.Any("panic", v), slog.String("stack", string(debug.Stack())))
			if sw.status == 0 {
				writeProblem(sw, r, internalProblem())
			}
		}
		if h.log.Enabled(r.Context(), slog.LevelDebug) {
			h.log.LogAttrs(r.Context(), slog.LevelDebug, "httpapi: request",
				slog.String("requestId", id), slog.String("method", r.Method), slog.String("path", r.URL.Path),
				slog.Int("status", sw.status), slog.Duration("duration", time.Since(start)))
		}
	}()
	found, _ := h.mux.Handler(r)
	if _, ours := found.(route); ours {
		h.mux.ServeHTTP(sw, r) // matches again, setting the path values
		return
	}
	h.unrouted(sw, r, found)
}

// unrouted answers a request that matches no route: 405 with the Allow
// header the mux computes when the path exists for other methods, else
// 404. Paths the mux would redirect to a cleaned form are not found too:
// a redirect would lose the host's prefix.
func (h *handler) unrouted(w http.ResponseWriter, r *http.Request, found http.Handler) {
	probe := &headerProbe{header: http.Header{}}
	found.ServeHTTP(probe, r)
	if probe.status == http.StatusMethodNotAllowed {
		w.Header().Set("Allow", probe.header.Get("Allow"))
		writeProblem(w, r, problemf(kindMethodNotAllowed, "this resource does not answer %s; see the Allow header", r.Method))
		return
	}
	writeProblem(w, r, problemf(kindNotFound, "no resource at this path"))
}

// headerProbe records what the mux's own handlers would answer.
type headerProbe struct {
	header http.Header
	status int
}

func (p *headerProbe) Header() http.Header { return p.header }
func (p *headerProbe) Write(b []byte) (int, error) {
	if p.status == 0 {
		p.status = http.StatusOK
	}
	return len(b), nil
}
func (p *headerProbe) WriteHeader(status int) {
	if p.status == 0 {
		p.status = status
	}
}
