// Package webhooktest checks webhook requests with an implementation of
// Standard Webhooks that Footprint did not write: the reference package
// from npm, pinned in adapters/events/webhook/testdata/standardwebhooks and run
// with Node.js. Tests use it to verify what Footprint signs.
package webhooktest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Request is a webhook request a receiver got.
type Request struct {
	Header http.Header
	Body   []byte
}

// RequireNodeEnv, when set, makes ReferenceVerifier fail instead of skip
// without Node.js or the package, as CI sets it.
const RequireNodeEnv = "FOOTPRINT_TEST_REQUIRE_NODE"

// reference finds Node.js and the directory of the installed package.
func reference() (node, dir string, err error) {
	_, here, _, _ := runtime.Caller(0)
	dir = filepath.Join(filepath.Dir(here), "..", "testdata", "standardwebhooks")
	node, err = exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(filepath.Join(dir, "node_modules", "standardwebhooks"))
	}
	return node, dir, err
}

// Available reports whether the reference library can run here, or must
// (RequireNodeEnv is set): for a test that verifies with it at its end
// and would rather not skip what it checked before.
func Available() bool {
	_, _, err := reference()
	return err == nil || os.Getenv(RequireNodeEnv) != ""
}

// ReferenceVerifier returns a function that runs the reference library
// over requests and returns its verdict on each: "ok", or "refused: " and
// its reason. The test skips when Node.js or the installed package
// (`npm ci --prefix adapters/events/webhook/testdata/standardwebhooks`) is missing,
// unless RequireNodeEnv is set.
func ReferenceVerifier(t testing.TB) func(secret string, reqs []Request) []string {
	t.Helper()
	node, dir, err := reference()
	if err != nil {
		msg := "the Standard Webhooks reference check needs Node.js and `npm ci --prefix adapters/events/webhook/testdata/standardwebhooks`: " + err.Error()
		if os.Getenv(RequireNodeEnv) != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return func(secret string, reqs []Request) []string {
		t.Helper()
		type wire struct {
			Headers map[string]string `json:"headers"`
			Body    string            `json:"body"`
		}
		in := struct {
			Secret   string `json:"secret"`
			Requests []wire `json:"requests"`
		}{Secret: secret}
		for _, r := range reqs {
			h := map[string]string{}
			for k := range r.Header {
				h[strings.ToLower(k)] = r.Header.Get(k)
			}
			in.Requests = append(in.Requests, wire{Headers: h, Body: string(r.Body)})
		}
		data, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(node, "verify.js")
		cmd.Dir = dir
		cmd.Stdin = bytes.NewReader(data)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("the reference verifier: %v: %s", err, stderr.String())
		}
		return strings.Split(strings.TrimSpace(string(out)), "\n")
	}
}
