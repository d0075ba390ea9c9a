package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/adapters/events/calendar"
	"github.com/footprint-hq/footprint/adapters/events/inbox"
	"github.com/footprint-hq/footprint/adapters/events/webhook"
	"github.com/footprint-hq/footprint/adapters/httpapi"
	"github.com/footprint-hq/footprint/backlog"
	"github.com/footprint-hq/footprint/mentorship"
	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/sprint"
	"github.com/footprint-hq/footprint/storage/memory"
)

// The people of every test: ana owns the plans under test, mia is her
// mentor, olaf is anybody else and fay a facilitator. Requests without a
// person are unauthenticated.
const (
	owner       = "ana"
	mentor      = "mia"
	other       = "olaf"
	facilitator = "fay"
	anonymous   = ""
)

// now is the clock of every service in the tests.
var now = time.Date(2026, time.June, 15, 9, 0, 0, 0, time.UTC)

// personHeader carries the acting person in tests; authenticate reads it.
const personHeader = "X-Test-Person"

func authenticate(r *http.Request) (string, error) {
	p := r.Header.Get(personHeader)
	if p == "" {
		return "", errors.New("no session")
	}
	return p, nil
}

func rights(_ *http.Request, person string) (httpapi.Rights, error) {
	return httpapi.Rights{Facilitator: person == facilitator}, nil
}

// mentors makes mia ana's mentor.
var mentors = okr.MentorFinderFunc(func(_ context.Context, person string) (string, error) {
	if person == owner {
		return mentor, nil
	}
	return "", nil
})

// syncBuffer is a log sink safe for concurrent writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// world is one API over a fresh memory store, with the fixtures a test
// seeded, named in ids.
type world struct {
	t      testing.TB
	store  *memory.Store
	okr    *okr.Service
	sprint *sprint.Service
	api    http.Handler
	prefix string // the prefix the API is mounted under, if any
	logs   *syncBuffer
	ids    map[string]string
	etags  map[string]string
	doc    *apiDoc // the document the API serves, once loaded

	// mentorship and backlog are the services the API serves, made by
	// newMentorshipService and newBacklogService.
	mentorship *mentorship.Service
	backlog    *backlog.Service
	webhooks   *webhook.Service
	inbox      *inbox.Service
	calendars  *calendar.Service
}

type worldOption func(*httpapi.Config, *world)

// withConfig changes the configuration New is called with.
func withConfig(fn func(*httpapi.Config)) worldOption {
	return func(c *httpapi.Config, _ *world) { fn(c) }
}

// withPrefix mounts the API under prefix with http.StripPrefix.
func withPrefix(prefix string) worldOption {
	return func(_ *httpapi.Config, w *world) { w.prefix = prefix }
}

// withOKRStore serves okr from store instead of the memory store.
func withOKRStore(store okr.Store, opts ...okr.Option) worldOption {
	return func(c *httpapi.Config, _ *world) {
		c.OKR = okr.NewService(store, append([]okr.Option{okr.WithClock(func() time.Time { return now }), okr.WithMentors(mentors)}, opts...)...)
	}
}

