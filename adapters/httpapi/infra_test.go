package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/adapters/httpapi"
	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/storage"
	"github.com/footprint-hq/footprint/storage/memory"
)

func TestUnroutedRequestsAreProblems(t *testing.T) {
	w := newWorld(t)
	r := w.send(call{method: "GET", path: "/nowhere", as: owner})
	assert.Equal(t, http.StatusNotFound, r.status)
	assert.Equal(t, httpapi.ProblemNotFound, r.problem(t).Type)

	r = w.send(call{method: "PUT", path: "/goals", as: owner, body: `{}`})
	assert.Equal(t, http.StatusMethodNotAllowed, r.status)
	assert.Equal(t, httpapi.ProblemMethodNotAllowed, r.problem(t).Type)
	assert.Equal(t, "POST", r.header.Get("Allow"))

	r = w.send(call{method: "GET", path: "/goals/../me", as: owner})
	assert.Equal(t, http.StatusNotFound, r.status, "a path the mux would redirect is not found: a redirect would lose the prefix")
	assert.Empty(t, r.header.Get("Location"))
}

func TestRequestID(t *testing.T) {
	w := newWorld(t)
	r := w.send(call{method: "GET", path: "/nowhere", as: owner, header: map[string]string{"X-Request-Id": "req-42"}})
	assert.Equal(t, "req-42", r.header.Get("X-Request-Id"), "a usable request ID is echoed")
	assert.Equal(t, "req-42", r.problem(t).RequestID)

	r = w.do(call{method: "GET", path: "/me", as: owner, header: map[string]string{"X-Request-Id": "two words"}})
	assert.NotEqual(t, "two words", r.header.Get("X-Request-Id"), "an unusable one is replaced")
	a := w.do(call{method: "GET", path: "/me", as: owner}).header.Get("X-Request-Id")
	b := w.do(call{method: "GET", path: "/me", as: owner}).header.Get("X-Request-Id")
	assert.NotEqual(t, a, b, "each request gets its own ID")
	assert.Contains(t, w.logs.String(), `"requestId":"`+a+`"`, "the log names the request")
}

// TestMountedUnderPrefix follows Location and Link headers of an API
// mounted under /api and checks that they lead back under /api.
func TestMountedUnderPrefix(t *testing.T) {
	w := newWorld(t, withPrefix("/api"))
	r := w.do(call{method: "POST", path: "/api/goals", as: owner, body: `{"title":"Learn Go"}`})
	require.Equal(t, http.StatusCreated, r.status, "%s", r.body)
	goalURL := w.resolve("/api/goals", r.header.Get("Location"))
	assert.Equal(t, "/api/goals/"+r.id(t), goalURL)
	assert.Equal(t, http.StatusOK, w.do(call{method: "GET", path: goalURL, as: owner}).status)

	r = w.do(call{method: "POST", path: goalURL + "/objectives", as: owner, body: `{"title":"Write a CLI","draft":true}`})
	require.Equal(t, http.StatusCreated, r.status, "%s", r.body)
	objURL := w.resolve(goalURL+"/objectives", r.header.Get("Location"))
	assert.Equal(t, "/api/objectives/"+r.id(t), objURL)
	assert.Equal(t, http.StatusOK, w.do(call{method: "GET", path: objURL, as: owner}).status)

	w.do(call{method: "POST", path: "/api/goals", as: owner, body: `{"title":"Learn SQL"}`})
	pages := w.walk(call{method: "GET", path: "/api/people/ana/goals?limit=1", as: owner})
	assert.Len(t, pages, 2, "the Link header leads to the second page under the prefix")

	r = w.send(call{method: "GET", path: "/api/nowhere", as: owner})
	assert.Equal(t, http.StatusNotFound, r.status)
}

// failingStore is a memory store whose goal reads fail the way a database
// might, with details no client should see.
type failingStore struct {
	*memory.Store
}

var errDatabase = errors.New("pq: connection to db.internal:5432 refused (password=hunter2)")

func (failingStore) Goal(context.Context, string) (*okr.Goal, error) { return nil, errDatabase }
func (failingStore) Goals(context.Context, string, storage.PageRequest) (storage.Page[okr.Goal], error) {
	return storage.Page[okr.Goal]{}, errDatabase
}

func TestInternalErrorsRevealNothing(t *testing.T) {
	w := newWorld(t, withOKRStore(failingStore{memory.New()}))
	for _, path := range []string{"/people/ana/goals", "/people/ana/board", "/goals/01ARZ3NDEKTSV4RRFFQ69G5FAV"} {
		r := w.do(call{method: "GET", path: path, as: owner, header: map[string]string{"X-Request-Id": "trace-" + path[1:4]}})
		assert.Equal(t, http.StatusInternalServerError, r.status, path)
		p := r.problem(t)
		assert.Equal(t, httpapi.ProblemInternal, p.Type)
		for _, leak := range []string{"hunter2", "db.internal", "pq:", "okr"} {
			assert.NotContains(t, string(r.body), leak, "%s: a 500 reveals no internals", path)
		}
		assert.Contains(t, w.logs.String(), `"requestId":"trace-`+path[1:4]+`"`)
	}
	assert.Contains(t, w.logs.String(), "hunter2", "the log holds the error for the host")
}

