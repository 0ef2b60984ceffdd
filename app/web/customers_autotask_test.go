package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/secret"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/integrations/autotask/autotasktest"
)

// autotask connects the harness to a fake Autotask tenant (integration on).
func (h *harness) autotask() (*autotasktest.Server, *autotasktest.Tenant) {
	h.t.Helper()
	fake := autotasktest.New()
	h.t.Cleanup(fake.Close)
	tenant := fake.AddTenant(autotasktest.TenantConfig{Zone: "AE02", Username: "api@msp.example", Secret: "s3cret", IntegrationCode: "BACKUPCHECKS"})
	h.saveAutotask(fake, true, "s3cret")
	return fake, tenant
}

func (h *harness) saveAutotask(fake *autotasktest.Server, enabled bool, pw string) {
	h.t.Helper()
	sealed, err := h.app.Store.Cipher().Seal(secret.New(pw))
	if err != nil {
		h.t.Fatal(err)
	}
	cfg := settings.DefaultAutotask()
	cfg.Enabled, cfg.DiscoveryURL, cfg.Username, cfg.Secret, cfg.IntegrationCode = enabled, fake.DiscoveryURL(), "api@msp.example", sealed, "BACKUPCHECKS"
	if err := h.app.Store.SaveAutotask(cfg, audit.New(audit.Actor{Name: "test"}, audit.SettingsAutotask, "autotask", "test")); err != nil {
		h.t.Fatal(err)
	}
}

// htmx sends a GET as htmx does.
func (c *client) htmx(path string) *http.Response {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("HX-Request", "true")
	return c.do(req)
}

func (h *harness) customerNamed(name string) customers.Customer {
	h.t.Helper()
	list, err := h.app.Customers.List(name)
	if err != nil || len(list) == 0 {
		h.t.Fatalf("customer %q: %v", name, err)
	}
	return list[0]
}

