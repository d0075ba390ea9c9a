package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// chromium returns the path of a Chromium or Chrome browser, or "" when
// none is installed.
func chromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browser drives the demo in a headless Chromium.
type browser struct {
	t    *testing.T
	ctx  context.Context
	url  string
	dir  string
	shot int
}

// do runs actions, failing the test on an error.
func (b *browser) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	require.NoError(b.t, chromedp.Do(b.ctx, actions...), what)
}

// eval evaluates JavaScript and returns its value.
func eval[T any](b *browser, expr string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr))
	require.NoError(b.t, err, expr)
	return v
}

// waitFor waits until a JavaScript condition holds.
func (b *browser) waitFor(what, cond string) {
	b.t.Helper()
	_, err := chromedp.Run(b.ctx, chromedp.Poll[chromedp.Void](cond, chromedp.WithPollingTimeout(20*time.Second)))
	if err != nil {
		page, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`location.hash + "\n" + document.body.innerText`))
		b.t.Logf("the page while waiting until %s:\n%s", what, page)
	}
	require.NoError(b.t, err, "waiting until %s", what)
}

// screenshot saves the page as a PNG in the test's directory.
func (b *browser) screenshot(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	require.NoError(b.t, err)
	b.shot++
	path := filepath.Join(b.dir, fmt.Sprintf("%02d-%s.png", b.shot, name))
	require.NoError(b.t, os.WriteFile(path, png, 0o644))
	b.t.Logf("screenshot: %s", path)
}

// signIn signs in as a demo person through the picker.
func (b *browser) signIn(person, name string) {
	b.t.Helper()
	picker := fmt.Sprintf(`document.querySelector(%q)`, fmt.Sprintf(`[data-person=%q]`, person))
	// A click can land on a control the page is just re-rendering; retry
	// it a few times before giving up.
	for try := 1; eval[bool](b, `!!document.querySelector("#signed-in")`); try++ {
		b.do("switch person", chromedp.Click(`#who button`))
		if _, err := chromedp.Run(b.ctx, chromedp.Poll[chromedp.Void](picker, chromedp.WithPollingTimeout(5*time.Second))); err == nil {
			break
		}
		require.Less(b.t, try, 3, "the sign-in picker does not open")
	}
	b.waitFor("the sign-in picker", picker)
	b.do("sign in", chromedp.Click(fmt.Sprintf(`[data-person=%q]`, person)))
	b.waitFor(name+" is signed in", fmt.Sprintf(`document.querySelector("#signed-in")?.textContent === %q`, name))
}

// open shows a view and waits until it has loaded.
func (b *browser) open(hash, ready string) {
	b.t.Helper()
	b.do("go to "+hash, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`location.hash = %q`, hash)))
	b.waitFor(hash+" is shown", ready)
}

