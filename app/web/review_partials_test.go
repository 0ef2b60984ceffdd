package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// Every link and hx-get reachable from Run Checks' rows and its run panel,
// requested as htmx would (boosted links with the target they inherit),
// answers either a partial without the layout or a whole page that htmx is
// told to swap into the body (HX-Retarget: body). A page answered into
// #queue or #panel is the "page inside a page" of issue 24.
func TestRunChecksLinksNeverAnswerAPageIntoAPart(t *testing.T) {
	h := newHarness(t)
	c := h.login("op")
	page, err := goquery.NewDocumentFromReader(c.get("/review").Body)
	if err != nil {
		t.Fatal(err)
	}
	rows := page.Find("#queue tr.qrow, #queue .job-head, #queue .group-head")
	if rows.Length() == 0 {
		t.Fatal("the queue shows no rows")
	}
	checked := follow(t, c, rows)

	// The run panel, loaded as the Details button loads it, and what it links to.
	id := h.ids["run-failed"]
	resp, body := hxGet(c, fmt.Sprintf("/runs/%d", id), "panel", false)
	if resp.Header.Get("HX-Retarget") != "" || hasLayout(body) {
		t.Fatalf("the run panel answered a page: %s", body)
	}
	panel, err := goquery.NewDocumentFromReader(strings.NewReader(`<div id="panel">` + body + `</div>`))
	if err != nil {
		t.Fatal(err)
	}
	checked += follow(t, c, panel.Find("#panel"))
	if checked < 6 {
		t.Fatalf("followed only %d links; the test lost its way", checked)
	}
}

// follow requests every link and hx-get inside sel the way htmx would and
// fails on a page answered into a part; it returns how many it followed.
func follow(t *testing.T, c *client, sel *goquery.Selection) int {
	t.Helper()
	n := 0
	sel.Find("a[href], [hx-get]").Each(func(_ int, el *goquery.Selection) {
		url, isGet := el.Attr("hx-get")
		boosted := false
		if !isGet {
			url, _ = el.Attr("href")
			if tgt, _ := el.Attr("target"); tgt == "_blank" || !strings.HasPrefix(url, "/") {
				return // a new tab or another site: a plain navigation
			}
			boosted = true // the body has hx-boost="true"
		}
		target := inheritedTarget(el)
		resp, body := hxGet(c, url, target, boosted)
		n++
		if resp.StatusCode >= 500 {
			t.Errorf("%s (target %q): status %d", url, target, resp.StatusCode)
		}
		if target != "" && hasLayout(body) && resp.Header.Get("HX-Retarget") != "body" {
			t.Errorf("%s, requested into #%s, answers a whole page (nav bar and all) without HX-Retarget: body", url, target)
		}
	})
	return n
}

// inheritedTarget is the id of the element htmx would swap into: the
// nearest hx-target on the element or its ancestors, else the body.
func inheritedTarget(el *goquery.Selection) string {
	for s := el; s.Length() > 0; s = s.Parent() {
		if v, ok := s.Attr("hx-target"); ok {
			if strings.HasPrefix(v, "#") {
				return v[1:]
			}
			return v // "closest tr" and the like: the row
		}
	}
	return ""
}

func hxGet(c *client, url, target string, boosted bool) (*http.Response, string) {
	req := httptest.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("HX-Request", "true")
	req.Header.Set("HX-Current-URL", "http://example.test/review")
	if target != "" {
		req.Header.Set("HX-Target", target)
	}
	if boosted {
		req.Header.Set("HX-Boosted", "true")
	}
	resp := c.do(req)
	return resp, bodyOf(resp)
}

// hasLayout reports whether an answer holds the page layout.
func hasLayout(body string) bool {
	return strings.Contains(body, "<html") || strings.Contains(body, `data-testid="nav"`)
}
