package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/assets"
)

// scenario is one route and the status each kind of visitor gets.
type scenario struct {
	method, pattern      string // pattern as registered, to prove every route is covered
	url                  func(h *harness) string
	form                 url.Values
	anon, rep, op, admin int
	contains             string // expected in the admin's response body, when set
}

func fixed(u string) func(*harness) string { return func(*harness) string { return u } }

func seeded(format, id string) func(*harness) string {
	return func(h *harness) string { return fmt.Sprintf(format, h.ids[id]) }
}

func victim(action string) func(*harness) string {
	return func(h *harness) string { return fmt.Sprintf("/settings/users/%d/%s", h.ids["victim"], action) }
}

var scenarios = []scenario{
	{"GET", "/healthz", fixed("/healthz"), nil, 200, 200, 200, 200, `"database":"ok"`},
	{"GET", "/metrics", fixed("/metrics"), nil, 303, 403, 403, 200, "backupchecks_http_request_duration_seconds"},
	{"GET", "/assets/*", fixed(assets.URL("css/app.css")), nil, 200, 200, 200, 200, ".badge"},
	{"GET", "/setup", fixed("/setup"), nil, 404, 404, 404, 404, ""},
	{"POST", "/setup", fixed("/setup"), url.Values{"username": {"x"}}, 404, 404, 404, 404, ""},
	{"GET", "/login", fixed("/login"), nil, 200, 303, 303, 303, ""},
	{"POST", "/login", fixed("/login"), url.Values{"username": {"nobody"}, "password": {"wrong"}}, 401, 401, 401, 401, "Wrong username or password"},
	{"POST", "/logout", fixed("/logout"), nil, 401, 303, 303, 303, ""},
	{"GET", "/", fixed("/"), nil, 303, 200, 200, 200, "System health"},
	{"GET", "/account", fixed("/account"), nil, 303, 200, 200, 200, "Change password"},
	{"POST", "/account/password", fixed("/account/password"), url.Values{"current": {"wrong"}}, 401, 422, 422, 422, "at least 10 characters"},
	{"POST", "/account/theme", fixed("/account/theme"), url.Values{"theme": {"dark"}}, 401, 303, 303, 303, ""},
	{"GET", "/daily", fixed("/daily?day=2026-03-03"), nil, 303, 200, 200, 200, "unscheduled run"},
	{"GET", "/daily/group", fixed("/daily/group?day=2026-03-03&customer=1"), nil, 303, 303, 303, 303, ""}, // htmx only; a visit goes to the page
	{"GET", "/review", fixed("/review"), nil, 303, 200, 200, 200, "run failed"},
	{"GET", "/review/queue", fixed("/review/queue?status=failed"), nil, 303, 303, 303, 303, ""}, // the poll is htmx; a visit goes to the page
	{"POST", "/review/successes", fixed("/review/successes"), nil, 401, 403, 303, 303, ""},
	{"POST", "/review/recovered", fixed("/review/recovered"), url.Values{"expect": {"0"}}, 401, 403, 303, 303, ""},
	{"GET", "/runs/:id", seeded("/runs/%d", "run-failed"), nil, 303, 200, 200, 200, "DC01"},
	{"GET", "/runs/:id/mail", seeded("/runs/%d/mail", "run-failed"), nil, 303, 404, 404, 404, "did not come from a stored mail"},
	{"POST", "/runs/review", fixed("/runs/review"), nil, 401, 403, 303, 303, ""},
	{"POST", "/runs/:id/review", seeded("/runs/%d/review", "run-warning"), nil, 401, 403, 303, 303, ""},
	{"POST", "/runs/:id/unreview", seeded("/runs/%d/unreview", "run-warning"), nil, 401, 403, 303, 303, ""},
	{"POST", "/jobs/:id/review-all", seeded("/jobs/%d/review-all", "job"), nil, 401, 403, 303, 303, ""},
	// Autotask is off in the harness: ticket actions answer with a sentence on the run's page and call nothing.
	{"GET", "/runs/:id/ticket", seeded("/runs/%d/ticket", "run-failed"), nil, 303, 303, 303, 303, ""},
	{"POST", "/runs/:id/ticket", seeded("/runs/%d/ticket", "run-failed"), nil, 401, 403, 303, 303, ""},
	{"GET", "/runs/:id/ticket/open", seeded("/runs/%d/ticket/open", "run-failed"), nil, 303, 403, 303, 303, ""},
	{"POST", "/runs/:id/ticket/resolve", seeded("/runs/%d/ticket/resolve", "run-failed"), nil, 401, 403, 303, 303, ""},
	{"POST", "/runs/:id/ticket/preview", seeded("/runs/%d/ticket/preview", "run-failed"), url.Values{"number": {"T20260101.0001"}}, 401, 403, 303, 303, ""},
	{"POST", "/runs/:id/ticket/link", seeded("/runs/%d/ticket/link", "run-failed"), url.Values{"number": {"T20260101.0001"}}, 401, 403, 303, 303, ""},
	{"GET", "/reports", fixed("/reports?period=month&month=2026-03"), nil, 303, 200, 200, 200, "Nightly"},
	{"GET", "/reports/print", seeded("/reports/print?period=month&month=2026-03&customer=%d", "customer"), nil, 303, 200, 200, 200, "run failed"},
	{"GET", "/reports/export.csv", fixed("/reports/export.csv?table=jobs&period=month&month=2026-03"), nil, 303, 200, 200, 200, "Acme,Nightly"},
	{"GET", "/reports/export.pdf", seeded("/reports/export.pdf?period=month&month=2026-03&customer=%d", "customer"), nil, 303, 200, 200, 200, "%PDF-"},
	{"GET", "/overrides", fixed("/overrides"), nil, 303, 200, 200, 200, "No overrides yet"},
	{"GET", "/overrides/new", seeded("/overrides/new?run=%d", "run-warning"), nil, 303, 403, 200, 200, "this job: Nightly"},
	{"POST", "/overrides", fixed("/overrides"), url.Values{"scope": {"kind"}}, 401, 403, 422, 422, "Choose a job, or a software and type"},
	{"GET", "/overrides/:id", fixed("/overrides/999"), nil, 303, 403, 404, 404, ""},
	{"POST", "/overrides/:id", fixed("/overrides/999"), url.Values{"scope": {"kind"}, "software": {"x"}, "type": {"y"}, "status": {"warning"}, "reason": {"r"}}, 401, 403, 404, 404, ""},
	{"POST", "/overrides/:id/expire", fixed("/overrides/999/expire"), nil, 401, 403, 404, 404, ""},
	{"GET", "/remarks", fixed("/remarks"), nil, 303, 200, 200, 200, "No remarks or tickets yet"},
	{"POST", "/remarks", fixed("/remarks"), url.Values{"scope": {"job"}, "job": {"999"}, "kind": {"remark"}, "text": {"x"}}, 401, 403, 404, 404, "no longer exists"},
	{"POST", "/remarks/:id/resolve", fixed("/remarks/999/resolve"), nil, 401, 403, 404, 404, ""},
	{"POST", "/remarks/:id/reopen", fixed("/remarks/999/reopen"), nil, 401, 403, 404, 404, ""},
	{"GET", "/inbox", fixed("/inbox"), nil, 303, 200, 200, 200, "Praxis Server"},
	{"GET", "/inbox/:id", seeded("/inbox/%d", "mail"), nil, 303, 200, 200, 200, "LAB-PC"},
	{"GET", "/inbox/:id/body", seeded("/inbox/%d/body", "mail"), nil, 303, 200, 200, 200, "Praxis Server"},
	{"GET", "/inbox/:id/eml", seeded("/inbox/%d/eml", "mail"), nil, 303, 200, 200, 200, "Message-ID"},
	{"POST", "/inbox/:id/approve", seeded("/inbox/%d/approve", "mail"), url.Values{}, 401, 403, 303, 303, ""},
	{"POST", "/inbox/:id/reparse", seeded("/inbox/%d/reparse", "mail"), nil, 401, 403, 303, 303, ""},
	{"POST", "/inbox/reparse", fixed("/inbox/reparse"), nil, 401, 403, 303, 303, ""},
	{"POST", "/inbox/:id/delete", fixed("/inbox/999/delete"), nil, 401, 403, 403, 404, ""},
	{"POST", "/inbox/:id/ignore", fixed("/inbox/999/ignore"), nil, 401, 403, 404, 404, ""},
	{"POST", "/inbox/:id/unignore", fixed("/inbox/999/unignore"), nil, 401, 403, 404, 404, ""},
	{"GET", "/cove", fixed("/cove"), nil, 303, 200, 200, 200, "acme-fs01"},
	{"POST", "/cove/approve-customer", fixed("/cove/approve-customer"), url.Values{"cove_customer": {"Gamma"}, "new_customer": {"Gamma"}}, 401, 403, 303, 303, ""},
	{"POST", "/cove/:id/approve", seeded("/cove/%d/approve", "cove"), url.Values{"new_customer": {"Acme"}}, 401, 403, 303, 303, ""},
	{"POST", "/cove/:id/ignore", seeded("/cove/%d/ignore", "cove-other"), nil, 401, 403, 303, 303, ""},
	{"POST", "/cove/:id/unignore", seeded("/cove/%d/unignore", "cove-other"), nil, 401, 403, 303, 303, ""},
	{"GET", "/customers", fixed("/customers?q=acm"), nil, 303, 200, 200, 200, "Acme"},
	{"POST", "/customers", fixed("/customers"), url.Values{"name": {"  "}}, 401, 403, 422, 422, "Enter the customer"},
	{"POST", "/customers/:id/rename", seeded("/customers/%d/rename", "customer"), url.Values{"name": {"Acme"}}, 401, 403, 303, 303, ""},
	{"POST", "/customers/:id/active", seeded("/customers/%d/active", "customer"), url.Values{"active": {"true"}}, 401, 403, 303, 303, ""},
	{"GET", "/customers/autotask", fixed("/customers/autotask"), nil, 303, 403, 200, 200, "integration is off"},
	{"POST", "/customers/autotask", fixed("/customers/autotask"), url.Values{"company-1": {"174"}}, 401, 403, 303, 303, ""},
	{"POST", "/autotask/sync", fixed("/autotask/sync"), nil, 401, 403, 303, 303, ""},
	{"GET", "/customers/:id/autotask", seeded("/customers/%d/autotask", "customer"), nil, 303, 200, 200, 200, "is not mapped to an Autotask company"},
	{"GET", "/customers/:id/autotask/search", seeded("/customers/%d/autotask/search?q=acme", "customer"), nil, 303, 403, 303, 303, ""}, // htmx; a visit goes to the page
	{"POST", "/customers/:id/autotask", seeded("/customers/%d/autotask", "customer"), url.Values{"company": {"174"}}, 401, 403, 303, 303, ""},
	{"POST", "/customers/:id/autotask/unmap", seeded("/customers/%d/autotask/unmap", "customer"), nil, 401, 403, 303, 303, ""},
	{"POST", "/customers/:id/autotask/automatic", seeded("/customers/%d/autotask/automatic", "customer"), url.Values{"mode": {"off"}}, 401, 403, 403, 303, ""},
	{"POST", "/jobs/:id/autotask/automatic", seeded("/jobs/%d/autotask/automatic", "job"), url.Values{"mode": {"customer"}}, 401, 403, 403, 303, ""},
	{"GET", "/jobs", fixed("/jobs?q=night"), nil, 303, 200, 200, 200, "Nightly"},
	{"GET", "/jobs/:id", seeded("/jobs/%d", "job"), nil, 303, 200, 200, 200, "run warning"},
	{"GET", "/jobs/:id/runs", seeded("/jobs/%d/runs", "job"), nil, 303, 200, 200, 200, "DC01"},
	{"POST", "/jobs/:id/rename", seeded("/jobs/%d/rename", "job"), url.Values{"name": {"Nightly"}}, 401, 403, 303, 303, ""},
	{"POST", "/jobs/:id/move", seeded("/jobs/%d/move", "job"), nil, 401, 403, 303, 303, ""},
	{"POST", "/jobs/:id/schedule", seeded("/jobs/%d/schedule", "job"), url.Values{"reset": {"true"}}, 401, 403, 303, 303, ""},
	{"POST", "/jobs/:id/silence", seeded("/jobs/%d/silence", "job"), url.Values{"mode": {"inferred"}}, 401, 403, 303, 303, ""},
	{"POST", "/jobs/:id/merge", seeded("/jobs/%d/merge", "job"), url.Values{"into": {"0"}}, 401, 403, 303, 303, ""},
	{"POST", "/jobs/:id/delete", fixed("/jobs/999/delete"), nil, 401, 403, 403, 404, ""},
	{"POST", "/jobs/:id/archived", seeded("/jobs/%d/archived", "job"), url.Values{"archived": {"false"}}, 401, 403, 303, 303, ""},
	{"GET", "/settings", fixed("/settings"), nil, 303, 403, 403, 200, "Time zone"},
	{"POST", "/settings", fixed("/settings"), url.Values{"time_zone": {"Mars/Olympus"}}, 401, 403, 403, 422, "Choose a time zone"},
	{"POST", "/settings/logo", fixed("/settings/logo"), nil, 401, 403, 403, 422, "Choose a PNG or JPEG file"},
	{"POST", "/settings/logo/remove", fixed("/settings/logo/remove"), nil, 401, 403, 403, 303, ""},
	{"GET", "/branding/logo", fixed("/branding/logo"), nil, 303, 404, 404, 404, ""},
	{"GET", "/settings/mail", fixed("/settings/mail"), nil, 303, 403, 403, 200, "Import report mail"},
	{"POST", "/settings/mail", fixed("/settings/mail"), url.Values{"enabled": {"true"}, "port": {"993"}, "interval": {"5"}, "max_size_mb": {"25"}}, 401, 403, 403, 422, "Enter the IMAP server"},
	{"POST", "/settings/mail/test", fixed("/settings/mail/test"), url.Values{"port": {"0"}}, 401, 403, 403, 422, "Enter a port"},
	{"POST", "/settings/mail/poll", fixed("/settings/mail/poll"), nil, 401, 403, 403, 303, ""},
	{"GET", "/settings/parsers", fixed("/settings/parsers"), nil, 303, 403, 403, 200, "veeam-vbr"},
	{"POST", "/settings/parsers/test", fixed("/settings/parsers/test"), nil, 401, 403, 403, 422, "Choose a file to upload"},
	{"GET", "/settings/parsers/export", fixed("/settings/parsers/export"), nil, 303, 403, 403, 200, `"format": "backupchecks-rules/1"`},
	{"POST", "/settings/parsers/import", fixed("/settings/parsers/import"), nil, 401, 403, 403, 422, "Choose a file to upload"},
	{"POST", "/settings/parsers/try", fixed("/settings/parsers/try"), url.Values{"name": {"x"}}, 401, 403, 403, 422, "Enter the software"},
	{"GET", "/settings/parsers/rules/new", fixed("/settings/parsers/rules/new"), nil, 303, 403, 403, 200, "New rule"},
	{"POST", "/settings/parsers/rules", fixed("/settings/parsers/rules"), url.Values{"software": {"x"}}, 401, 403, 403, 422, "Give the rule a name"},
	{"GET", "/settings/parsers/rules/:id", seeded("/settings/parsers/rules/%d", "rule"), nil, 303, 403, 403, 200, "rsync script"},
	{"POST", "/settings/parsers/rules/:id", seeded("/settings/parsers/rules/%d", "rule"), url.Values{"name": {"rsync script"}}, 401, 403, 403, 422, "Enter the software"},
	{"POST", "/settings/parsers/rules/:id/move", seeded("/settings/parsers/rules/%d/move", "rule"), url.Values{"dir": {"up"}}, 401, 403, 403, 303, ""},
	{"POST", "/settings/parsers/rules/:id/reparse", seeded("/settings/parsers/rules/%d/reparse", "rule"), nil, 401, 403, 403, 303, ""},
	{"POST", "/settings/parsers/rules/:id/delete", seeded("/settings/parsers/rules/%d/delete", "rule"), nil, 401, 403, 403, 303, ""},
	{"GET", "/settings/cove", fixed("/settings/cove"), nil, 303, 403, 403, 200, "Poll Cove Data Protection"},
	{"POST", "/settings/cove", fixed("/settings/cove"), url.Values{"enabled": {"true"}, "interval": {"30"}, "page_size": {"1000"}}, 401, 403, 403, 422, "Enter the API user"},
	{"POST", "/settings/cove/test", fixed("/settings/cove/test"), url.Values{"interval": {"30"}, "page_size": {"1000"}}, 401, 403, 403, 422, "token or password to test"},
	{"POST", "/settings/cove/poll", fixed("/settings/cove/poll"), nil, 401, 403, 403, 303, ""},
	{"GET", "/settings/autotask", fixed("/settings/autotask"), nil, 303, 403, 403, 200, "Create and resolve Autotask tickets"},
	{"POST", "/settings/autotask", fixed("/settings/autotask"), url.Values{"enabled": {"true"}, "due_hours": {"24"}, "sync_interval": {"60"}}, 401, 403, 403, 422, "Enter the API user"},
	{"POST", "/settings/autotask/test", fixed("/settings/autotask/test"), url.Values{"username": {"api@msp.example"}}, 401, 403, 403, 422, "secret to test"},
	{"POST", "/settings/autotask/refresh", fixed("/settings/autotask/refresh"), url.Values{"username": {"api@msp.example"}}, 401, 403, 403, 422, "secret to load the reference data"},
	{"POST", "/login/code", fixed("/login/code"), url.Values{"challenge": {"bogus"}, "code": {"123456"}}, 401, 401, 401, 401, "enter your password again"},
	{"GET", "/account/2fa", fixed("/account/2fa"), nil, 303, 200, 200, 200, "Scan this code"},
	{"GET", "/account/2fa/qr.png", fixed("/account/2fa/qr.png"), nil, 303, 200, 200, 200, "PNG"},
	{"POST", "/account/2fa/enable", fixed("/account/2fa/enable"), url.Values{"code": {"12345"}}, 401, 422, 422, 422, "Wrong code"},
	{"POST", "/account/2fa/disable", fixed("/account/2fa/disable"), url.Values{"password": {"wrong"}}, 401, 422, 422, 422, "Wrong password"},
	{"POST", "/settings/users/:id/2fa/reset", victim("2fa/reset"), nil, 401, 403, 403, 303, ""},
	{"GET", "/login/sso", fixed("/login/sso"), nil, 403, 403, 403, 403, "sign-on is not set up"},
	{"GET", "/login/sso/callback", fixed("/login/sso/callback?state=x&code=y"), nil, 403, 403, 403, 403, "did not start here"},
	{"GET", "/settings/signin", fixed("/settings/signin"), nil, 303, 403, 403, 200, "/login/sso/callback"},
	{"POST", "/settings/signin", fixed("/settings/signin"), url.Values{"enabled": {"on"}, "issuer": {"ftp://x"}}, 401, 403, 403, 422, "https:// address"},
	{"GET", "/settings/transfer", fixed("/settings/transfer"), nil, 303, 403, 403, 200, "Download JSON"},
	{"GET", "/settings/transfer/:file", fixed("/settings/transfer/export.json"), nil, 303, 403, 403, 200, `"format": "backupchecks-export"`},
	{"POST", "/settings/transfer/import", fixed("/settings/transfer/import"), url.Values{"staged": {"gone"}}, 401, 403, 403, 422, "no longer kept"},
	{"GET", "/account/tokens", fixed("/account/tokens"), nil, 303, 200, 200, 200, "Every user's tokens"},
	{"POST", "/account/tokens", fixed("/account/tokens"), url.Values{"name": {""}, "scope": {"read"}, "days": {"30"}}, 401, 422, 422, 422, "Name the token"},
	{"POST", "/account/tokens/:id/revoke", fixed("/account/tokens/999/revoke"), nil, 401, 404, 404, 404, ""},
	{"GET", "/api", fixed("/api"), nil, 303, 200, 200, 200, "/api/v1/openapi.json"},
	{"GET", "/settings/notifications", fixed("/settings/notifications"), nil, 303, 403, 403, 200, "When the appliance is unwell"},
	{"POST", "/settings/notifications", fixed("/settings/notifications"), url.Values{"queue_runs": {"0"}}, 401, 403, 403, 422, "how many waiting runs make a backlog"},
	{"POST", "/settings/notifications/smtp", fixed("/settings/notifications/smtp"), url.Values{"enabled": {"on"}, "smtp_port": {"587"}}, 401, 403, 403, 422, "Enter the SMTP server"},
	{"POST", "/settings/notifications/smtp/test", fixed("/settings/notifications/smtp/test"), url.Values{"test_to": {"x"}}, 401, 403, 403, 303, ""},
	{"POST", "/settings/notifications/reports", fixed("/settings/notifications/reports"), url.Values{"every": {"month"}, "day": {"1"}}, 401, 403, 403, 422, "Choose the customer"},
	{"POST", "/settings/notifications/reports/:id/delete", fixed("/settings/notifications/reports/999/delete"), nil, 401, 403, 403, 404, ""},
	{"POST", "/settings/notifications/reports/:id/send", fixed("/settings/notifications/reports/999/send"), nil, 401, 403, 403, 404, ""},
	{"POST", "/settings/notifications/webhooks", fixed("/settings/notifications/webhooks"), url.Values{"url": {"https://hooks.example"}}, 401, 403, 403, 422, "Give the webhook a name"},
	{"POST", "/settings/notifications/webhooks/:id/delete", fixed("/settings/notifications/webhooks/999/delete"), nil, 401, 403, 403, 404, ""},
	{"POST", "/settings/notifications/webhooks/:id/test", fixed("/settings/notifications/webhooks/999/test"), nil, 401, 403, 403, 404, ""},
	{"GET", "/settings/users", fixed("/settings/users"), nil, 303, 403, 403, 200, "victim"},
	{"POST", "/settings/users", fixed("/settings/users"), url.Values{"username": {"n"}}, 401, 403, 403, 422, "2 to 64 characters"},
	{"POST", "/settings/users/:id/role", victim("role"), url.Values{"role": {"reporter"}}, 401, 403, 403, 303, ""},
	{"POST", "/settings/users/:id/disabled", victim("disabled"), url.Values{"disabled": {"true"}}, 401, 403, 403, 303, ""},
	{"POST", "/settings/users/:id/password", victim("password"), url.Values{"password": {"new password 123"}, "confirm": {"new password 123"}}, 401, 403, 403, 303, ""},
	{"POST", "/settings/users/:id/delete", victim("delete"), nil, 401, 403, 403, 303, ""},
	{"GET", "/settings/audit", fixed("/settings/audit"), nil, 303, 403, 403, 200, "user.create"},
	{"GET", "/settings/maintenance", fixed("/settings/maintenance"), nil, 303, 403, 403, 200, "Download backup"},
	{"POST", "/settings/maintenance/backup", fixed("/settings/maintenance/backup"), nil, 401, 403, 403, 200, "BCBACKUP"},
	{"POST", "/settings/maintenance/gc", fixed("/settings/maintenance/gc"), nil, 401, 403, 403, 303, ""},
	{"POST", "/settings/maintenance/retention", fixed("/settings/maintenance/retention"), url.Values{"raw_mail_months": {"24"}}, 401, 403, 403, 303, ""},
}

