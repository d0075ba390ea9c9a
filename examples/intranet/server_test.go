package main

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestServerCutsSlowAndIdleClients: a client that never finishes its
// headers, one that sends its body too slowly, and an idle keep-alive
// connection are each cut off once their timeout passes, instead of
// holding a connection forever.
func TestServerCutsSlowAndIdleClients(t *testing.T) {
	assert.NotZero(t, defaultTimeouts.ReadHeader)
	assert.NotZero(t, defaultTimeouts.Read)
	assert.NotZero(t, defaultTimeouts.Write)
	assert.NotZero(t, defaultTimeouts.Idle)

	bodyErr := make(chan error, 1)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, err := io.ReadAll(r.Body)
		if r.Method == http.MethodPost {
			bodyErr <- err
		}
		if err != nil {
			return
		}
		_, _ = io.WriteString(w, "ok")
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := newServer(h, timeouts{ReadHeader: 200 * time.Millisecond, Read: 300 * time.Millisecond,
		Write: time.Second, Idle: 300 * time.Millisecond})
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })

	// closedWithin reads what the server sends until it closes the
	// connection, and fails unless that happens within limit.
	closedWithin := func(t *testing.T, c net.Conn, limit time.Duration) {
		t.Helper()
		require.NoError(t, c.SetReadDeadline(time.Now().Add(limit)))
		_, err := io.Copy(io.Discard, c)
		assert.NoError(t, err, "the server closed the connection before %v", limit) // io.Copy reads to EOF
	}
	dial := func(t *testing.T) net.Conn {
		c, err := net.Dial("tcp", ln.Addr().String())
		require.NoError(t, err)
		t.Cleanup(func() { _ = c.Close() })
		return c
	}

	t.Run("headers never finished", func(t *testing.T) {
		c := dial(t)
		_, err := io.WriteString(c, "GET / HTTP/1.1\r\nHost: demo\r\n")
		require.NoError(t, err)
		closedWithin(t, c, 3*time.Second)
	})
	t.Run("body too slow", func(t *testing.T) {
		c := dial(t)
		_, err := io.WriteString(c, "POST / HTTP/1.1\r\nHost: demo\r\nContent-Length: 100\r\n\r\n0123456789")
		require.NoError(t, err)
		select {
		case err := <-bodyErr:
			assert.Error(t, err, "reading the rest of the body times out")
		case <-time.After(3 * time.Second):
			t.Fatal("the handler still waits for the body")
		}
		closedWithin(t, c, 3*time.Second)
	})
	t.Run("idle keep-alive", func(t *testing.T) {
		c := dial(t)
		_, err := io.WriteString(c, "GET / HTTP/1.1\r\nHost: demo\r\n\r\n")
		require.NoError(t, err)
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		require.NoError(t, err)
		body, _ := io.ReadAll(resp.Body)
		assert.Equal(t, "ok", strings.TrimSpace(string(body)))
		closedWithin(t, c, 3*time.Second)
	})
}

// TestAnswersCarrySecurityHeaders checks the headers on the page, the
// API and the demo sign-in.
func TestAnswersCarrySecurityHeaders(t *testing.T) {
	a, err := open(context.Background(), ":memory:", false, quiet())
	require.NoError(t, err)
	defer a.Close()
	h := a.Handler()
	for _, path := range []string{"/", "/api/openapi.json", "/demo/session", "/api/no-such-route"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		assert.Equal(t, "nosniff", rec.Header().Get("X-Content-Type-Options"), path)
		assert.Equal(t, "frame-ancestors 'none'", rec.Header().Get("Content-Security-Policy"), path)
		assert.Equal(t, "DENY", rec.Header().Get("X-Frame-Options"), path)
		assert.Equal(t, "same-origin", rec.Header().Get("Referrer-Policy"), path)
	}
}
