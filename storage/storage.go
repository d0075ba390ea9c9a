// Package storage is the contract shared by Footprint's domain services and
// the stores behind them, and the error vocabulary they share with callers.
//
// Every domain package (okr, mentorship, backlog, sprint) defines its own
// Store interface. The stores in storage/memory and storage/sqlstore
// implement all of them, and storage/storetest checks that they behave
// alike. What those interfaces have in common lives here:
//
//   - error categories every layer uses: ErrNotFound, ErrConflict,
//     ErrAlreadyExists, ErrForbidden, ErrInvalid (with *ValidationError for
//     field-level detail) and ErrInvalidState. Domain packages define
//     specific sentinel errors that wrap one of these categories, so callers
//     may test either the specific error or its category with errors.Is, and
//     an adapter maps categories to responses in one table;
//   - paging: PageRequest and Page, with opaque cursors;
//   - transactions: Transactor, whose Atomic method runs several store calls
//     as one all-or-nothing unit;
//   - identifiers: NewIDSource, the default source of ULIDs.
//
// # Store rules
//
// A Store never validates domain rules; its Service does. A Store
// guarantees atomicity and isolation:
//
//   - Update methods have the shape Update(ctx, id, version, fn). The store
//     reads the current value, calls fn on a copy and writes the result with
//     its version incremented by one, as one atomic step. A non-zero version
//     that differs from the stored one returns ErrConflict without calling
//     fn. When fn returns an error nothing is written and Update returns
//     that error unchanged.
//   - Values returned by a store are copies: mutating them never changes
//     what is stored.
//   - Lists are ordered by ID ascending and paged with opaque cursors.
//   - Calls made with the context handed to a Transactor.Atomic callback
//     join its transaction; an error from the callback rolls all of them
//     back.
package storage

import (
	"errors"
	"fmt"
	"strings"
)

// Error categories. Domain packages wrap these in their own, more specific
// errors; test for a category with errors.Is.
var (
	// ErrNotFound reports that a requested value does not exist, or that
	// the acting person may not know that it exists.
	ErrNotFound = errors.New("not found")

	// ErrConflict reports a write based on a stale version: the value was
	// changed since the caller read it. Read again and retry.
	ErrConflict = errors.New("version conflict")

	// ErrAlreadyExists reports that a value with the same identity is
	// already stored.
	ErrAlreadyExists = errors.New("already exists")

	// ErrForbidden reports that the acting person may not perform the
	// operation.
	ErrForbidden = errors.New("forbidden")

	// ErrInvalid reports input that fails validation. Errors in this
	// category are usually a *ValidationError with field-level detail.
	ErrInvalid = errors.New("invalid input")

	// ErrInvalidState reports an operation that the current state of a
	// value does not allow, such as checking in on a closed objective.
	ErrInvalidState = errors.New("invalid state")

	// ErrNoActor reports a call made without an acting person.
	ErrNoActor = fmt.Errorf("no acting person given: %w", ErrForbidden)
)

// FieldError describes one invalid field of an input.
type FieldError struct {
	// Field is the path of the field as it is named in JSON, with
	// dots between nested names and [i] for list elements, for example
	// "keyResults[1].target".
	Field string `json:"field"`
	// Message says what is wrong, in lower case, for example
	// "must not equal start".
	Message string `json:"message"`
}

// Pointer returns the field path as an RFC 6901 JSON pointer, for example
// "/keyResults/1/target".
func (f FieldError) Pointer() string {
	if f.Field == "" {
		return ""
	}
	var b strings.Builder
	for _, part := range strings.Split(f.Field, ".") {
		for part != "" {
			name, rest, hasIndex := strings.Cut(part, "[")
			if name != "" {
				b.WriteByte('/')
				b.WriteString(escapePointer(name))
			}
			if !hasIndex {
				break
			}
			idx, after, _ := strings.Cut(rest, "]")
			b.WriteByte('/')
			b.WriteString(idx)
			part = after
		}
	}
	return b.String()
}

func escapePointer(s string) string {
	s = strings.ReplaceAll(s, "~", "~0")
	return strings.ReplaceAll(s, "/", "~1")
}

// ValidationError reports every invalid field of an input at once. It
// belongs to the ErrInvalid category.
type ValidationError struct {
	Fields []FieldError
}

// Error lists the invalid fields.
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("invalid input: ")
	for i, f := range e.Fields {
		if i > 0 {
			b.WriteString("; ")
		}
		if f.Field != "" {
			b.WriteString(f.Field)
			b.WriteByte(' ')
		}
		b.WriteString(f.Message)
	}
	return b.String()
}

// Unwrap places ValidationError in the ErrInvalid category.
func (e *ValidationError) Unwrap() error { return ErrInvalid }

// Has reports whether field is among the invalid fields.
func (e *ValidationError) Has(field string) bool {
	for _, f := range e.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// Invalid returns a *ValidationError for a single field.
func Invalid(field, message string) error {
	return &ValidationError{Fields: []FieldError{{Field: field, Message: message}}}
}

// CheckVersion returns ErrConflict when want is non-zero and differs from
// got. Stores use it to implement the version argument of their Update
// methods.
func CheckVersion(want, got int64) error {
	if want != 0 && want != got {
		return fmt.Errorf("expected version %d, stored version is %d: %w", want, got, ErrConflict)
	}
	return nil
}