// Every route × every role. A route registered without a scenario here
// fails the test, so a new page cannot ship without its access rule checked.
func TestRoutesByRole(t *testing.T) {
	h := newHarness(t)
	h.addUser("victim", accounts.Operator)
	h.ids["rule"] = h.seedRule().ID
	h.seedCove()

	covered := map[string]bool{}
	for _, sc := range scenarios {
		covered[sc.method+" "+sc.pattern] = true
	}
	for _, r := range h.app.Web.GetRoutes(true) {
		if r.Method == http.MethodHead || strings.HasPrefix(r.Path, "/api/") {
			continue // the API's routes have their own table (api_test.go)
		}
		if !covered[r.Method+" "+r.Path] {
			t.Errorf("route %s %s has no scenario in TestRoutesByRole: add one with its expected status per role", r.Method, r.Path)
		}
	}

	for _, sc := range scenarios {
		for _, role := range []string{"anon", "rep", "op", "admin"} {
			want := map[string]int{"anon": sc.anon, "rep": sc.rep, "op": sc.op, "admin": sc.admin}[role]
			t.Run(fmt.Sprintf("%s %s as %s", sc.method, sc.pattern, role), func(t *testing.T) {
				var c *client
				switch role {
				case "anon":
					c = h.anon()
				case "rep":
					c = h.login("rep")
				case "op":
					c = h.login("op")
				default:
					c = h.login("admin")
				}
				var resp *http.Response
				target := sc.url(h)
				if sc.method == http.MethodGet {
					resp = c.get(target)
				} else {
					form := url.Values{}
					for k, v := range sc.form {
						form[k] = v
					}
					resp = c.post(target, form)
				}
				if resp.StatusCode != want {
					t.Fatalf("status %d, want %d; body: %.300s", resp.StatusCode, want, bodyOf(resp))
				}
				if role == "admin" && sc.contains != "" && !strings.Contains(bodyOf(resp), sc.contains) {
					t.Fatalf("admin response lacks %q: %.500s", sc.contains, bodyOf(resp))
				}
				if want == 303 && role == "anon" && sc.method == http.MethodGet {
					if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, "/login?next=") {
						t.Fatalf("anonymous redirect to %q, want the sign-in page", loc)
					}
				}
			})
		}
		// Undo the admin's changes to the victim so every role meets the same state.
		if _, err := h.app.Accounts.Get(h.ids["victim"]); err != nil {
			h.addUser("victim", accounts.Operator)
		} else if _, err := h.app.Accounts.SetDisabled(h.ids["victim"], false, actorForTests, h.ids["admin"]); err != nil {
			t.Fatal(err)
		}
	}
}
