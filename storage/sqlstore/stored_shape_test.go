package sqlstore

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/footprint-hq/footprint/okr"
)

// notStored lists the exported fields of domain types kept in JSON
// columns that are deliberately not stored, as "pkg.Type.Field" with the
// reason. A field missing from its stored shape must be listed here or
// TestStoredShapes fails.
var notStored = map[string]string{}

// TestStoredShapes checks every JSON column that holds a domain value:
// each exported field of the domain type, nested types included, is
// stored by its shape (or listed in notStored), under an explicit json
// name; and a golden file pins the column.
func TestStoredShapes(t *testing.T) {
	pinned := map[string]bool{}
	for _, d := range storedDocs {
		pinned[d.table+"."+d.column] = true
	}
	n := 0
	for _, tbl := range tables {
		for _, c := range tbl.columns() {
			j, ok := c.ptr.(*jsonCodec)
			if !ok {
				continue
			}
			sh, ok := j.ptr.(storedShape)
			if !ok {
				assert.False(t, needsShape(reflect.TypeOf(j.ptr)), "%s.%s", tbl.name, c.name)
				continue
			}
			n++
			domain, stored := sh.shapes()
			assert.Empty(t, shapeProblems(domain, stored), "%s.%s", tbl.name, c.name)
			assert.True(t, pinned[tbl.name+"."+c.name], "%s.%s has no golden file in storedDocs", tbl.name, c.name)
		}
	}
	assert.NotZero(t, n)
}

// TestStoredShapesCatchANewField shows what TestStoredShapes catches: a
// field added to a domain type but not to its stored shape, a shape
// field without a json name, and a nested domain struct stored as it is.
func TestStoredShapesCatchANewField(t *testing.T) {
	type domainNested struct{ A, B string }
	type domain struct {
		ID     string
		Added  int
		Nested []domainNested
		At     time.Time
	}
	type storedNested struct {
		A string `json:"a"`
		B string `json:"b"`
	}
	type stored struct {
		ID     string         `json:"id"`
		Nested []storedNested `json:"nested"`
		At     time.Time      `json:"at"`
	}
	assert.Empty(t, shapeProblems(reflect.TypeFor[domainNested](), reflect.TypeFor[storedNested]()))
	problems := shapeProblems(reflect.TypeFor[domain](), reflect.TypeFor[stored]())
	assert.Len(t, problems, 1)
	assert.Contains(t, strings.Join(problems, "\n"), ".Added is not stored")

	type untagged struct {
		ID     string `json:"id"`
		Added  int
		Nested []domainNested `json:"nested"`
		At     time.Time      `json:"at"`
	}
	problems = shapeProblems(reflect.TypeFor[domain](), reflect.TypeFor[untagged]())
	if assert.Len(t, problems, 2, "%q", problems) {
		assert.Contains(t, problems[0], ".Added: stored field")
		assert.Contains(t, problems[0], "has no json name")
		assert.Contains(t, problems[1], "is stored as itself")
	}

	assert.Panics(t, func() {
		type row struct {
			ID         string
			KeyResults []okr.KeyResult
		}
		newTable("bad", func(r *row) []column {
			return []column{col("id", &r.ID), col("key_results", jsonOf(&r.KeyResults))}
		})
	}, "jsonOf on a domain struct")
}

// shapeProblems compares the domain type d with its stored shape s and
// describes each way s fails to store d.
func shapeProblems(d, s reflect.Type) []string {
	var out []string
	seen := map[[2]reflect.Type]bool{}
	var walk func(d, s reflect.Type, path string)
	walk = func(d, s reflect.Type, path string) {
		if seen[[2]reflect.Type{d, s}] {
			return
		}
		seen[[2]reflect.Type{d, s}] = true
		if isStoredLeaf(d) {
			if d != s {
				out = append(out, fmt.Sprintf("%s: %s is stored as %s, not as itself", path, d, s))
			}
			return
		}
		if d.Kind() != s.Kind() {
			out = append(out, fmt.Sprintf("%s: %s is stored as %s", path, d, s))
			return
		}
		switch d.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array:
			walk(d.Elem(), s.Elem(), path+"[]")
			return
		case reflect.Map:
			walk(d.Key(), s.Key(), path+"{key}")
			walk(d.Elem(), s.Elem(), path+"{}")
			return
		case reflect.Struct:
			if d == s {
				out = append(out, fmt.Sprintf("%s: %s is stored as itself, with its API json tags: give it a stored shape", path, d))
				return
			}
		default:
			out = append(out, fmt.Sprintf("%s: cannot store %s", path, d))
			return
		}
		stored := map[string]reflect.StructField{}
		names := map[string]string{}
		for _, f := range fields(s) {
			stored[f.Name] = f
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			switch {
			case name == "" || name == "-":
				out = append(out, fmt.Sprintf("%s.%s: stored field %s has no json name", path, f.Name, s))
			case names[name] != "":
				out = append(out, fmt.Sprintf("%s.%s: json name %q is taken by %s", path, f.Name, name, names[name]))
			default:
				names[name] = f.Name
			}
		}
		for _, f := range fields(d) {
			key := d.String() + "." + f.Name
			sf, ok := stored[f.Name]
			delete(stored, f.Name)
			if _, skip := notStored[key]; skip {
				continue
			}
			if !ok {
				out = append(out, fmt.Sprintf("%s.%s is not stored: add it to %s under a json name never used before, or list %s in notStored", path, f.Name, s, key))
				continue
			}
			walk(f.Type, sf.Type, path+"."+f.Name)
		}
		for name := range stored {
			out = append(out, fmt.Sprintf("%s.%s: stored field of %s has no field in %s", path, name, s, d))
		}
	}
	walk(d, s, d.String())
	return out
}

// fields returns the exported fields of struct t, those of embedded
// structs in their place.
func fields(t reflect.Type) []reflect.StructField {
	var out []reflect.StructField
	for _, f := range reflect.VisibleFields(t) {
		if f.Anonymous || !f.IsExported() {
			continue
		}
		out = append(out, f)
	}
	return out
}

// TestStoredGoldenCoversEveryField checks that the golden documents give
// every stored field of every domain type a value other than its zero
// value somewhere, so that each field's json name is pinned.
func TestStoredGoldenCoversEveryField(t *testing.T) {
	set := map[string]bool{}
	all := map[string]bool{}
	for _, d := range storedDocs {
		markFields(reflect.ValueOf(d.want), set, all)
	}
	for f := range all {
		if _, skip := notStored[f]; !skip {
			assert.True(t, set[f], "no golden document sets %s", f)
		}
	}
}

// markFields records in all every exported field of the structs v holds,
// and in set those that are not zero.
func markFields(v reflect.Value, set, all map[string]bool) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			markFields(v.Elem(), set, all)
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			markFields(v.Index(i), set, all)
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			markFields(it.Value(), set, all)
		}
	case reflect.Struct:
		if isStoredLeaf(v.Type()) {
			return
		}
		for _, f := range fields(v.Type()) {
			key := v.Type().String() + "." + f.Name
			all[key] = true
			fv := v.FieldByIndex(f.Index)
			if !fv.IsZero() {
				set[key] = true
			}
			markFields(fv, set, all)
		}
	}
}
