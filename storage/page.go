package storage

import (
	"encoding/base64"
	"fmt"
	"strings"
)

// Paging limits.
const (
	// DefaultLimit is the page size used when PageRequest.Limit is zero.
	DefaultLimit = 50
	// MaxLimit is the largest page size a service accepts from callers.
	MaxLimit = 500
	// NoLimit asks a store for every remaining value in one page. Services
	// use it for internal reads such as building a board; they never pass
	// it through from an outside caller.
	NoLimit = -1
)

// ErrInvalidCursor reports a cursor that no store could have produced.
var ErrInvalidCursor = fmt.Errorf("malformed page cursor: %w", ErrInvalid)

// PageRequest asks for one page of a list. Lists are ordered by ID
// ascending; a page holds the values after the cursor.
type PageRequest struct {
	// Cursor is the Next value of the previous page, or empty for the
	// first page.
	Cursor string `json:"cursor,omitempty"`
	// Limit is the page size: 0 means DefaultLimit and NoLimit means
	// every remaining value.
	Limit int `json:"limit,omitempty"`
}

// Size returns the effective page size, or 0 for NoLimit.
func (p PageRequest) Size() int {
	switch {
	case p.Limit == 0:
		return DefaultLimit
	case p.Limit < 0:
		return 0
	default:
		return p.Limit
	}
}

// After decodes the cursor into the ID after which the page starts; it is
// empty for the first page.
func (p PageRequest) After() (string, error) {
	if p.Cursor == "" {
		return "", nil
	}
	b, err := base64.RawURLEncoding.DecodeString(p.Cursor)
	id, ok := strings.CutPrefix(string(b), cursorMark)
	if err != nil || !ok || id == "" {
		return "", ErrInvalidCursor
	}
	return id, nil
}

// cursorMark begins every cursor CursorAfter makes, so that a string that
// merely decodes as base64 is refused as a cursor instead of answering an
// empty page.
const cursorMark = "fp1\x00"

// Check validates a request coming from outside a service: the cursor must
// decode and the limit must lie in [0, MaxLimit].
func (p PageRequest) Check() error {
	if p.Limit < 0 || p.Limit > MaxLimit {
		return Invalid("limit", fmt.Sprintf("must be between 0 and %d", MaxLimit))
	}
	if _, err := p.After(); err != nil {
		return &ValidationError{Fields: []FieldError{{Field: "cursor", Message: "is malformed"}}}
	}
	return nil
}

// Page is one page of a list.
type Page[T any] struct {
	// Items are the values of this page, ordered by ID ascending.
	Items []T `json:"items"`
	// Next is the cursor of the following page; empty on the last page.
	Next string `json:"next,omitempty"`
}

// CursorAfter returns the cursor of the page that starts after id.
func CursorAfter(id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorMark + id))
}

// Paginate cuts one page out of values already sorted by ID ascending and
// filtered to those after the request's cursor. id returns a value's ID.
// Stores that hold values in memory use it; SQL stores ask for one row more
// than the page size and use it the same way.
func Paginate[T any](sorted []T, req PageRequest, id func(T) string) Page[T] {
	n := req.Size()
	if n == 0 || len(sorted) <= n {
		return Page[T]{Items: sorted}
	}
	items := sorted[:n:n]
	return Page[T]{Items: items, Next: CursorAfter(id(items[n-1]))}
}
