package httpapi

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/footprint-hq/footprint/storage"
)

// ProblemTypeBase starts the type URI of every problem the adapter
// answers with. The URIs are stable: clients may compare them.
const ProblemTypeBase = "https://footprint-hq.github.io/footprint/problems/"

// Problem types, one per kind of error. Each is answered with one status.
const (
	// ProblemUnauthenticated (401): the host's Authenticate hook did not
	// name the person making the request.
	ProblemUnauthenticated = ProblemTypeBase + "unauthenticated"
	// ProblemForbidden (403): the person may see the resource but not do
	// this to it, for example change another person's goal.
	ProblemForbidden = ProblemTypeBase + "forbidden"
	// ProblemNotFound (404): nothing at this path, or nothing the person
	// may see; a path holding a malformed ID is not found either.
	ProblemNotFound = ProblemTypeBase + "not-found"
	// ProblemMethodNotAllowed (405): the path exists for other methods,
	// listed in the Allow header.
	ProblemMethodNotAllowed = ProblemTypeBase + "method-not-allowed"
	// ProblemMalformedBody (400): the body is not JSON, holds a value of
	// the wrong type, or is missing where one is required.
	ProblemMalformedBody = ProblemTypeBase + "malformed-body"
	// ProblemUnknownField (400): the body names a field the operation does
	// not take.
	ProblemUnknownField = ProblemTypeBase + "unknown-field"
	// ProblemInvalidParameter (400): a query parameter (limit, cursor,
	// status) or the If-Match header is malformed.
	ProblemInvalidParameter = ProblemTypeBase + "invalid-parameter"
	// ProblemBodyTooLarge (413): the body is larger than the configured
	// cap.
	ProblemBodyTooLarge = ProblemTypeBase + "body-too-large"
	// ProblemUnsupportedMediaType (415): a body was sent with a content
	// type other than application/json.
	ProblemUnsupportedMediaType = ProblemTypeBase + "unsupported-media-type"
	// ProblemValidation (422): the body is well-formed but breaks the
	// rules; the errors member names each bad field by JSON pointer.
	ProblemValidation = ProblemTypeBase + "validation"
	// ProblemPreconditionRequired (428): PUT, PATCH and DELETE of a
	// versioned resource need an If-Match header.
	ProblemPreconditionRequired = ProblemTypeBase + "precondition-required"
	// ProblemStaleVersion (412): the If-Match header names a version that
	// is no longer current. Read the resource again and retry.
	ProblemStaleVersion = ProblemTypeBase + "stale-version"
	// ProblemEditConflict (409): a concurrent change won; retry.
	ProblemEditConflict = ProblemTypeBase + "edit-conflict"
	// ProblemAlreadyExists (409): the value already exists.
	ProblemAlreadyExists = ProblemTypeBase + "already-exists"
	// ProblemInvalidState (409): the resource's state does not allow the
	// operation, for example a check-in on a closed objective; the code
	// member says which rule.
	ProblemInvalidState = ProblemTypeBase + "invalid-state"
	// ProblemInternal (500): the server failed. The answer reveals nothing
	// more; the log holds the error under the request's ID.
	ProblemInternal = ProblemTypeBase + "internal"
)

// Problem is the body of every error answer, an RFC 9457 problem detail
// sent as application/problem+json.
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
	// Code names the domain rule that refused the request, for example
	// "okr.objective_closed"; empty when the type says it all.
	Code string `json:"code,omitempty"`
	// RequestID is the request's X-Request-Id, to quote to support.
	RequestID string `json:"requestId,omitempty"`
	// Errors lists each bad field of a 422 answer, and the field of a
	// wrong-typed value in a 400 answer.
	Errors []FieldProblem `json:"errors,omitempty"`
	// From and To are extension members of a refused change of state,
	// such as a sprint transition: the state the resource is in and the
	// state asked for.
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
}

