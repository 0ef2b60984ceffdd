package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/appliance"
	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/storage"
)

var actorForTests = audit.Actor{Name: "test"}

func TestPostWithoutCSRFIsForbidden(t *testing.T) {
	h := newHarness(t)
	c := h.login("admin")
	form := url.Values{"time_zone": {"Europe/Berlin"}}

	noToken := httptest.NewRequest(http.MethodPost, "/settings", strings.NewReader(form.Encode()))
	noToken.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if r := c.do(noToken); r.StatusCode != http.StatusForbidden || !strings.Contains(bodyOf(r), "Reload the page") {
		t.Fatalf("POST without token: %d", r.StatusCode)
	}
	if r := c.post("/settings", url.Values{"time_zone": {"Europe/Berlin"}, "_csrf": {"forged"}}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("POST with a forged token: %d", r.StatusCode)
	}
	htmx := httptest.NewRequest(http.MethodPost, "/settings", strings.NewReader(form.Encode()))
	htmx.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	htmx.Header.Set("HX-Request", "true")
	if r := c.do(htmx); r.StatusCode != http.StatusForbidden || r.Header.Get("HX-Refresh") != "true" {
		t.Fatalf("htmx POST without token: %d, HX-Refresh %q", r.StatusCode, r.Header.Get("HX-Refresh"))
	}
	cross := httptest.NewRequest(http.MethodPost, "/settings", strings.NewReader(form.Encode()))
	cross.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	cross.Header.Set("X-CSRF-Token", c.csrf)
	cross.Header.Set("Sec-Fetch-Site", "cross-site")
	if r := c.do(cross); r.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site POST with token: %d", r.StatusCode)
	}
	if g, _ := h.app.Settings.General(); g.TimeZone != "UTC" {
		t.Fatalf("a refused POST changed settings to %q", g.TimeZone)
	}
	viaHeader := httptest.NewRequest(http.MethodPost, "/settings", strings.NewReader(form.Encode()))
	viaHeader.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	viaHeader.Header.Set("X-CSRF-Token", c.csrf)
	if r := c.do(viaHeader); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST with header token: %d %s", r.StatusCode, bodyOf(r))
	}
	if g, _ := h.app.Settings.General(); g.TimeZone != "Europe/Berlin" {
		t.Fatalf("settings not saved: %q", g.TimeZone)
	}
	// Another browser's token does not fit this browser's cookie.
	other := h.login("admin")
	if r := c.post("/settings", url.Values{"time_zone": {"UTC"}, "_csrf": {other.csrf}}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("token of another browser accepted: %d", r.StatusCode)
	}
}

func TestLoginThrottling(t *testing.T) {
	h := newHarness(t)
	c := h.anon()
	for i := range 5 {
		r := c.post("/login", url.Values{"username": {"op"}, "password": {"wrong"}})
		if r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i+1, r.StatusCode)
		}
	}
	r := c.post("/login", url.Values{"username": {"op"}, "password": {testPassword}})
	if r.StatusCode != http.StatusTooManyRequests || !strings.Contains(bodyOf(r), "Too many failed attempts from this address. Try again in 30 seconds.") {
		t.Fatalf("throttled attempt: %d %s", r.StatusCode, bodyOf(r))
	}
	if _, ok := c.cookies["bc_session"]; ok {
		t.Fatal("a throttled sign-in got a session")
	}
	// Another user is not locked out by op's failures.
	if r := c.post("/login", url.Values{"username": {"rep"}, "password": {testPassword}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("other user: %d", r.StatusCode)
	}
}