func newWorld(t testing.TB, opts ...worldOption) *world {
	w := &world{t: t, store: memory.New(), logs: &syncBuffer{}, ids: map[string]string{}, etags: map[string]string{}}
	w.okr = okr.NewService(w.store, okr.WithClock(func() time.Time { return now }), okr.WithMentors(mentors))
	w.mentorship = newMentorshipService(w.store, now)
	w.backlog = newBacklogService(w.store)
	w.sprint = sprint.NewService(w.store, sprint.WithClock(func() time.Time { return now }),
		sprint.WithRoles(sprintRoles), sprint.WithInterests(w.okr))
	// The facilitator administers webhooks here: the matrix's columns
	// have no administrator of their own.
	w.webhooks = webhook.NewService(w.store, webhook.WithClock(func() time.Time { return now }),
		webhook.WithScope(w.okr.SeesScope),
		webhook.WithAdmins(webhook.AdminsFunc(func(_ context.Context, p string) (bool, error) { return p == facilitator, nil })))
	w.inbox = inbox.NewService(w.store, inbox.WithClock(func() time.Time { return now }), inbox.WithScope(w.okr.SeesScope),
		inbox.WithOKR(w.store), inbox.WithMentorship(w.store), inbox.WithSprint(w.store), inbox.WithBacklog(w.store))
	cals, err := calendar.NewService(w.store, []byte("the test world's calendar feed key"))
	require.NoError(t, err)
	w.calendars = cals
	cfg := httpapi.Config{
		OKR:          w.okr,
		Mentorship:   w.mentorship,
		Backlog:      w.backlog,
		Sprint:       w.sprint,
		Clock:        func() time.Time { return now },
		Authenticate: authenticate,
		Rights:       rights,
		Events:       w.store,
		Webhooks:     w.webhooks,
		Inbox:        w.inbox,
		Calendars:    w.calendars,
		DisplayName: func(_ context.Context, p string) string {
			if p == mentor {
				return "Mia Mentor"
			}
			return ""
		},
		FeedPoll: 20 * time.Millisecond,
		Logger:   slog.New(slog.NewJSONHandler(w.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	for _, o := range opts {
		o(&cfg, w)
	}
	w.api = httpapi.New(cfg)
	if w.prefix != "" {
		w.api = http.StripPrefix(w.prefix, w.api)
	}
	return w
}

// call is one request of a test.
type call struct {
	method, path string
	// as is the acting person; anonymous sends no credentials.
	as string
	// body is sent as is, with Content-Type: application/json unless
	// header says otherwise.
	body string
	// header adds headers; an empty value removes one.
	header map[string]string
	// unknownLength sends the body without a Content-Length.
	unknownLength bool
}

// reply is what the API answered.
type reply struct {
	status int
	header http.Header
	body   []byte
	// docErr is what the OpenAPI document says of the request: nil when
	// it describes it as valid.
	docErr error
}

func (r reply) decode(t testing.TB, v any) {
	t.Helper()
	require.NoError(t, json.Unmarshal(r.body, v), "body: %s", r.body)
}

func (r reply) problem(t testing.TB) httpapi.Problem {
	t.Helper()
	require.Equal(t, "application/problem+json", r.header.Get("Content-Type"), "body: %s", r.body)
	var p httpapi.Problem
	r.decode(t, &p)
	return p
}

// id returns the "id" member of a JSON object reply.
func (r reply) id(t testing.TB) string {
	t.Helper()
	var v struct{ ID string }
	r.decode(t, &v)
	require.NotEmpty(t, v.ID, "body: %s", r.body)
	return v.ID
}

// do sends c, checks the request against the OpenAPI document (it must be
// valid) and the reply against it, and returns the reply.
func (w *world) do(c call) reply {
	w.t.Helper()
	r := w.send(c)
	require.NoError(w.t, r.docErr, "the document must describe %s %s as valid", c.method, c.path)
	return r
}

// send is do without the check that the document admits the request: for
// requests that are bad on purpose. The reply is still checked.
func (w *world) send(c call) reply {
	t := w.t
	t.Helper()
	build := func() *http.Request {
		var body io.Reader = strings.NewReader(c.body)
		if c.unknownLength {
			body = struct{ io.Reader }{body}
		}
		req := httptest.NewRequest(c.method, c.path, body)
		if c.unknownLength {
			req.ContentLength = -1
		}
		if c.body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		if c.as != "" {
			req.Header.Set(personHeader, c.as)
		}
		for k, v := range c.header {
			if v == "" {
				req.Header.Del(k)
			} else {
				req.Header.Set(k, v)
			}
		}
		return req
	}
	rec := httptest.NewRecorder()
	w.api.ServeHTTP(rec, build())
	r := reply{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}

	vreq := build()
	vreq.URL.Path = strings.TrimPrefix(vreq.URL.Path, w.prefix)
	vreq.URL.RawPath = ""
	r.docErr = w.checkAgainstDocument(vreq, r)
	checkReply(t, c, r)
	return r
}

// checkReply checks what every reply must hold.
func checkReply(t testing.TB, c call, r reply) {
	t.Helper()
	reqID := r.header.Get("X-Request-Id")
	assert.NotEmpty(t, reqID, "%s %s: every reply carries X-Request-Id", c.method, c.path)
	if r.status >= 400 {
		p := r.problem(t)
		assert.Equal(t, r.status, p.Status, "problem status must be the HTTP status")
		assert.Equal(t, reqID, p.RequestID, "problem must repeat the request ID")
		assert.True(t, strings.HasPrefix(p.Type, httpapi.ProblemTypeBase), "problem type %q", p.Type)
	} else if len(r.body) > 0 {
		assert.Contains(t, []string{"application/json", "text/calendar; charset=utf-8"}, r.header.Get("Content-Type"))
	}
}

// apiDoc is an OpenAPI document the API served, loaded and validated by
// kin-openapi, with a router over it.
type apiDoc struct {
	doc    *openapi3.T
	router routers.Router
	paths  []pathTemplate
}

// pathTemplate is one path of the document and its methods.
type pathTemplate struct {
	match   *regexp.Regexp
	methods []string
}

// loadedDocs caches documents by their text: most worlds serve the same.
var loadedDocs sync.Map

func loadDocument(t testing.TB, data []byte) *apiDoc {
	t.Helper()
	if d, ok := loadedDocs.Load(string(data)); ok {
		return d.(*apiDoc)
	}
	doc, err := openapi3.NewLoader().LoadFromData(data)
	require.NoError(t, err)
	require.NoError(t, doc.Validate(context.Background()), "the document must be a valid OpenAPI document")
	router, err := legacy.NewRouter(doc)
	require.NoError(t, err)
	d := &apiDoc{doc: doc, router: router}
	for path, item := range doc.Paths.Map() {
		segments := strings.Split(path, "/")
		for i, seg := range segments {
			if strings.HasPrefix(seg, "{") {
				segments[i] = "[^/]+"
			} else {
				segments[i] = regexp.QuoteMeta(seg)
			}
		}
		pt := pathTemplate{match: regexp.MustCompile("^" + strings.Join(segments, "/") + "$")}
		for method := range item.Operations() {
			pt.methods = append(pt.methods, method)
			if method == http.MethodGet {
				pt.methods = append(pt.methods, http.MethodHead)
			}
		}
		d.paths = append(d.paths, pt)
	}
	loadedDocs.Store(string(data), d)
	return d
}

// document returns the document w serves.
func (w *world) document() *apiDoc {
	w.t.Helper()
	if w.doc == nil {
		rec := httptest.NewRecorder()
		w.api.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, w.prefix+"/openapi.json", nil))
		require.Equal(w.t, http.StatusOK, rec.Code)
		w.doc = loadDocument(w.t, rec.Body.Bytes())
	}
	return w.doc
}

// fullDocument returns the document of an API with every domain.
func fullDocument(t testing.TB) *apiDoc {
	return newWorld(t).document()
}

var validationOptions = &openapi3filter.Options{IncludeResponseStatus: true}

// checkAgainstDocument validates the reply to req against the document w
// serves and returns what the document says of the request itself. A
// request whose path or method the document does not know must have been
// answered 404, or 405 with the path's methods in Allow, with a problem.
func (w *world) checkAgainstDocument(req *http.Request, r reply) error {
	t := w.t
	t.Helper()
	d := w.document()
	route, params, err := d.router.FindRoute(req)
	if err != nil {
		want, allow := http.StatusNotFound, []string(nil)
		for _, p := range d.paths {
			if p.match.MatchString(req.URL.Path) {
				want, allow = http.StatusMethodNotAllowed, p.methods
			}
		}
		assert.Equal(t, want, r.status, "%s %s is not in the document: %v", req.Method, req.URL.Path, err)
		if want == http.StatusMethodNotAllowed {
			assert.ElementsMatch(t, allow, strings.Split(r.header.Get("Allow"), ", "), "405 keeps the Allow header")
		}
		var v any
		require.NoError(t, json.Unmarshal(r.body, &v))
		require.NoError(t, d.doc.Components.Schemas["Problem"].Value.VisitJSON(v, openapi3.EnableJSONSchema2020()))
		return err
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: validationOptions}
	reqErr := openapi3filter.ValidateRequest(context.Background(), in)
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 r.status,
		Header:                 r.header,
		Body:                   io.NopCloser(bytes.NewReader(r.body)),
		Options:                validationOptions,
	}
	require.NoError(t, openapi3filter.ValidateResponse(context.Background(), out),
		"the reply to %s %s must match the document; it was %d %s", req.Method, req.URL.Path, r.status, r.body)
	return reqErr
}

