package httpapi

import (
	"context"
	"net/http"
	"reflect"

	"github.com/footprint-hq/footprint/storage"
)

// The routes of every domain are built from one helper family, so that a
// handler states only its route's own decisions: which path IDs it reads,
// what it does with If-Match and a body, the service call, and how it
// answers. Every helper reads the request in the same order — path IDs,
// If-Match, body, page — and the first problem is the answer:
//
//	read    GET of one versioned resource: 200 with its ETag
//	view    GET of a computed answer (a board, a report): 200 without ETag
//	list    GET of one page of a list: 200 with a Link to the next page
//	do      a POST action or a DELETE without a body: 200 with the new ETag
//	act     a POST action with a body: 200 with the new ETag (none if plain)
//	change  a PATCH: act with If-Match and a body both required
//	create  a POST that makes a resource: 201 with Location and ETag
//
// The call is a closure over args, or, where the route only passes what
// it read on to a service method, one of the call… adapters, named by the
// parameters that method takes after the actor, in the services' own
// order: IDs, version, input, page.

// reads says what a route reads from its request before the call, besides
// its path IDs.
type reads uint8

const (
	// optMatch honours If-Match when present (POST actions).
	optMatch reads = 1 << iota
	// mustMatch needs If-Match: 428 without (PATCH, DELETE).
	mustMatch
	// optBody reads a JSON body that may be empty.
	optBody
	// mustBody reads a JSON body that must be there.
	mustBody
	// paged reads ?cursor= and ?limit= into args.page.
	paged
	// plain answers without an ETag: the result is not a versioned
	// resource.
	plain
)

// none is the body of a route that reads none.
type none = struct{}

// args is what the helpers read from a request for its service call.
type args struct {
	ctx   context.Context
	r     *http.Request
	actor string
	// id and sub are the route's path IDs, in the order it names them.
	id, sub string
	// version is the If-Match version: 0 when absent or *.
	version int64
	// page is the page asked for, on lists.
	page storage.PageRequest
}

// path returns a path wildcard that is not a ULID, such as a person.
func (a args) path(name string) string { return a.r.PathValue(name) }

// query returns the first value of a query parameter.
func (a args) query(name string) string { return a.r.URL.Query().Get(name) }

// ids names the path wildcards a route reads as ULIDs (see pathID), in
// order: the first becomes args.id, the second args.sub.
func ids(names ...string) []string { return names }

// run is the handler every helper builds: it reads the path IDs named,
// then what rd says, calls call and answers its result with reply. h
// decodes the body; it may be nil when rd reads none.
func run[In, T any](h *handler, names []string, rd reads, call func(args, In) (T, error),
	reply func(http.ResponseWriter, *http.Request, T) error) apiFunc {
	return func(w http.ResponseWriter, r *http.Request, actor string) error {
		a := args{ctx: r.Context(), r: r, actor: actor}
		for i, name := range names {
			id, err := pathID(r, name)
			if err != nil {
				return err
			}
			if i == 0 {
				a.id = id
			} else {
				a.sub = id
			}
		}
		var err error
		switch {
		case rd&mustMatch != 0:
			a.version, err = requireIfMatch(r)
		case rd&optMatch != 0:
			a.version, err = optionalIfMatch(r)
		}
		if err != nil {
			return err
		}
		var in In
		switch {
		case rd&mustBody != 0:
			err = h.decode(w, r, &in, bodyRequired)
		case rd&optBody != 0:
			err = h.decode(w, r, &in, bodyOptional)
		}
		if err != nil {
			return err
		}
		if rd&paged != 0 {
			if a.page, err = pageRequest(r); err != nil {
				return err
			}
		}
		v, err := call(a, in)
		if err != nil {
			return err
		}
		return reply(w, r, v)
	}
}

// read answers GET of one versioned resource with its ETag.
func read[T any](names []string, get func(args) (T, error)) apiFunc { return do(names, 0, get) }

// view answers GET of a result that is not a versioned resource.
func view[T any](names []string, get func(args) (T, error)) apiFunc {
	return run(nil, names, plain, func(a args, _ none) (T, error) { return get(a) }, answerPlain[T])
}

// list answers GET of one page of a list; get reads args.page.
func list[T any](names []string, get func(args) (storage.Page[T], error)) apiFunc {
	return run(nil, names, paged, func(a args, _ none) (storage.Page[T], error) { return get(a) }, writePage[T])
}

// do answers a POST action or a DELETE that reads no body: 200 with the
// result's ETag.
func do[T any](names []string, rd reads, call func(args) (T, error)) apiFunc {
	return run(nil, names, rd&^(optBody|mustBody), func(a args, _ none) (T, error) { return call(a) }, answerVersioned[T])
}

// act answers a POST action or a PATCH that reads a body: 200 with the
// result's ETag, or without one when rd says plain.
func act[In, T any](h *handler, names []string, rd reads, call func(args, In) (T, error)) apiFunc {
	if rd&plain != 0 {
		return run(h, names, rd, call, answerPlain[T])
	}
	return run(h, names, rd, call, answerVersioned[T])
}

// change answers a PATCH: If-Match and a body both required.
func change[In, T any](h *handler, names []string, call func(args, In) (T, error)) apiFunc {
	return act(h, names, mustMatch|mustBody, call)
}

// create answers a POST that makes a resource: 201 with the result's ETag
// and a Location at returns, or, when at is nil, the bare result.
func create[In, T any](h *handler, names []string, rd reads, at func(T) string, call func(args, In) (T, error)) apiFunc {
	return run(h, names, rd, call, func(w http.ResponseWriter, r *http.Request, v T) error {
		if at == nil {
			return writeJSON(w, http.StatusCreated, v)
		}
		return writeCreated(w, r, at(v), v, versionOf(v))
	})
}