func TestPanicsAreRecovered(t *testing.T) {
	panicky := okr.MentorFinderFunc(func(context.Context, string) (string, error) { panic("directory exploded") })
	w := newWorld(t, withOKRStore(memory.New(), okr.WithMentors(panicky)))
	r := w.do(call{method: "GET", path: "/people/ana/board", as: mentor})
	assert.Equal(t, http.StatusInternalServerError, r.status)
	assert.NotContains(t, string(r.body), "exploded")
	assert.Contains(t, w.logs.String(), "directory exploded")
	assert.Equal(t, http.StatusOK, w.do(call{method: "GET", path: "/me", as: mentor}).status, "the handler serves on")
}

func TestHostHooks(t *testing.T) {
	t.Run("rights fail", func(t *testing.T) {
		w := newWorld(t, withConfig(func(c *httpapi.Config) {
			c.Rights = func(*http.Request, string) (httpapi.Rights, error) { return httpapi.Rights{}, errors.New("ldap down") }
		}))
		r := w.do(call{method: "GET", path: "/me", as: owner})
		assert.Equal(t, http.StatusInternalServerError, r.status)
		assert.Contains(t, w.logs.String(), "ldap down")
	})
	t.Run("no rights hook", func(t *testing.T) {
		w := newWorld(t, withConfig(func(c *httpapi.Config) { c.Rights = nil }))
		var me struct{ Rights httpapi.Rights }
		w.do(call{method: "GET", path: "/me", as: facilitator}).decode(t, &me)
		assert.Equal(t, httpapi.Rights{}, me.Rights)
	})
	t.Run("authentication fails", func(t *testing.T) {
		w := newWorld(t, withConfig(func(c *httpapi.Config) {
			c.Authenticate = func(*http.Request) (string, error) { return "", errors.New("token expired") }
		}))
		r := w.do(call{method: "GET", path: "/people/ana/board", as: owner})
		assert.Equal(t, http.StatusUnauthorized, r.status)
		assert.Equal(t, httpapi.ProblemUnauthenticated, r.problem(t).Type)
		assert.Equal(t, httpapi.DefaultChallenge, r.header.Get("WWW-Authenticate"), "RFC 9110 wants a challenge")
	})
	t.Run("the host's challenge", func(t *testing.T) {
		w := newWorld(t, withConfig(func(c *httpapi.Config) {
			c.Authenticate = func(*http.Request) (string, error) { return "", errors.New("no session") }
			c.Challenge = `Cookie realm="intranet"`
		}))
		r := w.do(call{method: "GET", path: "/me", as: owner})
		assert.Equal(t, `Cookie realm="intranet"`, r.header.Get("WWW-Authenticate"))
	})
	t.Run("no authentication hook", func(t *testing.T) {
		w := newWorld(t, withConfig(func(c *httpapi.Config) { c.Authenticate = nil }))
		assert.Equal(t, http.StatusUnauthorized, w.do(call{method: "GET", path: "/me", as: owner}).status)
		assert.Equal(t, http.StatusOK, w.do(call{method: "GET", path: "/openapi.json"}).status)
	})
	t.Run("actor never from the body", func(t *testing.T) {
		w := newWorld(t)
		r := w.send(call{method: "POST", path: "/goals", as: other, body: `{"title":"x","owner":"ana"}`})
		assert.Equal(t, http.StatusBadRequest, r.status)
		r = w.do(call{method: "POST", path: "/goals?owner=ana&actor=ana", as: other, body: `{"title":"x"}`})
		require.Equal(t, http.StatusCreated, r.status)
		var g okr.Goal
		r.decode(t, &g)
		assert.Equal(t, other, g.Owner)
	})
}

func TestBodyCapIsConfigurable(t *testing.T) {
	w := newWorld(t, withConfig(func(c *httpapi.Config) { c.MaxBodyBytes = 64 }))
	r := w.send(call{method: "POST", path: "/goals", as: owner, body: `{"title":"` + strings.Repeat("x", 64) + `"}`})
	assert.Equal(t, http.StatusRequestEntityTooLarge, r.status)
	r = w.do(call{method: "POST", path: "/goals", as: owner, body: `{"title":"short"}`})
	assert.Equal(t, http.StatusCreated, r.status)
}

