package web_test

import (
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
)

var routeLine = regexp.MustCompile(`r\.(get|post)\("(/[^"]*:id[^"]*)"`)

// Every UI route with an :id, asked about an ID that does not exist,
// answers 404 with a sentence, never 500. The routes are read from
// routes.go, so a new one is covered without editing this test.
func TestUnknownIDsAnswerNotFound(t *testing.T) {
	src, err := readRoutes()
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t)
	admin := h.login("admin")
	n := 0
	for _, m := range routeLine.FindAllStringSubmatch(src, -1) {
		method, path := strings.ToUpper(m[1]), strings.ReplaceAll(m[2], ":id", "999999")
		n++
		admin.get("/")
		var resp *http.Response
		if method == "GET" {
			resp = admin.get(path)
		} else {
			resp = admin.post(path, nil)
		}
		body := bodyOf(resp)
		if resp.StatusCode >= 500 {
			t.Errorf("%s %s: %d", method, path, resp.StatusCode)
		} else if formFirst[path] && resp.StatusCode != 404 {
			continue // the empty form was refused before the ID was looked up
		} else if resp.StatusCode != 404 {
			t.Errorf("%s %s: %d, want 404", method, path, resp.StatusCode)
		} else if !strings.Contains(body, "Not found") && !strings.Contains(body, "Page not found") {
			t.Errorf("%s %s: 404 without a sentence", method, path)
		}
	}
	if n < 40 {
		t.Fatalf("only %d routes with an ID found in routes.go", n)
	}
}

// formFirst are forms that refuse an empty submission with a message on
// the page (303, 400 or 422) before they look the ID up; with a filled
// form an unknown ID answers 404 or a sentence there too.
var formFirst = map[string]bool{
	"/cove/999999/approve": true, "/customers/999999/rename": true, "/jobs/999999/rename": true,
	"/jobs/999999/move": true, "/jobs/999999/schedule": true, "/jobs/999999/silence": true,
	"/jobs/999999/merge": true, "/settings/parsers/rules/999999": true,
	"/settings/users/999999/role": true, "/settings/users/999999/password": true,
}

func readRoutes() (string, error) {
	b, err := os.ReadFile("routes.go")
	return string(b), err
}
