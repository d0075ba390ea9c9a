package storage_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/storage"
)

func TestFieldErrorPointer(t *testing.T) {
	tests := map[string]string{
		"":                               "",
		"title":                          "/title",
		"keyResults[1].target":           "/keyResults/1/target",
		"objective.keyResults[0].weight": "/objective/keyResults/0/weight",
		"grid[2][3]":                     "/grid/2/3",
		"a/b~c":                          "/a~1b~0c",
	}
	for field, want := range tests {
		assert.Equal(t, want, storage.FieldError{Field: field}.Pointer(), field)
	}
}

type spec struct {
	Name string `json:"name" validate:"required,max=5"`
}

type input struct {
	Kind  string   `json:"kind" validate:"oneof=a b"`
	Tags  []string `json:"tags" validate:"max=2,dive,min=1"`
	Count int      `json:"count" validate:"gte=1,lte=3"`
	Items []spec   `json:"items" validate:"dive"`
	spec
}

func TestValidate(t *testing.T) {
	require.NoError(t, storage.Validate(input{Kind: "a", Count: 1, spec: spec{Name: "x"}}))

	err := storage.Validate(input{Kind: "c", Tags: []string{"", "b", "c"}, Count: 9, Items: []spec{{Name: "toolong"}}},
		storage.FieldError{Field: "extra", Message: "is wrong"})
	var verr *storage.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.ErrorIs(t, err, storage.ErrInvalid)
	assert.Equal(t, []storage.FieldError{
		{Field: "kind", Message: "must be one of: a, b"},
		{Field: "tags", Message: "must have at most 2 elements"},
		{Field: "count", Message: "must be at most 3"},
		{Field: "items[0].name", Message: "must be at most 5 characters long"},
		{Field: "name", Message: "is required"},
		{Field: "extra", Message: "is wrong"},
	}, verr.Fields, "fields carry JSON names; embedded structs add no level")
	assert.Contains(t, err.Error(), "invalid input: kind must be one of: a, b; tags must have")

	err = storage.Validate(input{Kind: "a", Count: 1, Tags: []string{""}, spec: spec{Name: "x"}})
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, []storage.FieldError{{Field: "tags[0]", Message: "must not be empty"}}, verr.Fields)
	assert.True(t, verr.Has("tags[0]"))
	assert.False(t, verr.Has("tags"))
}

func TestPageRequest(t *testing.T) {
	assert.Equal(t, storage.DefaultLimit, storage.PageRequest{}.Size())
	assert.Equal(t, 0, storage.PageRequest{Limit: storage.NoLimit}.Size())
	assert.Equal(t, 7, storage.PageRequest{Limit: 7}.Size())

	after, err := storage.PageRequest{Cursor: storage.CursorAfter("01ABC")}.After()
	require.NoError(t, err)
	assert.Equal(t, "01ABC", after)
	_, err = storage.PageRequest{Cursor: "***"}.After()
	assert.ErrorIs(t, err, storage.ErrInvalidCursor)
	for _, c := range []string{"abc", "MDFBQkM", storage.CursorAfter("")} { // base64, but no cursor a store made
		_, err = storage.PageRequest{Cursor: c}.After()
		assert.ErrorIs(t, err, storage.ErrInvalidCursor, c)
		assert.ErrorIs(t, storage.PageRequest{Cursor: c}.Check(), storage.ErrInvalid, c)
	}
	assert.ErrorIs(t, err, storage.ErrInvalid)

	assert.NoError(t, storage.PageRequest{Limit: storage.MaxLimit}.Check())
	assert.ErrorIs(t, storage.PageRequest{Limit: -1}.Check(), storage.ErrInvalid, "callers may not ask for everything")
	assert.ErrorIs(t, storage.PageRequest{Limit: storage.MaxLimit + 1}.Check(), storage.ErrInvalid)
	assert.ErrorIs(t, storage.PageRequest{Cursor: "***"}.Check(), storage.ErrInvalid)
}

func TestPaginate(t *testing.T) {
	id := func(s string) string { return s }
	p := storage.Paginate([]string{"a", "b", "c"}, storage.PageRequest{Limit: 2}, id)
	assert.Equal(t, []string{"a", "b"}, p.Items)
	assert.Equal(t, storage.CursorAfter("b"), p.Next)
	p = storage.Paginate([]string{"a", "b"}, storage.PageRequest{Limit: 2}, id)
	assert.Equal(t, []string{"a", "b"}, p.Items)
	assert.Empty(t, p.Next, "no next page when everything fits")
	p = storage.Paginate([]string{"a", "b", "c"}, storage.PageRequest{Limit: storage.NoLimit}, id)
	assert.Len(t, p.Items, 3)
	assert.Empty(t, p.Next)
}

func TestCheckVersion(t *testing.T) {
	assert.NoError(t, storage.CheckVersion(0, 4), "zero skips the check")
	assert.NoError(t, storage.CheckVersion(4, 4))
	err := storage.CheckVersion(3, 4)
	assert.ErrorIs(t, err, storage.ErrConflict)
	assert.Contains(t, err.Error(), "expected version 3, stored version is 4")
}

func TestIDSource(t *testing.T) {
	next := storage.NewIDSource()
	prev := ""
	for range 1000 {
		id := next()
		require.Len(t, id, 26)
		require.Greater(t, id, prev, "IDs from one source increase")
		prev = id
	}
}

func TestCategories(t *testing.T) {
	assert.True(t, errors.Is(storage.ErrNoActor, storage.ErrForbidden))
	assert.True(t, errors.Is(storage.Invalid("x", "y"), storage.ErrInvalid))
}
