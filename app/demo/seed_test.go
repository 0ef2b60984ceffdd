package demo_test

import (
	"io"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/demo"
)

// seedPages are what a walkthrough shows: customers, jobs, the review
// queue, the day's runs, the Inbox, Cove accounts and a job's history.
var seedPages = []string{"/customers", "/jobs", "/jobs?page=2", "/review", "/daily", "/inbox", "/cove", "/jobs/5", "/jobs/12", "/runs/40", "/overrides"}

// volatile is what differs between two identical demos: session and CSRF
// tokens, the fakes' loopback ports, request ids.
var volatile = regexp.MustCompile(`[A-Za-z0-9_-]{32,}|127\.0\.0\.1:\d+|localhost:\d+`)

// pagesOf signs in to the demo at base and reads the seed pages.
func pagesOf(t *testing.T, base string) map[string]string {
	t.Helper()
	c := signIn(t, base)
	out := map[string]string{}
	for _, p := range seedPages {
		res, err := c.Get(base + p)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: HTTP %d", p, res.StatusCode)
		}
		out[p] = volatile.ReplaceAllString(string(body), "…")
	}
	return out
}

// Two demos made with the same seed show the same customers, jobs, runs,
// statuses and mails page for page, so a written walkthrough matches what
// a newcomer sees; another seed makes another demo.
func TestSameSeedSameDemo(t *testing.T) {
	now := time.Now()
	_, first := serveDemo(t, demo.DefaultSeed, now)
	_, second := serveDemo(t, demo.DefaultSeed, now)
	_, other := serveDemo(t, demo.DefaultSeed+1, now)
	a, b, c := pagesOf(t, first), pagesOf(t, second), pagesOf(t, other)
	for _, p := range seedPages {
		if a[p] != b[p] {
			t.Errorf("%s differs between two demos of seed %d:\n%s", p, demo.DefaultSeed, firstDifference(a[p], b[p]))
		}
	}
	if a["/customers"] == c["/customers"] {
		t.Error("another seed made the same customers")
	}
}

// firstDifference shows where two pages part.
func firstDifference(x, y string) string {
	i := 0
	for i < len(x) && i < len(y) && x[i] == y[i] {
		i++
	}
	from := max(i-200, 0)
	return "…" + x[from:min(i+200, len(x))] + "\n--- versus ---\n…" + y[from:min(i+200, len(y))]
}
