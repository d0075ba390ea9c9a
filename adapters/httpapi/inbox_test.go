package httpapi_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// seedInbox fills the inbox from the OKR fixtures' events: the mentor's
// comments reach the owner.
func seedInbox(w *world) {
	seedOKR(w)
	_, err := w.inbox.Consumer().Drain(context.Background())
	require.NoError(w.t, err)
}

var inboxMatrix = []matrixRow{
	{route: "GET /me/inbox", path: "/me/inbox", want: all(200)},
	{route: "GET /me/inbox", path: "/me/inbox?unread=true&limit=1", want: all(200)},
	{route: "GET /me/inbox/unread", path: "/me/inbox/unread", want: all(200)},
	{route: "POST /me/inbox/read", path: "/me/inbox/read", body: `{"all":true}`, want: all(200)},
}

func TestInboxAuthorizationMatrix(t *testing.T) {
	runMatrix(t, seedInbox, inboxMatrix)
}

type inboxPage struct {
	Items []struct {
		ID, Person, Kind, Title string
		Read                    bool
	}
	Next string
}

// Each person reads and marks only their own inbox.
func TestInboxOverHTTP(t *testing.T) {
	w := newWorld(t)
	seedInbox(w)

	unread := func(as string) int {
		t.Helper()
		r := w.do(call{method: "GET", path: "/me/inbox/unread", as: as})
		require.Equal(t, 200, r.status, "%s", r.body)
		var c struct{ Unread int }
		r.decode(t, &c)
		return c.Unread
	}
	page := func(as, path string) inboxPage {
		t.Helper()
		r := w.do(call{method: "GET", path: path, as: as})
		require.Equal(t, 200, r.status, "%s", r.body)
		var p inboxPage
		r.decode(t, &p)
		return p
	}

	mine := page(owner, "/me/inbox")
	require.NotEmpty(t, mine.Items, "the mentor's comments reach the owner")
	for _, it := range mine.Items {
		assert.Equal(t, owner, it.Person)
		assert.False(t, it.Read)
	}
	total := len(mine.Items)
	assert.Equal(t, total, unread(owner))
	for _, it := range page(other, "/me/inbox").Items {
		assert.Equal(t, other, it.Person, "nobody sees another's items")
	}

	// Marking another person's item changes nothing.
	r := w.do(call{method: "POST", path: "/me/inbox/read", as: other, body: `{"ids":["` + mine.Items[0].ID + `"]}`})
	require.Equal(t, 200, r.status, "%s", r.body)
	assert.JSONEq(t, `{"marked":0,"unread":`+strconv.Itoa(unread(other))+`}`, string(r.body))
	assert.Equal(t, total, unread(owner))

	r = w.do(call{method: "POST", path: "/me/inbox/read", as: owner, body: `{"ids":["` + mine.Items[0].ID + `"]}`})
	require.Equal(t, 200, r.status, "%s", r.body)
	assert.JSONEq(t, `{"marked":1,"unread":`+strconv.Itoa(total-1)+`}`, string(r.body))
	assert.Len(t, page(owner, "/me/inbox?unread=true").Items, total-1)

	if total > 1 {
		first := page(owner, "/me/inbox?limit=1")
		require.Len(t, first.Items, 1)
		assert.NotEmpty(t, first.Next)
	}

	// Bad requests change nothing.
	for _, body := range []string{`{}`, `{"ids":["x"],"all":true}`, `{"upTo":"x"}`, `{"ids":[""]}`} {
		r = w.send(call{method: "POST", path: "/me/inbox/read", as: owner, body: body})
		assert.Equal(t, 422, r.status, body)
	}
	r = w.send(call{method: "GET", path: "/me/inbox?unread=yes", as: owner})
	assert.Equal(t, 400, r.status)
	assert.Equal(t, total-1, unread(owner))

	r = w.do(call{method: "POST", path: "/me/inbox/read", as: owner, body: `{"all":true}`})
	require.Equal(t, 200, r.status)
	assert.Zero(t, unread(owner))
}
