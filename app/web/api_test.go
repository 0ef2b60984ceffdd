package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/apitokens"
	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/runs"
)

// tokens makes one token per kind of caller the API table names.
func (h *harness) tokens() map[string]string {
	h.t.Helper()
	out := map[string]string{"none": ""}
	for kind, spec := range map[string]struct {
		user  string
		scope apitokens.Scope
	}{"rep": {"rep", apitokens.Read}, "op-read": {"op", apitokens.Read}, "op": {"op", apitokens.ReadWrite}, "admin": {"admin", apitokens.ReadWrite}} {
		u, err := h.app.Accounts.Get(h.userID(spec.user))
		if err != nil {
			h.t.Fatal(err)
		}
		_, secret, err := h.app.Tokens.Create(u, "test "+kind, spec.scope, 30, audit.Actor{Name: spec.user})
		if err != nil {
			h.t.Fatal(err)
		}
		out[kind] = secret
	}
	return out
}

func (h *harness) userID(name string) uint64 {
	u, err := h.app.Accounts.List()
	if err != nil {
		h.t.Fatal(err)
	}
	for _, x := range u {
		if x.Username == name {
			return x.ID
		}
	}
	h.t.Fatalf("no user %s", name)
	return 0
}

// api sends one API request with a bearer token (none when empty).
func (h *harness) api(method, path, token, body string) *http.Response {
	h.t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := h.app.Web.Test(req, -1)
	if err != nil {
		h.t.Fatal(err)
	}
	return resp
}

type apiScenario struct {
	method, pattern string
	url             func(h *harness) string
	body            string
	// Status per caller: no token, a reporter's, an operator's read-only
	// token, an operator's read-write token, an admin's.
	none, rep, opRead, op, admin int
	contains                     string // in the admin's answer
}

var apiScenarios = []apiScenario{
	{"GET", "/api/v1/openapi.json", fixed("/api/v1/openapi.json"), "", 200, 200, 200, 200, 200, `"openapi": "3.0.3"`},
	{"GET", "/api/v1/dashboard", fixed("/api/v1/dashboard"), "", 401, 200, 200, 200, 200, `"review_queue"`},
	{"GET", "/api/v1/customers", fixed("/api/v1/customers?q=acm"), "", 401, 200, 200, 200, 200, `"name":"Acme"`},
	{"GET", "/api/v1/customers/:id", seeded("/api/v1/customers/%d", "customer"), "", 401, 200, 200, 200, 200, `"name":"Acme"`},
	{"GET", "/api/v1/jobs", seeded("/api/v1/jobs?customer=%d", "customer"), "", 401, 200, 200, 200, 200, `"name":"Nightly"`},
	{"GET", "/api/v1/jobs/:id", seeded("/api/v1/jobs/%d", "job"), "", 401, 200, 200, 200, 200, `"match_key"`},
	{"GET", "/api/v1/jobs/silent", fixed("/api/v1/jobs/silent"), "", 401, 200, 200, 200, 200, `"reason":"expected at least every 3 days`},
	{"GET", "/api/v1/jobs/no-success", fixed("/api/v1/jobs/no-success"), "", 401, 200, 200, 200, 200, `"times":2`},
	{"GET", "/api/v1/runs", seeded("/api/v1/runs?job=%d&status=failed", "job"), "", 401, 200, 200, 200, 200, `"message":"run failed"`},
	{"GET", "/api/v1/runs/:id", seeded("/api/v1/runs/%d", "run-failed"), "", 401, 200, 200, 200, 200, `"objects":[{"name":"DC01"`},
	{"POST", "/api/v1/runs/:id/review", seeded("/api/v1/runs/%d/review", "run-warning"), "", 401, 403, 403, 200, 200, `"reviewed":"`},
	{"POST", "/api/v1/runs/:id/unreview", seeded("/api/v1/runs/%d/unreview", "run-warning"), "", 401, 403, 403, 200, 200, `"status":"warning"`},
	{"GET", "/api/v1/remarks", seeded("/api/v1/remarks?job=%d", "job"), "", 401, 200, 200, 200, 200, `"remarks":[`},
	{"POST", "/api/v1/remarks", fixed("/api/v1/remarks"), `{"text":"tape swapped","customer_id":999999}`, 401, 403, 403, 404, 404, "no customer with that ID"},
	{"GET", "/api/v1/overrides", fixed("/api/v1/overrides"), "", 401, 200, 200, 200, 200, `"overrides":[`},
	{"POST", "/api/v1/overrides", fixed("/api/v1/overrides"), `{"software":"Veeam Backup & Replication","type":"Backup Job","statuses":["warning"],"reason":"known tape warning"}`, 401, 403, 403, 201, 201, `"runs_changed":`},
	{"POST", "/api/v1/overrides/:id/expire", fixed("/api/v1/overrides/1/expire"), "", 401, 403, 403, 200, 200, `"reason":"known tape warning"`},
	{"GET", "/api/v1/inbox", fixed("/api/v1/inbox"), "", 401, 200, 200, 200, 200, `"outcome":"parsed"`},
	{"POST", "/api/v1/inbox/:id/approve", seeded("/api/v1/inbox/%d/approve", "mail"), `{}`, 401, 403, 403, 422, 422, "customer_id"},
	{"POST", "/api/v1/inbox/:id/ignore", fixed("/api/v1/inbox/999999/ignore"), "", 401, 403, 403, 404, 404, "no mail with that ID"},
}