func TestSessionInvalidatedAfterPasswordChange(t *testing.T) {
	h := newHarness(t)
	a, b := h.login("op"), h.login("op")
	const fresh = "a brand new password"
	r := a.post("/account/password", url.Values{"current": {testPassword}, "password": {fresh}, "confirm": {fresh}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("change password: %d %s", r.StatusCode, bodyOf(r))
	}
	if r := b.get("/"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
		t.Fatalf("other session after password change: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if r := a.get("/"); r.StatusCode != http.StatusOK {
		t.Fatalf("the changing browser was signed out: %d", r.StatusCode)
	}
	if r := a.get("/account"); !strings.Contains(bodyOf(r), "Password changed") {
		t.Fatal("no confirmation shown")
	}
}

func TestDisabledUserIsSignedOut(t *testing.T) {
	h := newHarness(t)
	op := h.login("op")
	admin := h.login("admin")
	if r := admin.post("/settings/users/"+itoa(h.ids["op"])+"/disabled", url.Values{"disabled": {"true"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable: %d", r.StatusCode)
	}
	if r := op.get("/"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("disabled user's session still works: %d", r.StatusCode)
	}
}

func TestLastAdminCannotBeDemotedThroughUI(t *testing.T) {
	h := newHarness(t)
	second := h.addUser("admin2", accounts.Admin)
	c := h.login("admin2")
	// admin2 disables admin, leaving admin2 as the only active admin...
	if r := c.post("/settings/users/"+itoa(h.ids["admin"])+"/disabled", url.Values{"disabled": {"true"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatal(r.StatusCode)
	}
	// ...and cannot demote or disable themselves.
	c.post("/settings/users/"+itoa(second)+"/role", url.Values{"role": {"operator"}})
	r := c.get("/settings/users")
	if !strings.Contains(bodyOf(r), "cannot change your own role") {
		t.Fatalf("no refusal shown: %s", bodyOf(r))
	}
	if u, _ := h.app.Accounts.Get(second); u.Role != accounts.Admin {
		t.Fatal("last admin was demoted")
	}
}

func TestFirstVisitOpensSetupOnce(t *testing.T) {
	st, err := storage.Open(storage.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	a, err := appliance.New(st, appliance.Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, app: a, ids: map[string]uint64{}}
	c := &client{h: h, cookies: map[string]string{}}
	if r := c.get("/"); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/setup" {
		t.Fatalf("first visit: %d → %q", r.StatusCode, r.Header.Get("Location"))
	}
	if r := c.get("/login"); r.Header.Get("Location") != "/setup" {
		t.Fatalf("sign-in before setup: %d → %q", r.StatusCode, r.Header.Get("Location"))
	}
	if r := c.get("/setup"); r.StatusCode != http.StatusOK {
		t.Fatalf("setup page: %d", r.StatusCode)
	}
	if r := c.post("/setup", url.Values{"username": {"boss"}, "password": {"short"}, "confirm": {"short"}}); r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("weak password accepted: %d", r.StatusCode)
	}
	r := c.post("/setup", url.Values{"username": {"boss"}, "password": {testPassword}, "confirm": {testPassword}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login" {
		t.Fatalf("setup: %d → %q", r.StatusCode, r.Header.Get("Location"))
	}
	if r := c.get("/login"); !strings.Contains(bodyOf(r), "Administrator boss created") {
		t.Fatal("no confirmation on the sign-in page")
	}
	if r := c.get("/setup"); r.StatusCode != http.StatusNotFound {
		t.Fatalf("setup after the first admin: %d", r.StatusCode)
	}
	if r := c.post("/setup", url.Values{"username": {"intruder"}, "password": {testPassword}, "confirm": {testPassword}}); r.StatusCode != http.StatusNotFound {
		t.Fatalf("second setup POST: %d", r.StatusCode)
	}
	if u, err := a.Accounts.List(); err != nil || len(u) != 1 || u[0].Role != accounts.Admin {
		t.Fatalf("users after setup: %+v %v", u, err)
	}
}

func TestBackupDownloadIsAudited(t *testing.T) {
	h := newHarness(t)
	c := h.login("admin")
	r := c.post("/settings/maintenance/backup", url.Values{"passphrase": {"long enough"}, "confirm": {"long enough"}})
	if r.StatusCode != http.StatusOK || !strings.HasPrefix(bodyOf(r), "BCBACKUP") {
		t.Fatalf("backup: %d", r.StatusCode)
	}
	if !strings.Contains(r.Header.Get("Content-Disposition"), ".bcbackup") {
		t.Fatalf("not a download: %q", r.Header.Get("Content-Disposition"))
	}
	p, _ := h.app.Store.List(audit.Filter{Action: audit.BackupDownload})
	if len(p.Events) != 1 || p.Events[0].Actor != "admin" || !strings.Contains(p.Events[0].Details, "encrypted") {
		t.Fatalf("audit: %+v", p.Events)
	}
	if r := c.post("/settings/maintenance/backup", url.Values{"passphrase": {"long enough"}, "confirm": {"different"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("mismatched passphrases: %d", r.StatusCode)
	}
	if r := c.get("/settings/maintenance"); !strings.Contains(bodyOf(r), "passphrases differ") || !strings.Contains(bodyOf(r), "Last downloaded") {
		t.Fatalf("maintenance page after backups: %s", bodyOf(r))
	}
}

func TestErrorPagesUseLayoutAndHeaders(t *testing.T) {
	h := newHarness(t)
	c := h.login("op")
	r := c.get("/no/such/page")
	body := bodyOf(r)
	if r.StatusCode != http.StatusNotFound || !strings.Contains(body, `data-testid="nav"`) || !strings.Contains(body, "Page not found") {
		t.Fatalf("404: %d %s", r.StatusCode, body)
	}
	if r := c.get("/settings"); r.StatusCode != http.StatusForbidden || !strings.Contains(bodyOf(r), "permission") {
		t.Fatalf("403: %d", r.StatusCode)
	}
	if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Fatalf("CSP: %q", csp)
	}
	if id := r.Header.Get("X-Request-ID"); len(id) < 8 {
		t.Fatalf("request ID: %q", id)
	}
}

func TestNavShowsOnlyAllowedPages(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct {
		user     string
		settings bool
	}{{"admin", true}, {"op", false}, {"rep", false}} {
		body := bodyOf(h.login(tc.user).get("/"))
		if got := strings.Contains(body, `data-testid="nav-settings"`); got != tc.settings {
			t.Errorf("%s sees Settings in the nav: %v, want %v", tc.user, got, tc.settings)
		}
		if !strings.Contains(body, `data-testid="nav-dashboard"`) {
			t.Errorf("%s has no Dashboard link", tc.user)
		}
	}
}

func TestAuditLogFiltersAndRecordsSignIns(t *testing.T) {
	h := newHarness(t)
	h.login("op")
	anon := h.anon()
	anon.post("/login", url.Values{"username": {"op"}, "password": {"nope"}})
	c := h.login("admin")
	body := bodyOf(c.get("/settings/audit?user=op&action=login.failure"))
	if !strings.Contains(body, "wrong password") || strings.Contains(body, "login.success</span>") {
		t.Fatalf("filtered audit log: %s", body)
	}
	if body := bodyOf(c.get("/settings/audit?user=op&action=login.success")); !strings.Contains(body, "login.success") {
		t.Fatal("successful sign-in not audited")
	}
}

func itoa(n uint64) string { return strconv.FormatUint(n, 10) }

func TestDeleteUser(t *testing.T) {
	h := newHarness(t)
	op := h.login("op")
	admin := h.login("admin")
	if r := admin.post("/settings/users/"+itoa(h.ids["admin"])+"/delete", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("self-delete: %d", r.StatusCode)
	}
	if !strings.Contains(bodyOf(admin.get("/settings/users")), "cannot change your own role, disable or delete yourself") {
		t.Fatalf("self-delete not refused with a reason: %s", bodyOf(admin.get("/settings/users")))
	}
	if r := admin.post("/settings/users/"+itoa(h.ids["op"])+"/delete", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d", r.StatusCode)
	}
	if r := op.get("/"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("deleted user's session still works: %d", r.StatusCode)
	}
	body := bodyOf(admin.get("/settings/audit?action=user.delete"))
	if !strings.Contains(body, "role operator") {
		t.Fatalf("deletion not audited: %s", body)
	}
	if r := admin.post("/settings/users/999/delete", nil); r.StatusCode != http.StatusNotFound {
		t.Fatalf("deleting an unknown user: %d", r.StatusCode)
	}
}

func TestMetricsTokenAndHealth(t *testing.T) {
	st, err := storage.Open(storage.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	a, err := appliance.New(st, appliance.Options{Version: "test", MetricsToken: "s3cret-scrape-token"})
	if err != nil {
		t.Fatal(err)
	}
	get := func(path, auth string) *http.Response {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := a.Web.Test(req, -1)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	if r := get("/metrics", "Bearer s3cret-scrape-token"); r.StatusCode != http.StatusOK || !strings.Contains(bodyOf(r), "go_goroutines") {
		t.Fatalf("scrape with token: %d", r.StatusCode)
	}
	if r := get("/metrics", "Bearer wrong"); r.StatusCode == http.StatusOK {
		t.Fatal("scrape with a wrong token allowed")
	}
	if r := get("/healthz", ""); r.StatusCode != http.StatusOK {
		t.Fatalf("healthz: %d", r.StatusCode)
	}
	st.Close()
	r := get("/healthz", "")
	if r.StatusCode != http.StatusServiceUnavailable || !strings.Contains(bodyOf(r), `"status":"error"`) {
		t.Fatalf("healthz with the database closed: %d %s", r.StatusCode, bodyOf(r))
	}
}