// FieldProblem is one bad field of a request body.
type FieldProblem struct {
	// Pointer is the RFC 6901 JSON pointer of the field in the request
	// body, for example "/keyResults/1/target"; empty for the body as a
	// whole.
	Pointer string `json:"pointer"`
	Detail  string `json:"detail"`
}

// kind is one kind of problem: its type, status and title.
type kind struct {
	typ    string
	status int
	title  string
}

var (
	kindUnauthenticated      = kind{ProblemUnauthenticated, http.StatusUnauthorized, "Not authenticated"}
	kindForbidden            = kind{ProblemForbidden, http.StatusForbidden, "Forbidden"}
	kindNotFound             = kind{ProblemNotFound, http.StatusNotFound, "Not found"}
	kindMethodNotAllowed     = kind{ProblemMethodNotAllowed, http.StatusMethodNotAllowed, "Method not allowed"}
	kindMalformedBody        = kind{ProblemMalformedBody, http.StatusBadRequest, "Malformed request body"}
	kindUnknownField         = kind{ProblemUnknownField, http.StatusBadRequest, "Unknown field"}
	kindInvalidParameter     = kind{ProblemInvalidParameter, http.StatusBadRequest, "Invalid parameter"}
	kindBodyTooLarge         = kind{ProblemBodyTooLarge, http.StatusRequestEntityTooLarge, "Request body too large"}
	kindUnsupportedMediaType = kind{ProblemUnsupportedMediaType, http.StatusUnsupportedMediaType, "Unsupported media type"}
	kindValidation           = kind{ProblemValidation, http.StatusUnprocessableEntity, "Validation failed"}
	kindPreconditionRequired = kind{ProblemPreconditionRequired, http.StatusPreconditionRequired, "If-Match required"}
	kindStaleVersion         = kind{ProblemStaleVersion, http.StatusPreconditionFailed, "Stale version"}
	kindEditConflict         = kind{ProblemEditConflict, http.StatusConflict, "Concurrent change"}
	kindAlreadyExists        = kind{ProblemAlreadyExists, http.StatusConflict, "Already exists"}
	kindInvalidState         = kind{ProblemInvalidState, http.StatusConflict, "Not allowed in the current state"}
	kindInternal             = kind{ProblemInternal, http.StatusInternalServerError, "Internal server error"}
)

// errorTable maps the error categories of the storage package to
// problems: the one place where domain errors become statuses. Rows are
// tried in order; the first that matches wins.
var errorTable = []struct {
	category error
	// validation rows match a *storage.ValidationError instead.
	validation bool
	// ifMatch rows match only requests that carried an If-Match header.
	ifMatch bool
	kind    kind
	detail  string
}{
	{category: storage.ErrNoActor, kind: kindUnauthenticated, detail: "the request names no acting person"},
	{category: storage.ErrNotFound, kind: kindNotFound, detail: "no such resource, or not one you may see"},
	{category: storage.ErrForbidden, kind: kindForbidden, detail: "you may not do this"},
	{validation: true, kind: kindValidation, detail: "the request breaks the rules listed in errors"},
	{category: storage.ErrInvalid, kind: kindInvalidParameter, detail: "the request is malformed"},
	{category: storage.ErrConflict, ifMatch: true, kind: kindStaleVersion, detail: "the resource changed since the version in If-Match; read it again"},
	{category: storage.ErrConflict, kind: kindEditConflict, detail: "a concurrent change won; try again"},
	{category: storage.ErrAlreadyExists, kind: kindAlreadyExists, detail: "the resource already exists"},
	{category: storage.ErrInvalidState, kind: kindInvalidState, detail: "the resource's state does not allow this"},
}

// stateChange is implemented by domain errors that report a refused change
// of state, such as *sprint.TransitionError and *backlog.TransitionError:
// the problem names both states in its from and to members.
type stateChange interface {
	error
	States() (from, to string)
}

