package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/footprint-hq/footprint/storage"
)

// bufPool holds the buffers responses are encoded into, so that an
// encoding error can still be answered as a problem and so that large
// bodies do not allocate a new buffer each time.
var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBuffer keeps unusually large buffers out of the pool.
const maxPooledBuffer = 4 << 20

// writeBody encodes v as JSON with the given content type and status.
func writeBody(w http.ResponseWriter, status int, contentType string, v any) error {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= maxPooledBuffer {
			bufPool.Put(buf)
		}
	}()
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
	return nil
}

// writeJSON answers v as application/json.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	return writeBody(w, status, "application/json", v)
}

// writeVersioned answers a single versioned resource with its ETag.
func writeVersioned(w http.ResponseWriter, status int, v any, version int64) error {
	w.Header().Set("ETag", etag(version))
	return writeJSON(w, status, v)
}

// writeCreated answers 201 with a Location relative to the request (see
// relativeRef) and, for versioned resources (version > 0), an ETag.
func writeCreated(w http.ResponseWriter, r *http.Request, location string, v any, version int64) error {
	w.Header().Set("Location", relativeRef(r.URL.Path, location))
	if version > 0 {
		w.Header().Set("ETag", etag(version))
	}
	return writeJSON(w, http.StatusCreated, v)
}

// etag is the strong entity tag of a version: the version in quotes.
func etag(version int64) string { return `"` + strconv.FormatInt(version, 10) + `"` }

// relativeRef returns a relative reference (RFC 3986) from the request's
// path to target, both as the adapter sees them (without the host's
// prefix): from /goals/G/objectives to /objectives/O it is
// ../../objectives/O. Resolved against the URL the client used, it names
// target under whatever prefix the adapter is mounted.
func relativeRef(requestPath, target string) string {
	depth := strings.Count(strings.TrimPrefix(requestPath, "/"), "/")
	return strings.Repeat("../", depth) + strings.TrimPrefix(target, "/")
}

// ifMatch reads the If-Match header. It returns the version it names (0
// for "*"), whether the header was present, and a problem for a header
// that can never match: a weak tag or one that is not a version (412), or
// a list or malformed value (400).
func ifMatch(r *http.Request) (version int64, present bool, err error) {
	v := strings.TrimSpace(r.Header.Get("If-Match"))
	if v == "" {
		return 0, false, nil
	}
	if v == "*" {
		return 0, true, nil
	}
	if strings.HasPrefix(v, "W/") {
		return 0, true, problemf(kindStaleVersion, "a weak entity tag never matches: If-Match needs the strong ETag")
	}
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' || strings.ContainsAny(v[1:len(v)-1], `",`) {
		return 0, true, problemf(kindInvalidParameter, `If-Match must be one entity tag, such as "3", or *`)
	}
	n, perr := strconv.ParseInt(v[1:len(v)-1], 10, 64)
	if perr != nil || n < 1 {
		return 0, true, problemf(kindStaleVersion, "the entity tag in If-Match is not a version of this resource")
	}
	return n, true, nil
}

// requireIfMatch reads the If-Match header PUT, PATCH and DELETE of a
// versioned resource need: 428 when it is missing.
func requireIfMatch(r *http.Request) (int64, error) {
	v, present, err := ifMatch(r)
	if err != nil {
		return 0, err
	}
	if !present {
		return 0, problemf(kindPreconditionRequired, `send the resource's ETag in If-Match, such as If-Match: "3"`)
	}
	return v, nil
}

// optionalIfMatch reads the If-Match header POST actions on a versioned
// resource honour when present.
func optionalIfMatch(r *http.Request) (int64, error) {
	v, _, err := ifMatch(r)
	return v, err
}

// pathID returns the path wildcard name, which must be a ULID; anything
// else names no resource and is answered 404.
func pathID(r *http.Request, name string) (string, error) {
	id := r.PathValue(name)
	if !isULID(id) {
		return "", problemf(kindNotFound, "no such resource, or not one you may see")
	}
	return id, nil
}

// isULID reports whether s is a canonical ULID: 26 characters of
// Crockford's base 32 in upper case, the first at most 7.
func isULID(s string) bool {
	if len(s) != 26 || s[0] > '7' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
		case c >= 'A' && c <= 'Z' && c != 'I' && c != 'L' && c != 'O' && c != 'U':
		default:
			return false
		}
	}
	return true
}

// pageRequest reads ?cursor= and ?limit= (1 to storage.MaxLimit, default
// storage.DefaultLimit).
func pageRequest(r *http.Request) (storage.PageRequest, error) {
	q := r.URL.Query()
	var p storage.PageRequest
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > storage.MaxLimit {
			return p, problemf(kindInvalidParameter, "limit must be a whole number from 1 to %d", storage.MaxLimit)
		}
		p.Limit = n
	}
	p.Cursor = q.Get("cursor")
	if _, err := p.After(); err != nil {
		return p, problemf(kindInvalidParameter, "cursor is malformed: pass the next cursor of the previous page unchanged")
	}
	return p, nil
}