// expand replaces {name} with the ID of fixture name, {name.etag} with
// its ETag and {name.lower} with its ID in lower case.
func (w *world) expand(s string) string {
	pairs := make([]string, 0, 2*(len(w.ids)+len(w.etags)))
	for k, v := range w.ids {
		pairs = append(pairs, "{"+k+"}", v, "{"+k+".lower}", strings.ToLower(v))
	}
	for k, v := range w.etags {
		pairs = append(pairs, "{"+k+".etag}", v)
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

// resolve resolves a reference (a Location or a Link target) against the
// path of the request that answered it, as a client would, and returns
// the resulting path and query.
func (w *world) resolve(requestPath, ref string) string {
	w.t.Helper()
	base, err := url.Parse("http://example.com" + requestPath)
	require.NoError(w.t, err)
	target, err := url.Parse(ref)
	require.NoError(w.t, err)
	return base.ResolveReference(target).RequestURI()
}

// linkNext matches a Link header to the next page.
var linkNext = regexp.MustCompile(`^<([^>]*)>; rel="next"$`)

// walk sends c and then follows the Link headers to every further page.
func (w *world) walk(c call) []reply {
	w.t.Helper()
	var pages []reply
	for range 100 {
		r := w.do(c)
		require.Equal(w.t, http.StatusOK, r.status, "%s %s: %s", c.method, c.path, r.body)
		pages = append(pages, r)
		link := r.header.Get("Link")
		if link == "" {
			return pages
		}
		m := linkNext.FindStringSubmatch(link)
		require.NotNil(w.t, m, "Link header %q", link)
		c.path = w.resolve(c.path, m[1])
	}
	w.t.Fatalf("%s: paging does not end", c.path)
	return nil
}

// next returns the cursor the Link header of a page points at, or "".
func (r reply) next(t testing.TB) string {
	t.Helper()
	link := r.header.Get("Link")
	if link == "" {
		return ""
	}
	m := linkNext.FindStringSubmatch(link)
	require.NotNil(t, m, "Link header %q", link)
	u, err := url.Parse(m[1])
	require.NoError(t, err)
	return u.Query().Get("cursor")
}