// An operator maps customers on the bulk page (exact names preselected),
// searches for the others, sees renames and broken mappings on the
// Customers page; a reporter sees the mappings and no action.
func TestCustomersAutotaskMapping(t *testing.T) {
	h := newHarness(t)
	fake, tenant := h.autotask()
	for _, n := range []string{"Beta", "Gamma"} {
		if _, err := h.app.Customers.Create(n, audit.Actor{Name: "seed"}); err != nil {
			t.Fatal(err)
		}
	}
	acmeID := tenant.AddCompany("ACME", true) // exact, up to case
	betaID := tenant.AddCompany("Beta B.V.", true)
	gammaID := tenant.AddCompany("Gamma", false) // inactive: not suggested, not mappable
	acme, beta, gamma := h.ids["customer"], h.customerNamed("Beta").ID, h.customerNamed("Gamma").ID

	op := h.login("op")
	list := bodyOf(op.get("/customers"))
	for _, want := range []string{"Autotask company", `href="/customers/autotask"`, fmt.Sprintf(`href="/customers/%d/autotask"`, acme)} {
		if !strings.Contains(list, want) {
			t.Errorf("the Customers page lacks %q", want)
		}
	}

	page := bodyOf(op.get("/customers/autotask"))
	if !strings.Contains(page, fmt.Sprintf(`<option value="%d" selected>ACME (#%d)</option>`, acmeID, acmeID)) {
		t.Errorf("the exact name is not preselected for Acme: %s", between(page, `data-testid="bulk-Acme"`, "</tr>"))
	}
	if row := between(page, `data-testid="bulk-Beta"`, "</tr>"); !strings.Contains(row, fmt.Sprintf(`<option value="%d">Beta B.V.`, betaID)) || strings.Contains(row, "selected>Beta") {
		t.Errorf("Beta B.V. should be offered but not chosen: %s", row)
	}
	if strings.Contains(page, "Gamma (#") {
		t.Error("an inactive company is suggested")
	}

	// The search fallback of a bulk row answers options; the mapping page's a list.
	opts := bodyOf(op.htmx(fmt.Sprintf("/customers/%d/autotask/search?for=bulk&q=gam", gamma)))
	if !strings.Contains(opts, "Gamma (#") || !strings.Contains(opts, "(inactive)") || strings.Contains(opts, "<html") {
		t.Errorf("bulk search options: %s", opts)
	}
	res := bodyOf(op.htmx(fmt.Sprintf("/customers/%d/autotask/search?q=beta", beta)))
	if !strings.Contains(res, "Map to this company") || !strings.Contains(res, "Beta B.V.") {
		t.Errorf("search results: %s", res)
	}

	resp := op.post("/customers/autotask", url.Values{fmt.Sprintf("company-%d", acme): {itoa64(acmeID)}, fmt.Sprintf("company-%d", beta): {itoa64(betaID)}, fmt.Sprintf("company-%d", gamma): {""}})
	if body := bodyOf(resp); resp.StatusCode != 200 || !strings.Contains(body, "Mapped 2 customer(s).") {
		t.Fatalf("bulk map: %d %s", resp.StatusCode, between(body, "<main", "</main>"))
	}

	// An inactive company is refused with a sentence, nothing changed.
	resp = op.post(fmt.Sprintf("/customers/%d/autotask", gamma), url.Values{"company": {itoa64(gammaID)}})
	if resp.StatusCode != 303 {
		t.Fatalf("map gamma: %d", resp.StatusCode)
	}
	if body := bodyOf(op.get(resp.Header.Get("Location"))); !strings.Contains(body, "is inactive in Autotask") || !strings.Contains(body, "Nothing was changed") {
		t.Errorf("the refusal is not explained: %s", between(body, `id="flash"`, "</div>"))
	}

	// Autotask renames Acme's company and deletes Beta's: the sync shows both.
	tenant.RenameCompany(acmeID, "ACME Group")
	tenant.DeleteCompany(betaID)
	if err := h.app.Autotask.Sync(t.Context()); err != nil {
		t.Fatal(err)
	}
	list = bodyOf(op.get("/customers"))
	acmeCell := between(list, `data-testid="company-Acme"`, "</div>")
	if !strings.Contains(acmeCell, "renamed") || !strings.Contains(acmeCell, "“ACME” → “ACME Group”") {
		t.Errorf("the rename is not shown: %s", acmeCell)
	}
	if !strings.Contains(list, `data-testid="customer-Acme"`) {
		t.Error("the customer's own name changed")
	}
	if betaCell := between(list, `data-testid="company-Beta"`, "</div>"); !strings.Contains(betaCell, "badge bad") || !strings.Contains(betaCell, "no longer has this company") {
		t.Errorf("the missing company is not shown in red with why: %s", betaCell)
	}

	// A reporter sees the mappings, never an action.
	rep := h.login("rep")
	list = bodyOf(rep.get("/customers"))
	if !strings.Contains(list, "ACME Group (#") || strings.Contains(list, "/customers/autotask\"") || strings.Contains(list, `data-testid="company-map"`) {
		t.Errorf("a reporter's Customers page: %s", between(list, "<main", "</main>"))
	}
	detail := bodyOf(rep.get(fmt.Sprintf("/customers/%d/autotask?q=acme", acme)))
	if !strings.Contains(detail, "ACME Group") || strings.Contains(detail, "mapping-unmap") || strings.Contains(detail, "company-search") || strings.Contains(detail, "Map to this company") {
		t.Errorf("a reporter's mapping page offers actions: %s", between(detail, "<main", "</main>"))
	}

	// Unmap, with its audit event.
	if resp := op.post(fmt.Sprintf("/customers/%d/autotask/unmap", beta), nil); resp.StatusCode != 303 {
		t.Fatalf("unmap: %d", resp.StatusCode)
	}
	if c, _ := h.app.Customers.Get(beta); c.Autotask != nil {
		t.Fatal("unmap left the mapping")
	}

	// Autotask refuses the credentials: the operator reads a sentence.
	h.saveAutotask(fake, true, "wrong")
	page = bodyOf(op.get("/customers/autotask"))
	if !strings.Contains(page, `data-testid="bulk-error"`) || !strings.Contains(page, "Nothing was changed.") {
		t.Errorf("an Autotask failure is not explained: %s", between(page, "<main", "</main>"))
	}

	// Off: the pages say so and call nothing.
	h.saveAutotask(fake, false, "s3cret")
	before := fake.Calls()
	for _, p := range []string{"/customers", "/customers/autotask", fmt.Sprintf("/customers/%d/autotask?q=acme", acme)} {
		if body := bodyOf(op.get(p)); p != "/customers" && !strings.Contains(body, "integration is off") {
			t.Errorf("%s does not say the integration is off", p)
		}
	}
	if body := bodyOf(op.htmx(fmt.Sprintf("/customers/%d/autotask/search?q=acme", acme))); !strings.Contains(body, "integration is off") {
		t.Errorf("the search while off: %s", body)
	}
	op.post("/customers/autotask", url.Values{fmt.Sprintf("company-%d", gamma): {itoa64(gammaID)}})
	op.post(fmt.Sprintf("/customers/%d/autotask", gamma), url.Values{"company": {itoa64(gammaID)}})
	if n := fake.Calls() - before; n != 0 {
		t.Fatalf("%d calls to Autotask while the integration is off", n)
	}
	if list := bodyOf(op.get("/customers")); !strings.Contains(list, "ACME Group (#") {
		t.Error("the stored mapping is not shown while off")
	}
}

func itoa64(n int64) string { return fmt.Sprint(n) }

// The dashboard shows the Autotask connection beside mail and Cove: not
// called yet, failing with what it means, working again; nothing while off.
func TestDashboardShowsAutotaskHealth(t *testing.T) {
	h := newHarness(t)
	op := h.login("op")
	if page := bodyOf(op.get("/")); strings.Contains(page, "Autotask") {
		t.Fatal("the dashboard shows Autotask while the integration is off")
	}
	fake, _ := h.autotask()
	if page := bodyOf(op.get("/")); !strings.Contains(page, "Autotask") || !strings.Contains(page, "not called yet") {
		t.Fatal("the dashboard does not say Autotask is on and not called yet")
	}
	fake.Exhaust(true)
	if _, err := h.app.Autotask.RefreshPicklists(context.Background(), audit.Actor{Name: "test"}); err == nil {
		t.Fatal("the refresh worked against an exhausted tenant")
	}
	page := bodyOf(op.get("/"))
	for _, want := range []string{"failing since", "while trying to load the reference data", "10,000 requests an hour was reached"} {
		if !strings.Contains(page, want) {
			t.Errorf("the dashboard of a failing Autotask lacks %q", want)
		}
	}
	fake.Exhaust(false)
	if _, err := h.app.Autotask.RefreshPicklists(context.Background(), audit.Actor{Name: "test"}); err != nil {
		t.Fatal(err)
	}
	if page := bodyOf(op.get("/")); !strings.Contains(page, "last call worked") || strings.Contains(page, "failing since") {
		t.Fatal("the dashboard does not say Autotask works again")
	}
}
