package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/storage"
)

func TestErrorTable(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("okr: objective X: %w", err) }
	tests := []struct {
		name    string
		err     error
		ifMatch bool
		status  int
		typ     string
		code    string
		fields  []FieldProblem
	}{
		{"no actor", storage.ErrNoActor, false, 401, ProblemUnauthenticated, "", nil},
		{"not found", wrap(storage.ErrNotFound), false, 404, ProblemNotFound, "", nil},
		{"forbidden", wrap(storage.ErrForbidden), false, 403, ProblemForbidden, "", nil},
		{"domain forbidden", wrap(okr.ErrNotOwner), false, 403, ProblemForbidden, "okr.not_owner", nil},
		{"validation", wrap(&storage.ValidationError{Fields: []storage.FieldError{
			{Field: "keyResults[1].target", Message: "must not equal start"}, {Field: "title", Message: "is required"}}}),
			false, 422, ProblemValidation, "", []FieldProblem{
				{Pointer: "/keyResults/1/target", Detail: "must not equal start"}, {Pointer: "/title", Detail: "is required"}}},
		{"malformed cursor", wrap(storage.ErrInvalidCursor), false, 400, ProblemInvalidParameter, "", nil},
		{"conflict after If-Match", wrap(storage.ErrConflict), true, 412, ProblemStaleVersion, "", nil},
		{"conflict without If-Match", wrap(storage.ErrConflict), false, 409, ProblemEditConflict, "", nil},
		{"already exists", wrap(storage.ErrAlreadyExists), false, 409, ProblemAlreadyExists, "", nil},
		{"invalid state", wrap(okr.ErrObjectiveClosed), false, 409, ProblemInvalidState, "okr.objective_closed", nil},
		{"bare invalid state", storage.ErrInvalidState, false, 409, ProblemInvalidState, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPatch, "/goals/x", nil)
			if tt.ifMatch {
				r.Header.Set("If-Match", `"1"`)
			}
			p, ok := problemFor(tt.err, r)
			require.True(t, ok)
			assert.Equal(t, tt.status, p.kind.status)
			assert.Equal(t, tt.typ, p.kind.typ)
			assert.Equal(t, tt.code, p.code)
			assert.Equal(t, tt.fields, p.fields)
		})
	}
	_, ok := problemFor(errors.New("disk on fire"), httptest.NewRequest(http.MethodGet, "/", nil))
	assert.False(t, ok, "an error in no category is internal")
}

// TestNotFoundDetailIsFixed checks that a hidden and a missing value are
// answered with the same text, whatever their errors say.
func TestNotFoundDetailIsFixed(t *testing.T) {
	r := httptest.NewRequest(http.MethodGet, "/goals/x", nil)
	missing, _ := problemFor(fmt.Errorf("okr: goal X: id X: %w", storage.ErrNotFound), r)
	hidden, _ := problemFor(fmt.Errorf("okr: goal X: %w", storage.ErrNotFound), r)
	assert.Equal(t, missing, hidden)
}

func TestPointerAt(t *testing.T) {
	tests := []struct {
		body string
		into any
		want string
	}{
		{`{"title":5}`, &okr.GoalInput{}, "/title"},
		{`{"title":"x","tags":["a",7]}`, &okr.GoalInput{}, "/tags/1"},
		{`{"tags":{"a":1}}`, &okr.GoalInput{}, "/tags"},
		{`{"to":"x","objective":{"title":"t","keyResults":[{"title":"a","kind":"milestone"},{"title":"b","kind":"increase","start":[1]}]}}`,
			&okr.SuggestionInput{}, "/objective/keyResults/1/start"},
		{`{"objective":{"period":[1]}}`, &okr.SuggestionInput{}, "/objective/period"},
		{`{"a/b~c":{"x":1},"horizonYear":"2027"}`, &map[string]map[string]string{}, "/a~1b~0c/x"},
		{`"just a string"`, &okr.GoalInput{}, ""},
	}
	for _, tt := range tests {
		err := json.Unmarshal([]byte(tt.body), tt.into)
		var typ *json.UnmarshalTypeError
		require.ErrorAs(t, err, &typ, tt.body)
		assert.Equal(t, tt.want, pointerAt([]byte(tt.body), typ.Offset), tt.body)
	}
}

func TestIfMatch(t *testing.T) {
	tests := []struct {
		header  string
		version int64
		present bool
		status  int // of the problem, 0 for none
	}{
		{"", 0, false, 0},
		{`"7"`, 7, true, 0},
		{` "7" `, 7, true, 0},
		{"*", 0, true, 0},
		{`W/"7"`, 0, true, 412},
		{`"abc"`, 0, true, 412},
		{`"0"`, 0, true, 412},
		{`7`, 0, true, 400},
		{`"7", "8"`, 0, true, 400},
		{`"`, 0, true, 400},
	}
	for _, tt := range tests {
		r := httptest.NewRequest(http.MethodPatch, "/", nil)
		if tt.header != "" {
			r.Header.Set("If-Match", tt.header)
		}
		v, present, err := ifMatch(r)
		assert.Equal(t, tt.version, v, tt.header)
		assert.Equal(t, tt.present, present, tt.header)
		if tt.status == 0 {
			assert.NoError(t, err, tt.header)
		} else {
			var p *problemError
			require.ErrorAs(t, err, &p, tt.header)
			assert.Equal(t, tt.status, p.kind.status, tt.header)
		}
	}
}

func TestRelativeRef(t *testing.T) {
	assert.Equal(t, "goals/G", relativeRef("/goals", "/goals/G"))
	assert.Equal(t, "../../objectives/O", relativeRef("/goals/G/objectives", "/objectives/O"))
	assert.Equal(t, "../../objectives/N", relativeRef("/objectives/O/carry", "/objectives/N"))
	assert.Equal(t, "suggestions/S", relativeRef("suggestions", "/suggestions/S"), "a path stripped of its slash")
}

func TestIsULID(t *testing.T) {
	assert.True(t, isULID("01ARZ3NDEKTSV4RRFFQ69G5FAV"))
	assert.True(t, isULID(storage.NewIDSource()()))
	for _, s := range []string{"", "01arz3ndektsv4rrffq69g5fav", "01ARZ3NDEKTSV4RRFFQ69G5FA", "81ARZ3NDEKTSV4RRFFQ69G5FAV",
		"01ARZ3NDEKTSV4RRFFQ69G5FAI", "01ARZ3NDEKTSV4RRFFQ69G5FA/"} {
		assert.False(t, isULID(s), s)
	}
}

func TestUsableRequestID(t *testing.T) {
	assert.True(t, usableRequestID("abc-123_X.y:z/w+="))
	for _, s := range []string{"", "has space", `quo"te`, "back\\slash", "new\nline", "é", string(make([]byte, 129))} {
		assert.False(t, usableRequestID(s), "%q", s)
	}
}