// TestBrowser uses the demo as a person would: a check-in moves a progress
// bar, a mentor request is made and accepted, and an enrolment takes a
// seat. Screenshots go to the test's temporary directory, or to the
// directory FOOTPRINT_SCREENSHOTS names, to keep them.
func TestBrowser(t *testing.T) {
	path := chromium()
	if path == "" {
		if os.Getenv("FOOTPRINT_TEST_REQUIRE_BROWSER") != "" {
			t.Fatal("no Chromium installed, and FOOTPRINT_TEST_REQUIRE_BROWSER is set")
		}
		t.Skip("no Chromium installed: install Debian's chromium package to run the browser test (.ci/run does)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	dir := t.TempDir()
	app, err := open(ctx, filepath.Join(dir, "footprint.db"), true, slog.New(slog.NewTextHandler(io.Discard, nil)))
	require.NoError(t, err)
	t.Cleanup(func() { _ = app.Close() })
	srv := httptest.NewServer(app.Handler())
	t.Cleanup(srv.Close)

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.UserDataDir(filepath.Join(dir, "profile")),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("no-first-run", true), chromedp.WindowSize(1100, 900))
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()
	shots := dir
	if keep := os.Getenv("FOOTPRINT_SCREENSHOTS"); keep != "" {
		require.NoError(t, os.MkdirAll(keep, 0o755))
		shots = keep
	}
	b := &browser{t: t, ctx: bctx, url: srv.URL + "/", dir: shots}
	b.do("load the demo", chromedp.Navigate(b.url))
	b.waitFor("the demo loads", `document.querySelector("[data-person]")`)

	// Ana checks in on her first key result: its progress bar moves.
	b.signIn("ana", "Ana Costa")
	b.open("#/me", `document.querySelector("[data-kr] [role=progressbar]")`)
	kr := eval[string](b, `document.querySelector("[data-kr]").dataset.kr`)
	bar := fmt.Sprintf(`document.querySelector('[data-kr=%q] [role=progressbar]')`, kr)
	before := eval[int](b, `Number(`+bar+`.getAttribute("aria-valuenow"))`)
	input := fmt.Sprintf(`#ci-%s-value`, kr)
	current := eval[string](b, fmt.Sprintf(`document.querySelector(%q).value`, input))
	value, err := strconv.ParseFloat(current, 64)
	require.NoError(t, err)
	b.screenshot("board-before")
	b.do("check in",
		chromedp.SetValue(input, strconv.FormatFloat(value+10, 'f', -1, 64)),
		chromedp.SetValue(fmt.Sprintf(`#ci-%s-note`, kr), "Ten more merged this week"),
		chromedp.Click(fmt.Sprintf(`[data-kr=%q] form button[type=submit]`, kr)))
	b.waitFor("the progress bar moves", fmt.Sprintf(`%s && Number(%s.getAttribute("aria-valuenow")) > %d`, bar, bar, before))
	b.screenshot("board-after-check-in")

	// Dara asks a suggested mentor; the mentor accepts.
	b.signIn("dara", "Dara Quinn")
	b.open("#/mentoring", `document.querySelector("#mentor-suggestions")`)
	mentor := eval[string](b, `document.querySelector("#mentor-suggestions [data-candidate]")?.dataset.candidate || ""`)
	require.NotEmpty(t, mentor, "someone is suggested to Dara")
	b.do("ask for a mentor", chromedp.Click(fmt.Sprintf(`[data-candidate=%q] button`, mentor)))
	b.waitFor("the request is waiting", `document.querySelector("#requests-sent [data-request]")`)
	b.screenshot("mentor-requested")
	name := personByID(t, mentor).Name
	b.signIn(mentor, name)
	b.open("#/mentoring", `document.querySelector("#requests-received [data-request]")`)
	b.do("accept", chromedp.Click(`#requests-received [data-request] button`))
	b.waitFor("Dara is now a mentee", `[...document.querySelectorAll("[aria-label='People I mentor'] h3")].some(h => h.textContent === "Dara Quinn")`)
	b.screenshot("mentor-accepted")

	// Dara enrols in an activity with limited seats: one seat fewer.
	b.signIn("dara", "Dara Quinn")
	b.open("#/mentoring", fmt.Sprintf(`document.querySelector(%q)`, fmt.Sprintf(`#my-mentor [data-mentor=%q]`, mentor)))
	b.open("#/sprint", `document.querySelector("#activities")`)
	activity := eval[string](b, `[...document.querySelectorAll("#activities [data-activity]")].find(li => {
		const seats = li.querySelector("[data-seats-left]").dataset.seatsLeft;
		const button = [...li.querySelectorAll("button")].find(b => b.textContent === "Enrol");
		return seats !== "unlimited" && Number(seats) > 0 && button;
	})?.dataset.activity || ""`)
	require.NotEmpty(t, activity, "an activity with seats left")
	seats := fmt.Sprintf(`Number(document.querySelector('[data-activity=%q] [data-seats-left]')?.dataset.seatsLeft)`, activity)
	left := eval[int](b, seats)
	b.do("enrol", chromedp.Click(fmt.Sprintf(`[data-activity=%q] button`, activity)))
	b.waitFor("one seat fewer", fmt.Sprintf(`%s === %d`, seats, left-1))
	b.screenshot("enrolled")
}

// personByID finds a demo person.
func personByID(t *testing.T, id string) Person {
	t.Helper()
	p, ok := person(id)
	require.True(t, ok, "unknown person %s", id)
	return p
}