// Every API route answers each kind of caller as the table says, errors
// as problem documents; no route is missing from the table.
func TestAPIRoutesByTokenAndRole(t *testing.T) {
	h := newHarness(t)
	toks := h.tokens()
	covered := map[string]bool{}
	for _, sc := range apiScenarios {
		covered[sc.method+" "+sc.pattern] = true
	}
	for _, r := range h.app.Web.GetRoutes(true) {
		if strings.HasPrefix(r.Path, "/api/") && r.Method != http.MethodHead && !covered[r.Method+" "+r.Path] {
			t.Errorf("API route %s %s has no scenario in TestAPIRoutesByTokenAndRole", r.Method, r.Path)
		}
	}
	for _, sc := range apiScenarios {
		for _, who := range []string{"none", "rep", "op-read", "op", "admin"} {
			want := map[string]int{"none": sc.none, "rep": sc.rep, "op-read": sc.opRead, "op": sc.op, "admin": sc.admin}[who]
			t.Run(fmt.Sprintf("%s %s as %s", sc.method, sc.pattern, who), func(t *testing.T) {
				res := h.api(sc.method, sc.url(h), toks[who], sc.body)
				body := bodyOf(res)
				if res.StatusCode != want {
					t.Fatalf("status %d, want %d: %s", res.StatusCode, want, body)
				}
				if want >= 400 {
					var p struct {
						Status int    `json:"status"`
						Detail string `json:"detail"`
					}
					if ct := res.Header.Get("Content-Type"); ct != "application/problem+json" || json.Unmarshal([]byte(body), &p) != nil || p.Status != want || p.Detail == "" {
						t.Errorf("not a problem document (%s): %s", ct, body)
					}
				}
				if who == "admin" && sc.contains != "" && !strings.Contains(body, sc.contains) {
					t.Errorf("the answer lacks %q: %s", sc.contains, body)
				}
			})
		}
	}
}

// The OpenAPI document names exactly the routes the API serves.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	h := newHarness(t)
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal([]byte(bodyOf(h.api("GET", "/api/v1/openapi.json", "", ""))), &doc); err != nil {
		t.Fatal(err)
	}
	param := regexp.MustCompile(`\{(\w+)\}`)
	var documented, served []string
	for path, ops := range doc.Paths {
		for method := range ops {
			documented = append(documented, strings.ToUpper(method)+" "+param.ReplaceAllString(path, ":$1"))
		}
	}
	for _, r := range h.app.Web.GetRoutes(true) {
		if strings.HasPrefix(r.Path, "/api/") && r.Method != http.MethodHead {
			served = append(served, r.Method+" "+r.Path)
		}
	}
	slices.Sort(documented)
	slices.Sort(served)
	if !slices.Equal(documented, served) {
		t.Errorf("openapi.json and the routes differ:\ndocumented %v\nserved     %v", documented, served)
	}
	page := bodyOf(h.login("rep").get("/api"))
	if !strings.Contains(page, "/api/v1/runs/{id}/review") || !strings.Contains(page, "A business day (YYYY-MM-DD)") {
		t.Errorf("the API page does not list the endpoints:\n%s", page)
	}
}