// writePage answers one page of a list, with a Link to the next page. The
// link is a query-only relative reference, so it keeps the request's path
// and prefix.
func writePage[T any](w http.ResponseWriter, r *http.Request, p storage.Page[T]) error {
	if p.Items == nil {
		p.Items = []T{}
	}
	if p.Next != "" {
		q := r.URL.Query()
		q.Set("cursor", p.Next)
		w.Header().Set("Link", "<?"+q.Encode()+`>; rel="next"`)
	}
	return writeJSON(w, http.StatusOK, p)
}

// body says whether an operation needs a request body.
type body bool

const (
	bodyRequired body = true
	bodyOptional body = false
)

// decode reads a JSON request body into dst: 415 unless the content type
// is application/json, 413 beyond the size cap, 400 for malformed JSON,
// wrong types, unknown fields or a missing required body. An optional body
// may be empty; dst then keeps its zero value.
func (h *handler) decode(w http.ResponseWriter, r *http.Request, dst any, need body) error {
	if r.ContentLength > h.maxBody {
		return problemf(kindBodyTooLarge, "the body may hold at most %d bytes", h.maxBody)
	}
	isJSON := jsonContentType(r.Header.Get("Content-Type"))
	if r.ContentLength > 0 && !isJSON {
		return problemf(kindUnsupportedMediaType, "send the body as application/json")
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBody))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return problemf(kindBodyTooLarge, "the body may hold at most %d bytes", h.maxBody)
	case err != nil:
		return problemf(kindMalformedBody, "the body could not be read")
	}
	if len(bytes.TrimSpace(data)) == 0 {
		if need == bodyRequired {
			return problemf(kindMalformedBody, "this operation needs a JSON body")
		}
		return nil
	}
	if !isJSON {
		return problemf(kindUnsupportedMediaType, "send the body as application/json")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeProblem(err, data)
	}
	if _, err := dec.Token(); err != io.EOF {
		return problemf(kindMalformedBody, "the body must hold one JSON value and nothing after it")
	}
	return nil
}

// jsonContentType reports whether a Content-Type header names JSON in
// UTF-8.
func jsonContentType(ct string) bool {
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" {
		return false
	}
	cs, ok := params["charset"]
	return !ok || strings.EqualFold(cs, "utf-8")
}

// decodeProblem explains a JSON decoding error without echoing the body.
func decodeProblem(err error, data []byte) error {
	var (
		syntax   *json.SyntaxError
		typ      *json.UnmarshalTypeError
		parseErr *time.ParseError
	)
	switch {
	case errors.As(err, &syntax):
		return problemf(kindMalformedBody, "malformed JSON at byte %d", syntax.Offset)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return problemf(kindMalformedBody, "the JSON body ends too early")
	case errors.As(err, &typ):
		want := wantedType(typ)
		p := problemf(kindMalformedBody, "a value has the wrong type: %s expected", want)
		p.fields = []FieldProblem{{Pointer: pointerAt(data, typ.Offset), Detail: "must be " + want}}
		return p
	case errors.As(err, &parseErr), strings.HasPrefix(err.Error(), "Time.UnmarshalJSON"):
		return problemf(kindMalformedBody, "timestamps must be RFC 3339, such as 2026-01-01T00:00:00Z")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return problemf(kindUnknownField, "%s", strings.TrimPrefix(err.Error(), "json: "))
	}
	return problemf(kindMalformedBody, "the body is not valid JSON for this operation")
}

// wantedType names the type a JSON client should have sent, from a decoding
// error.
func wantedType(e *json.UnmarshalTypeError) string {
	inRange := ""
	if strings.HasPrefix(e.Value, "number") {
		inRange = " in range"
	}
	switch e.Type.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number" + inRange
	case reflect.Float32, reflect.Float64:
		return "a number" + inRange
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "a value of another type"
}

// pointerAt returns the JSON pointer of the innermost value of data that
// starts before offset. json.UnmarshalTypeError reports an offset inside
// or just after the offending value, and a field path without array
// indices; this finds the exact pointer, indices included.
func pointerAt(data []byte, offset int64) string {
	type frame struct {
		array   bool
		n       int    // elements begun, in an array
		key     string // the current member, in an object
		wantKey bool   // an object's next token is a key or its end
	}
	var stack []*frame
	path := func() string {
		var b strings.Builder
		for _, f := range stack {
			b.WriteByte('/')
			if f.array {
				b.WriteString(strconv.Itoa(f.n - 1))
			} else {
				b.WriteString(strings.ReplaceAll(strings.ReplaceAll(f.key, "~", "~0"), "/", "~1"))
			}
		}
		return b.String()
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	found := ""
	for dec.InputOffset() < offset {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			stack = stack[:len(stack)-1]
			if len(stack) > 0 && !stack[len(stack)-1].array {
				stack[len(stack)-1].wantKey = true
			}
			continue
		}
		if top != nil && !top.array && top.wantKey {
			top.key, _ = tok.(string)
			top.wantKey = false
			continue
		}
		// tok begins a value.
		if top != nil && top.array {
			top.n++
		}
		found = path()
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &frame{wantKey: true})
		case json.Delim('['):
			stack = append(stack, &frame{array: true})
		default:
			if top != nil && !top.array {
				top.wantKey = true
			}
		}
	}
	return found
}
