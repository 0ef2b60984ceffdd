package web_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

// withEncoding is GET path asking for the given Accept-Encoding ("" asks
// for none).
func (c *client) withEncoding(path, enc string) *http.Response {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if enc != "" {
		req.Header.Set("Accept-Encoding", enc)
	}
	return c.do(req)
}

func decode(t *testing.T, enc string, body []byte) []byte {
	t.Helper()
	var r io.Reader
	switch enc {
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("not gzip: %v", err)
		}
		r = zr
	case "br":
		r = brotli.NewReader(bytes.NewReader(body))
	default:
		return body
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("decode %s: %v", enc, err)
	}
	return out
}

// Pages, styles, scripts and JSON come compressed with what the browser
// accepts and decode to exactly what an uncompressed request gets; without
// Accept-Encoding nothing is compressed, and a backup download (a stream
// of bytes) never is.
func TestResponsesAreCompressedWhenAccepted(t *testing.T) {
	h := newHarness(t)
	c := h.login("admin")
	page := bodyOf(c.get("/review"))
	css := regexp.MustCompile(`/assets/[0-9a-f]+/css/app\.css`).FindString(page)
	js := regexp.MustCompile(`/assets/[0-9a-f]+/vendor/htmx/htmx\.min\.js`).FindString(page)
	if css == "" || js == "" {
		t.Fatalf("the page links no app.css or htmx.min.js:\n%s", page)
	}
	for _, path := range []string{"/review", "/jobs", css, js, "/api/v1/openapi.json", "/reports/export.csv?table=jobs&period=month&month=2026-03"} {
		plain := c.withEncoding(path, "")
		want := []byte(bodyOf(plain))
		if plain.StatusCode != 200 || plain.Header.Get("Content-Encoding") != "" {
			t.Fatalf("%s without Accept-Encoding: HTTP %d, Content-Encoding %q", path, plain.StatusCode, plain.Header.Get("Content-Encoding"))
		}
		for _, enc := range []string{"gzip", "br"} {
			r := c.withEncoding(path, enc)
			got := []byte(bodyOf(r))
			if r.StatusCode != 200 || r.Header.Get("Content-Encoding") != enc {
				t.Fatalf("%s with Accept-Encoding %s: HTTP %d, Content-Encoding %q", path, enc, r.StatusCode, r.Header.Get("Content-Encoding"))
			}
			if !strings.Contains(r.Header.Get("Vary"), "Accept-Encoding") {
				t.Errorf("%s: Vary %q lacks Accept-Encoding", path, r.Header.Get("Vary"))
			}
			if len(got) >= len(want) {
				t.Errorf("%s %s: %d bytes compressed, %d plain", path, enc, len(got), len(want))
			}
			// Pages carry a fresh CSRF token each time: compare without it.
			if strip(decode(t, enc, got)) != strip(want) {
				t.Errorf("%s %s decodes to something else than the plain response", path, enc)
			}
		}
	}
	if r := c.withEncoding("/review", "gzip, deflate, br"); r.Header.Get("Content-Encoding") != "br" {
		t.Errorf("a browser accepting both got %q, want br", r.Header.Get("Content-Encoding"))
	}
	form := url.Values{"passphrase": {"long enough"}, "confirm": {"long enough"}, "_csrf": {c.csrf}}
	req := httptest.NewRequest(http.MethodPost, "/settings/maintenance/backup", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept-Encoding", "gzip, br")
	r := c.do(req)
	if r.Header.Get("Content-Encoding") != "" || !strings.HasPrefix(bodyOf(r), "BCBACKUP") {
		t.Errorf("backup download: Content-Encoding %q, body starts %.8q", r.Header.Get("Content-Encoding"), bodyOf(r))
	}
}

var tokens = regexp.MustCompile(`[A-Za-z0-9_-]{40,}`)

func strip(b []byte) string { return tokens.ReplaceAllString(string(b), "TOKEN") }