// A signed-in browser's cookie does not reach the API; a token's writes
// are audited with its name; a token past its rate gets 429 with
// Retry-After; a runs list pages through every run once.
func TestAPITokenBehaviour(t *testing.T) {
	h := newHarness(t)
	toks := h.tokens()
	admin := h.login("admin")
	req := httptest.NewRequest("POST", fmt.Sprintf("/api/v1/runs/%d/review", h.ids["run-failed"]), nil)
	req.Header.Set("X-CSRF-Token", admin.csrf)
	if res := admin.do(req); res.StatusCode != 401 {
		t.Fatalf("a session cookie on an API write: %d", res.StatusCode)
	}

	if res := h.api("POST", fmt.Sprintf("/api/v1/runs/%d/review", h.ids["run-failed"]), toks["op"], ""); res.StatusCode != 200 {
		t.Fatalf("review through a token: %d %s", res.StatusCode, bodyOf(res))
	}
	page, err := h.app.Store.List(audit.Filter{Action: audit.RunReview, Limit: 5})
	if err != nil || len(page.Events) == 0 || page.Events[0].Actor != "op" || page.Events[0].Via != "test op" {
		t.Fatalf("audit of a token's write: %+v %v", page.Events, err)
	}
	if body := bodyOf(admin.get("/settings/audit")); !strings.Contains(body, "via API token “test op”") {
		t.Error("the audit log page does not show the token")
	}

	for i := range 5 {
		if _, _, err := h.app.Runs.Record(runs.NewRun{JobID: h.ids["job"], Source: runs.FromEmail, ExternalID: fmt.Sprintf("<page-%d@acme.test>", i),
			Time: time.Now().AddDate(0, 0, -i), Status: runs.Failed, Message: "paged"}); err != nil {
			t.Fatal(err)
		}
	}
	seen := map[uint64]bool{}
	for _, path := range []string{fmt.Sprintf("/api/v1/runs?job=%d&limit=2", h.ids["job"]), "/api/v1/runs?waiting=true&limit=2"} {
		clear(seen)
		want := 8
		if strings.Contains(path, "waiting") {
			want = 6 // the reviewed failure and the success are not waiting
		}
		next := ""
		for pages := 0; ; pages++ {
			url := path
			if next != "" {
				url += "&cursor=" + next
			}
			var p struct {
				Runs []runs.Run `json:"runs"`
				Next string     `json:"next"`
			}
			if err := json.Unmarshal([]byte(bodyOf(h.api("GET", url, toks["rep"], ""))), &p); err != nil {
				t.Fatal(err)
			}
			for _, r := range p.Runs {
				if seen[r.ID] {
					t.Fatalf("%s: run %d on two pages", path, r.ID)
				}
				seen[r.ID] = true
			}
			if next = p.Next; next == "" || pages > 10 {
				break
			}
		}
		if len(seen) != want {
			t.Errorf("%s paged through %d runs, want %d", path, len(seen), want)
		}
	}

	day := bodyOf(h.api("GET", "/api/v1/runs?day=2026-03-03&status=failed", toks["rep"], ""))
	if !strings.Contains(day, fmt.Sprintf(`"id":%d,`, h.ids["run-failed"])) || strings.Contains(day, `"status":"warning"`) || strings.Contains(day, "paged") {
		t.Errorf("the failed runs of 3 March: %s", day)
	}
	for url, want := range map[string]int{"/api/v1/runs": 400, "/api/v1/runs?day=3-3-2026": 422, "/api/v1/runs?waiting=true&status=ok": 400,
		"/api/v1/runs?waiting=true&cursor=bogus": 400, "/api/v1/runs?job=1&limit=9999": 422} {
		if res := h.api("GET", url, toks["rep"], ""); res.StatusCode != want {
			t.Errorf("%s: %d, want %d", url, res.StatusCode, want)
		}
	}

	limited := 0
	for i := 0; i < 200 && limited == 0; i++ {
		res := h.api("GET", "/api/v1/customers", toks["admin"], "")
		if res.StatusCode == http.StatusTooManyRequests {
			limited = i
			if res.Header.Get("Retry-After") == "" || !strings.Contains(bodyOf(res), "Too many requests") {
				t.Errorf("429 without Retry-After or problem: %v", res.Header)
			}
		}
	}
	if limited < 60 {
		t.Errorf("429 after %d requests, want the burst of 60 first", limited)
	}
	if res := h.api("GET", "/api/v1/customers", toks["rep"], ""); res.StatusCode != 200 {
		t.Errorf("another token is limited too: %d", res.StatusCode)
	}
}

