package sqlstore

import (
	"encoding"
	"encoding/json"
	"reflect"
	"time"
)

// Stored JSON is not the API JSON. A column that holds a domain value as
// a JSON document (an objective's key results, a meeting's result) does
// not encode the domain type itself, whose json tags are the HTTP API's
// and may change with it, but a stored shape: an unexported struct of
// this package, one per domain struct, with json tags of its own. The
// files stored_<domain>.go hold the shapes and their conversions.
//
// The tags of a stored shape are the stored format. They are frozen:
// databases hold documents written with them, and renaming one silently
// loses that field from every old row. To store a new field, add it to
// the shape under a new name; to stop storing one, keep reading it. The
// golden files in testdata/stored pin every document byte for byte, and
// TestStoredShapes fails when a domain type gains an exported field its
// shape does not store.
//
// A shape's fields have the domain fields' names and, where the domain
// field is a leaf — a string, number or bool or a named type over one,
// a time.Time, or a type with a text form of its own such as a quarter —
// its type; a field that holds a domain struct holds its shape instead.
// A shape of only leaves is converted with a Go conversion, which stops
// compiling when the domain type's fields change.

// storedOf binds a field of domain type D to a JSON column that holds it
// in its stored shape S: store makes the shape of a value, load the value
// of a shape. A nil slice, map or pointer whose shape is nil is stored as
// NULL, as jsonOf stores it.
func storedOf[D, S any](d *D, store func(D) S, load func(S) D) any {
	return jsonOf(&shaped[D, S]{d: d, store: store, load: load})
}

// storedSliceOf binds a slice of domain values to a JSON column that
// holds an array of their shapes.
func storedSliceOf[D, S any](d *[]D, store func(D) S, load func(S) D) any {
	return storedOf(d,
		func(v []D) []S { return convertSlice(v, store) },
		func(s []S) []D { return convertSlice(s, load) })
}

// storedPtrOf binds an optional domain value to a JSON column that holds
// its shape, or NULL for nil.
func storedPtrOf[D, S any](d **D, store func(D) S, load func(S) D) any {
	return storedOf(d,
		func(v *D) *S { return convertPtr(v, store) },
		func(s *S) *D { return convertPtr(s, load) })
}

// shaped is the value a storedOf binding encodes and decodes.
type shaped[D, S any] struct {
	d     *D
	store func(D) S
	load  func(S) D
}

// storedShape is what every shaped is: it names the domain type and its
// stored shape, for checkBinding and the tests.
type storedShape interface {
	shapes() (domain, stored reflect.Type)
}

func (*shaped[D, S]) shapes() (domain, stored reflect.Type) {
	return reflect.TypeFor[D](), reflect.TypeFor[S]()
}

// MarshalJSON encodes the stored shape of the bound value.
func (s *shaped[D, S]) MarshalJSON() ([]byte, error) { return json.Marshal(s.store(*s.d)) }

// UnmarshalJSON decodes a stored shape into the bound value.
func (s *shaped[D, S]) UnmarshalJSON(b []byte) error {
	var v S
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*s.d = s.load(v)
	return nil
}

// convertSlice converts every element of in with f; nil stays nil and
// empty stays empty, so that both survive the round trip apart.
func convertSlice[A, B any](in []A, f func(A) B) []B {
	if in == nil {
		return nil
	}
	out := make([]B, len(in))
	for i := range in {
		out[i] = f(in[i])
	}
	return out
}

// convertPtr converts the value p points at with f; nil stays nil.
func convertPtr[A, B any](p *A, f func(A) B) *B {
	if p == nil {
		return nil
	}
	v := f(*p)
	return &v
}

// isStoredLeaf reports whether values of t are stored as they are, with no
// shape of their own: strings, numbers and bools (and named types over
// them), times, and types with a text or JSON form of their own.
func isStoredLeaf(t reflect.Type) bool {
	if t == reflect.TypeFor[time.Time]() {
		return true
	}
	if t.Implements(textMarshaler) || reflect.PointerTo(t).Implements(textMarshaler) ||
		t.Implements(jsonMarshaler) || reflect.PointerTo(t).Implements(jsonMarshaler) {
		return true
	}
	switch t.Kind() {
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

var (
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
)

// needsShape reports whether a JSON column of type t would encode a
// struct's json tags — a domain type's, which are the API's — and so must
// be bound with storedOf instead of jsonOf.
func needsShape(t reflect.Type) bool {
	for {
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array:
			t = t.Elem()
			continue
		case reflect.Map:
			if needsShape(t.Key()) {
				return true
			}
			t = t.Elem()
			continue
		}
		return !isStoredLeaf(t) && (t.Kind() == reflect.Struct || t.Kind() == reflect.Interface)
	}
}
