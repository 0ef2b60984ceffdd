package demo_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/appliance"
	"github.com/backupchecks/backupchecks/app/demo"
	"github.com/backupchecks/backupchecks/storage"
)

func init() { accounts.UseFastHashesForTests() }

// smallPlan is the demo at a size a test builds in seconds: every kind of
// thing the full demo has, fewer of each.
func smallPlan(seed uint64, baseURL string, now time.Time) demo.Plan {
	return demo.Plan{Seed: seed, Size: demo.Size{Customers: 6, Days: 21, MailDays: 7}, CoveDevices: 20, CoveApproved: 1,
		AutotaskMapped: 3, AutotaskTickets: 2, BaseURL: baseURL, Password: "demo password for tests", Now: now}
}

// serveDemo builds the plan's demo in a temporary directory, as
// `backupchecks demo` does, and serves it; it returns the base URL.
func serveDemo(t *testing.T, seed uint64, now time.Time) (*appliance.Appliance, string) {
	t.Helper()
	st, err := storage.Open(storage.Options{Dir: filepath.Join(t.TempDir(), "demo-data")})
	if err != nil {
		t.Fatal(err)
	}
	a, err := appliance.New(st, appliance.Options{Version: "crawl-test"})
	if err != nil {
		st.Close()
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	built, err := demo.Build(a, smallPlan(seed, base, now))
	t.Cleanup(built.Close)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = a.Web.Listener(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := a.Shutdown(ctx); err != nil {
			t.Error(err)
		}
	})
	return a, base
}

// signIn signs the demo admin in through the login form.
func signIn(t *testing.T, base string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	res, err := c.Get(base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindSubmatch(body)
	if m == nil {
		t.Fatalf("no CSRF field on the login page:\n%s", body)
	}
	res, err = c.PostForm(base+"/login", url.Values{"_csrf": {string(m[1])}, "username": {demo.Admin}, "password": {"demo password for tests"}, "next": {"/"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Request.URL.Path == "/login" {
		t.Fatal("the demo admin could not sign in")
	}
	return c
}

// crawlLimit bounds the crawl; perPattern keeps it broad: of the URLs
// that differ only in ids and query values, a few are enough.
const (
	crawlLimit = 600
	perPattern = 6
)

var digits = regexp.MustCompile(`\d+`)

// pattern is a URL with its numbers and query values blanked.
func pattern(u *url.URL) string {
	keys := make([]string, 0, len(u.Query()))
	for k := range u.Query() {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return digits.ReplaceAllString(u.Path, "N") + "?" + strings.Join(keys, "&")
}

type visit struct {
	url, from string
	htmx      bool // found in hx-get: requested as htmx does
}

// A newcomer's click through the whole demo as admin: every same-origin
// link, hx-get, stylesheet, script, image and frame of every page reached
// answers, none with 404 or a server error. Links that leave the appliance
// for the demo's fake Autotask (Open ticket) must answer too.
func TestCrawlDemoAsAdmin(t *testing.T) {
	_, base := serveDemo(t, demo.DefaultSeed, time.Now())
	c := signIn(t, base)
	origin, _ := url.Parse(base)
	seen := map[string]bool{}
	perPat := map[string]int{}
	queue := []visit{{url: base + "/", from: "(start)"}}
	var broken []string
	fetched := 0
	for len(queue) > 0 && fetched < crawlLimit {
		v := queue[0]
		queue = queue[1:]
		req, _ := http.NewRequest(http.MethodGet, v.url, nil)
		if v.htmx {
			req.Header.Set("HX-Request", "true")
		}
		res, err := c.Do(req)
		if err != nil {
			broken = append(broken, fmt.Sprintf("%s (from %s): %v", v.url, v.from, err))
			continue
		}
		fetched++
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode == 404 || res.StatusCode >= 500 {
			broken = append(broken, fmt.Sprintf("%d %s (from %s)", res.StatusCode, v.url, v.from))
			continue
		}
		if res.Request.URL.Host != origin.Host || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			continue // another site (the fake Autotask), or not a page
		}
		if res.Request.URL.Path == "/login" {
			t.Fatalf("%s (from %s) signed the admin out", v.url, v.from)
		}
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(string(body)))
		if err != nil {
			t.Fatalf("%s: %v", v.url, err)
		}
		add := func(ref string, htmx bool) {
			u, err := res.Request.URL.Parse(strings.TrimSpace(ref))
			if err != nil || ref == "" || strings.HasPrefix(ref, "#") || (u.Scheme != "http" && u.Scheme != "https") {
				return
			}
			u.Fragment = ""
			local := u.Host == origin.Host
			if local && (u.Path == "/logout" || strings.HasPrefix(u.Path, "/api/") && u.Path != "/api/v1/openapi.json") {
				return // signs out; the API wants a token, not a session
			}
			if !local && !strings.HasPrefix(u.Host, "127.0.0.1:") {
				return // the internet: nothing of the demo's
			}
			key := u.String()
			if htmx {
				key += " (htmx)"
			}
			if seen[key] {
				return
			}
			seen[key] = true
			p := pattern(u)
			if htmx {
				p += " (htmx)"
			}
			if perPat[p] >= perPattern {
				return
			} else {
				perPat[p]++
			}
			queue = append(queue, visit{url: u.String(), from: v.url, htmx: htmx})
		}
		doc.Find("a[href]").Each(func(_ int, s *goquery.Selection) { add(s.AttrOr("href", ""), false) })
		doc.Find("link[href], script[src], img[src], iframe[src]").Each(func(_ int, s *goquery.Selection) {
			add(s.AttrOr("href", s.AttrOr("src", "")), false)
		})
		doc.Find("[hx-get]").Each(func(_ int, s *goquery.Selection) { add(s.AttrOr("hx-get", ""), true) })
		doc.Find("form").Each(func(_ int, s *goquery.Selection) {
			if strings.EqualFold(s.AttrOr("method", "get"), "get") && s.AttrOr("hx-post", "") == "" {
				add(s.AttrOr("action", v.url), false)
			}
		})
	}
	t.Logf("crawled %d URLs, %d patterns", fetched, len(perPat))
	if testing.Verbose() {
		for p := range perPat {
			t.Log(p)
		}
	}
	if fetched < 60 {
		t.Errorf("the crawl reached only %d URLs: the demo's pages link less than they should, or the crawler lost its way", fetched)
	}
	// What the demo must show a newcomer, each reached by a link.
	for _, want := range []string{"/review?", "/runs/N? (htmx)", "/runs/N/mail?", "/runs/N/ticket/open?", "/inbox/N?", "/inbox/N/body?",
		"/web/aeN/Autotask/AutotaskExtend/ExecuteCommand.aspx?Code&TicketID", "/cove?", "/customers/autotask?"} {
		if perPat[want] == 0 {
			t.Errorf("the crawl never reached %s", want)
		}
	}
	if len(broken) > 0 {
		t.Errorf("%d links of the demo are broken:\n%s", len(broken), strings.Join(broken, "\n"))
	}
}
