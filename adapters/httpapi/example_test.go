package httpapi_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/footprint-hq/footprint/adapters/httpapi"
	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/storage/memory"
)

// Mount the API under /api of a host's mux, with the host's own
// authentication, and change a goal with its ETag.
func ExampleNew() {
	n := 0
	ids := func() string { n++; return fmt.Sprintf("01JZ%022d", n) } // ULIDs, predictable for the example
	svc := okr.NewService(memory.New(), okr.WithIDs(ids),
		okr.WithClock(func() time.Time { return time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC) }))

	api := httpapi.New(httpapi.Config{
		OKR: svc,
		Authenticate: func(r *http.Request) (string, error) {
			// A real host reads its session cookie or token here.
			if person := r.Header.Get("X-Person"); person != "" {
				return person, nil
			}
			return "", errors.New("not signed in")
		},
	})
	mux := http.NewServeMux()
	mux.Handle("/api/", http.StripPrefix("/api", api))

	do := func(method, path, person, body string, header ...string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set("X-Person", person)
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		return rec
	}

	rec := do("POST", "/api/goals", "ana", `{"title":"Become an agile coach","visibility":"mentor"}`)
	fmt.Println(rec.Code, rec.Header().Get("Location"), rec.Header().Get("ETag"))

	goal := "/api/goals/01JZ0000000000000000000001" // the Location, resolved against /api/goals
	rec = do("PATCH", goal, "ana", `{"horizonYear":2028}`)
	fmt.Println(rec.Code, rec.Header().Get("Content-Type"))
	rec = do("PATCH", goal, "ana", `{"horizonYear":2028}`, "If-Match", `"1"`)
	fmt.Println(rec.Code, rec.Header().Get("ETag"))
	rec = do("PATCH", goal, "ana", `{"horizonYear":2029}`, "If-Match", `"1"`)
	fmt.Println(rec.Code)
	rec = do("GET", goal, "olaf", "")
	fmt.Println(rec.Code)
	// Output:
	// 201 goals/01JZ0000000000000000000001 "1"
	// 428 application/problem+json
	// 200 "2"
	// 412
	// 404
}