// A token is created in the UI, shown once, and stops working when revoked;
// a reporter cannot make a read-write one; an operator cannot revoke others'.
func TestTokensPage(t *testing.T) {
	h := newHarness(t)
	op := h.login("op")
	op.get("/account/tokens")
	res := op.post("/account/tokens", map[string][]string{"name": {"Grafana"}, "scope": {"read"}, "days": {"30"}})
	body := bodyOf(res)
	m := regexp.MustCompile(`data-testid="token-secret-value">(bct_[^<]+)<`).FindStringSubmatch(body)
	if res.StatusCode != 200 || m == nil || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("create: %d\n%s", res.StatusCode, body)
	}
	secret := m[1]
	if strings.Contains(bodyOf(op.get("/account/tokens")), secret) {
		t.Fatal("the secret is shown again")
	}
	if res := h.api("GET", "/api/v1/customers", secret, ""); res.StatusCode != 200 {
		t.Fatalf("the new token: %d", res.StatusCode)
	}
	if res := h.api("POST", fmt.Sprintf("/api/v1/runs/%d/review", h.ids["run-failed"]), secret, ""); res.StatusCode != 403 || !strings.Contains(bodyOf(res), "read-only") {
		t.Errorf("a read-only token writing: %d", res.StatusCode)
	}
	rep := h.login("rep")
	rep.get("/account/tokens")
	if res := rep.post("/account/tokens", map[string][]string{"name": {"x"}, "scope": {"read-write"}, "days": {"30"}}); res.StatusCode != 422 {
		t.Errorf("a reporter's read-write token: %d", res.StatusCode)
	}
	page := bodyOf(op.get("/account/tokens"))
	id := regexp.MustCompile(`/account/tokens/(\d+)/revoke`).FindStringSubmatch(page)
	if id == nil || strings.Contains(page, "Every user's tokens") {
		t.Fatalf("the operator's page:\n%s", page)
	}
	if res := rep.post("/account/tokens/"+id[1]+"/revoke", nil); res.StatusCode != 403 {
		t.Errorf("a reporter revoking the operator's token: %d", res.StatusCode)
	}
	admin := h.login("admin")
	if page := bodyOf(admin.get("/account/tokens")); !strings.Contains(page, "Every user's tokens") || !strings.Contains(page, "Grafana") {
		t.Errorf("the admin does not see every token:\n%s", page)
	}
	if res := admin.post("/account/tokens/"+id[1]+"/revoke", nil); res.StatusCode != 303 {
		t.Fatalf("revoke: %d", res.StatusCode)
	}
	if res := h.api("GET", "/api/v1/customers", secret, ""); res.StatusCode != 401 || !strings.Contains(bodyOf(res), "revoked") {
		t.Errorf("a revoked token: %d", res.StatusCode)
	}
}