func TestOptionalBodiesMayBeEmpty(t *testing.T) {
	w := newWorld(t)
	seedOKR(w)
	r := w.do(call{method: "POST", path: w.expand("/objectives/{oMentor}/close"), as: owner, header: map[string]string{"Content-Type": ""}})
	assert.Equal(t, http.StatusOK, r.status, "%s", r.body)
	r = w.do(call{method: "POST", path: w.expand("/objectives/{oCompany}/close"), as: owner, body: `{"reflection":"ok"}`,
		header: map[string]string{"Content-Type": "application/json; charset=UTF-8"}})
	assert.Equal(t, http.StatusOK, r.status, "%s", r.body)
}

func TestNilServiceLeavesRoutesOut(t *testing.T) {
	w := newWorld(t, withConfig(func(c *httpapi.Config) {
		*c = httpapi.Config{Authenticate: c.Authenticate, Rights: c.Rights, Logger: c.Logger}
	}))
	r := w.send(call{method: "GET", path: "/people/ana/board", as: owner})
	assert.Equal(t, http.StatusNotFound, r.status)
	assert.Equal(t, []string{"GET /openapi.json", "GET /me"}, httpapi.Routes(w.api))
	assert.ElementsMatch(t, httpapi.Routes(w.api), documentRoutes(t, w))
}

// documentRoutes returns the routes the served document lists, as
// "METHOD /path" patterns.
func documentRoutes(t *testing.T, w *world) []string {
	t.Helper()
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	w.do(call{method: "GET", path: "/openapi.json"}).decode(t, &doc)
	require.Equal(t, "3.1.0", doc.OpenAPI)
	var routes []string
	for path, item := range doc.Paths {
		for method := range item {
			if method != "parameters" && method != "summary" && method != "description" {
				routes = append(routes, strings.ToUpper(method)+" "+path)
			}
		}
	}
	slices.Sort(routes)
	return routes
}

// TestDocumentListsEveryRoute checks that every registered route is in
// the document, and every route of the document is registered.
func TestDocumentListsEveryRoute(t *testing.T) {
	w := newWorld(t)
	routes := slices.Clone(httpapi.Routes(w.api))
	slices.Sort(routes)
	assert.Equal(t, routes, documentRoutes(t, w))
}

// TestProblemTypesAreDocumented checks that the document's problem schema
// lists exactly the exported problem types.
func TestProblemTypesAreDocumented(t *testing.T) {
	var documented []string
	for _, v := range fullDocument(t).doc.Components.Schemas["Problem"].Value.Properties["type"].Value.Enum {
		documented = append(documented, v.(string))
	}
	exported := []string{
		httpapi.ProblemUnauthenticated, httpapi.ProblemForbidden, httpapi.ProblemNotFound, httpapi.ProblemMethodNotAllowed,
		httpapi.ProblemMalformedBody, httpapi.ProblemUnknownField, httpapi.ProblemInvalidParameter, httpapi.ProblemBodyTooLarge,
		httpapi.ProblemUnsupportedMediaType, httpapi.ProblemValidation, httpapi.ProblemPreconditionRequired,
		httpapi.ProblemStaleVersion, httpapi.ProblemEditConflict, httpapi.ProblemAlreadyExists, httpapi.ProblemInvalidState,
		httpapi.ProblemInternal,
	}
	assert.ElementsMatch(t, exported, documented)
}

// TestValidatorCatchesDrift shows that the response check the other tests
// rely on has teeth: a reply that strays from the document fails it.
func TestValidatorCatchesDrift(t *testing.T) {
	w := newWorld(t)
	seedOKR(w)
	path := w.expand("/goals/{gCompany}")
	good := w.do(call{method: "GET", path: path, as: owner})
	var body map[string]any
	good.decode(t, &body)

	validate := func(status int, header http.Header, v any) error {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		route, params, err := w.document().router.FindRoute(req)
		require.NoError(t, err)
		in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: validationOptions}
		b, err := json.Marshal(v)
		require.NoError(t, err)
		return openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
			RequestValidationInput: in, Status: status, Header: header, Body: io.NopCloser(bytes.NewReader(b)), Options: validationOptions})
	}
	require.NoError(t, validate(200, good.header, body), "the real reply passes")

	without := func(key string) map[string]any {
		m := map[string]any{}
		for k, v := range body {
			if k != key {
				m[k] = v
			}
		}
		return m
	}
	with := func(key string, v any) map[string]any {
		m := without(key)
		m[key] = v
		return m
	}
	noETag := good.header.Clone()
	noETag.Del("ETag")
	assert.Error(t, validate(200, good.header, without("owner")), "a missing field")
	assert.Error(t, validate(200, good.header, with("ownerId", "ana")), "an undocumented field")
	assert.Error(t, validate(200, good.header, with("visibility", "friends")), "a value outside its enum")
	assert.Error(t, validate(200, good.header, with("version", "1")), "a value of the wrong type")
	assert.Error(t, validate(200, good.header, with("createdAt", "2026-06-15T11:00:00+02:00")), "a timestamp not in UTC")
	assert.Error(t, validate(200, noETag, body), "a missing ETag")
	assert.Error(t, validate(http.StatusTeapot, good.header, body), "an undocumented status")
}