// problemError is an error the adapter itself raises, carrying its problem.
type problemError struct {
	kind   kind
	detail string
	code   string
	fields []FieldProblem
	states [2]string // from and to, of a refused change of state
}

func (p *problemError) Error() string { return "httpapi: " + p.kind.title + ": " + p.detail }

func problemf(k kind, format string, args ...any) *problemError {
	return &problemError{kind: k, detail: fmt.Sprintf(format, args...)}
}

// problemFor turns any error into the problem to answer. ok is false for
// errors in no category: those are internal.
func problemFor(err error, r *http.Request) (p *problemError, ok bool) {
	if errors.As(err, &p) {
		return p, true
	}
	hasIfMatch := r.Header.Get("If-Match") != ""
	for _, row := range errorTable {
		var ve *storage.ValidationError
		switch {
		case row.validation && !errors.As(err, &ve):
			continue
		case !row.validation && !errors.Is(err, row.category):
			continue
		case row.ifMatch && !hasIfMatch:
			continue
		}
		p := &problemError{kind: row.kind, detail: row.detail}
		if ve != nil {
			p.fields = make([]FieldProblem, len(ve.Fields))
			for i, f := range ve.Fields {
				p.fields[i] = FieldProblem{Pointer: f.Pointer(), Detail: f.Message}
			}
			return p, true
		}
		if row.kind == kindNotFound {
			// A fixed text, so that hidden and missing values read alike.
			return p, true
		}
		explain(err, p)
		return p, true
	}
	return nil, false
}

// explain gives the problem of a domain rule its code and detail: the code
// of the first storage.Coder in err's chain and, for a *storage.RuleError,
// its message, or else the Coder's own text, which names the values it
// carries, without its package prefix as a rule's message is. A refused change of state adds both states.
func explain(err error, p *problemError) {
	var c storage.Coder
	if !errors.As(err, &c) {
		return
	}
	p.code, p.detail = c.ErrorCode(), c.Error()
	if rule, ok := c.(*storage.RuleError); ok {
		p.detail = rule.Message
	} else if pkg, _, ok := strings.Cut(p.code, "."); ok {
		p.detail = strings.TrimPrefix(p.detail, pkg+": ")
	}
	var sc stateChange
	if errors.As(err, &sc) {
		from, to := sc.States()
		p.states = [2]string{from, to}
	}
}

// fail answers err as a problem. Errors in no category are logged with the
// request's ID and answered with a generic 500.
func (h *handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	p, ok := problemFor(err, r)
	if !ok {
		h.log.LogAttrs(r.Context(), slog.LevelError, "httpapi: internal error",
			slog.String("requestId", RequestID(r.Context())), slog.String("method", r.Method),
			slog.String("path", r.URL.Path), slog.String("error", err.Error()))
		p = internalProblem()
	}
	if p.kind.status == http.StatusUnauthorized {
		challenge := h.cfg.Challenge
		if challenge == "" {
			challenge = DefaultChallenge
		}
		w.Header().Set("WWW-Authenticate", challenge)
	}
	writeProblem(w, r, p)
}

// internalProblem is the answer to every internal error: it says nothing
// of the cause.
func internalProblem() *problemError {
	return problemf(kindInternal, "the server failed; quote the requestId to support")
}

// writeProblem writes p as application/problem+json.
func writeProblem(w http.ResponseWriter, r *http.Request, p *problemError) {
	body := Problem{
		Type:      p.kind.typ,
		Title:     p.kind.title,
		Status:    p.kind.status,
		Detail:    p.detail,
		Code:      p.code,
		RequestID: RequestID(r.Context()),
		Errors:    p.fields,
		From:      p.states[0],
		To:        p.states[1],
	}
	w.Header().Del("ETag")
	w.Header().Del("Location")
	w.Header().Del("Link")
	_ = writeBody(w, p.kind.status, "application/problem+json", body)
}