// answerVersioned answers a versioned resource with its ETag.
func answerVersioned[T any](w http.ResponseWriter, _ *http.Request, v T) error {
	return writeVersioned(w, http.StatusOK, v, versionOf(v))
}

// answerPlain answers a result without an ETag.
func answerPlain[T any](w http.ResponseWriter, _ *http.Request, v T) error {
	return writeJSON(w, http.StatusOK, v)
}

// versionOf returns the Version field of a domain aggregate (a pointer to
// a struct), which every versioned resource of the domains has; 0 for
// anything else.
func versionOf(v any) int64 {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return 0
		}
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return 0
	}
	if f := rv.FieldByName("Version"); f.IsValid() && f.Kind() == reflect.Int64 {
		return f.Int()
	}
	return 0
}

// itemsOf is the body of a list that is not paged.
type itemsOf[T any] struct {
	Items []T `json:"items"`
}

// items wraps a list that is not paged as {"items": […]}, never null.
func items[T any](xs []T, err error) (itemsOf[T], error) {
	if xs == nil {
		xs = []T{}
	}
	return itemsOf[T]{Items: xs}, err
}

// callID calls a service method taking the path ID.
func callID[T any](f func(ctx context.Context, actor, id string) (T, error)) func(args) (T, error) {
	return func(a args) (T, error) { return f(a.ctx, a.actor, a.id) }
}

// callIDSub calls a service method taking both path IDs.
func callIDSub[T any](f func(ctx context.Context, actor, id, sub string) (T, error)) func(args) (T, error) {
	return func(a args) (T, error) { return f(a.ctx, a.actor, a.id, a.sub) }
}

// callIDVersion calls a service method taking the path ID and the
// If-Match version.
func callIDVersion[T any](f func(ctx context.Context, actor, id string, version int64) (T, error)) func(args) (T, error) {
	return func(a args) (T, error) { return f(a.ctx, a.actor, a.id, a.version) }
}

// callIDSubVersion calls a service method taking both path IDs and the
// If-Match version.
func callIDSubVersion[T any](f func(ctx context.Context, actor, id, sub string, version int64) (T, error)) func(args) (T, error) {
	return func(a args) (T, error) { return f(a.ctx, a.actor, a.id, a.sub, a.version) }
}

// callIn calls a service method taking the body.
func callIn[In, T any](f func(ctx context.Context, actor string, in In) (T, error)) func(args, In) (T, error) {
	return func(a args, in In) (T, error) { return f(a.ctx, a.actor, in) }
}

// callIDIn calls a service method taking the path ID and the body.
func callIDIn[In, T any](f func(ctx context.Context, actor, id string, in In) (T, error)) func(args, In) (T, error) {
	return func(a args, in In) (T, error) { return f(a.ctx, a.actor, a.id, in) }
}

// callIDSubIn calls a service method taking both path IDs and the body.
func callIDSubIn[In, T any](f func(ctx context.Context, actor, id, sub string, in In) (T, error)) func(args, In) (T, error) {
	return func(a args, in In) (T, error) { return f(a.ctx, a.actor, a.id, a.sub, in) }
}

// callIDVersionIn calls a service method taking the path ID, the
// If-Match version and the body.
func callIDVersionIn[In, T any](f func(ctx context.Context, actor, id string, version int64, in In) (T, error)) func(args, In) (T, error) {
	return func(a args, in In) (T, error) { return f(a.ctx, a.actor, a.id, a.version, in) }
}

// callIDSubVersionIn calls a service method taking both path IDs, the
// If-Match version and the body.
func callIDSubVersionIn[In, T any](f func(ctx context.Context, actor, id, sub string, version int64, in In) (T, error)) func(args, In) (T, error) {
	return func(a args, in In) (T, error) { return f(a.ctx, a.actor, a.id, a.sub, a.version, in) }
}

// callPage calls a service method taking the page.
func callPage[T any](f func(ctx context.Context, actor string, p storage.PageRequest) (storage.Page[T], error)) func(args) (storage.Page[T], error) {
	return func(a args) (storage.Page[T], error) { return f(a.ctx, a.actor, a.page) }
}

// callIDPage calls a service method taking the path ID and the page.
func callIDPage[T any](f func(ctx context.Context, actor, id string, p storage.PageRequest) (storage.Page[T], error)) func(args) (storage.Page[T], error) {
	return func(a args) (storage.Page[T], error) { return f(a.ctx, a.actor, a.id, a.page) }
}

// callIDSubPage calls a service method taking both path IDs and the page.
func callIDSubPage[T any](f func(ctx context.Context, actor, id, sub string, p storage.PageRequest) (storage.Page[T], error)) func(args) (storage.Page[T], error) {
	return func(a args) (storage.Page[T], error) { return f(a.ctx, a.actor, a.id, a.sub, a.page) }
}

// callFilter calls a service method taking a filter, which filter reads
// from the request, and the page.
func callFilter[F, T any](filter func(args) (F, error),
	f func(ctx context.Context, actor string, f F, p storage.PageRequest) (storage.Page[T], error)) func(args) (storage.Page[T], error) {
	return func(a args) (storage.Page[T], error) {
		fv, err := filter(a)
		if err != nil {
			return storage.Page[T]{}, err
		}
		return f(a.ctx, a.actor, fv, a.page)
	}
}
