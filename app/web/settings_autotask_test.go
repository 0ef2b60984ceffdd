package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/integrations/autotask"
	"github.com/backupchecks/backupchecks/integrations/autotask/autotasktest"
	"github.com/backupchecks/backupchecks/views"
)

const atkSecret = "Sup3r-s3cret-value"

// autotaskTenant starts a fake Autotask with one tenant and saves nothing.
func (h *harness) autotaskTenant() (*autotasktest.Server, *autotasktest.Tenant) {
	h.t.Helper()
	fake := autotasktest.New()
	h.t.Cleanup(fake.Close)
	tenant := fake.AddTenant(autotasktest.TenantConfig{Zone: "AE02", Username: "api@msp.example", Secret: atkSecret,
		IntegrationCode: "BACKUPCHECKS", FirstName: "Backup", LastName: "Checks"})
	return fake, tenant
}

// atkForm is Settings → Autotask filled in for the fake, integration off.
func atkForm(fake *autotasktest.Server) url.Values {
	return url.Values{"environment": {"production"}, "discovery_url": {fake.DiscoveryURL()}, "username": {"api@msp.example"},
		"secret": {atkSecret}, "integration_code": {"BACKUPCHECKS"}, "base_url": {"https://backups.example.com"},
		"due_hours": {"24"}, "allow_resolve": {"true"}, "sync_interval": {"60"}}
}

// noSecret fails when a response body holds the secret.
func noSecret(t *testing.T, what string, r *http.Response) string {
	t.Helper()
	body := bodyOf(r)
	if strings.Contains(body, atkSecret) {
		t.Fatalf("%s: the secret is in the response body", what)
	}
	return body
}

func TestAutotaskSettingsTestLoadAndSave(t *testing.T) {
	h := newHarness(t)
	fake, tenant := h.autotaskTenant()
	if _, err := h.app.Settings.SaveGeneral(settings.General{TimeZone: "UTC", BaseURL: "https://general.example.com"}, audit.Actor{}); err != nil {
		t.Fatal(err)
	}
	c := h.login("admin")
	page := noSecret(t, "the form", c.get("/settings/autotask"))
	for _, want := range []string{`value="https://general.example.com"`, "Load from Autotask", `href="/settings/autotask"`,
		"Ticket resolved via Backupchecks after verification that the backup issue is no longer present.",
		"Ticket marked as resolved in Backupchecks, but not closed automatically because time entries are present.",
		"Allow manual ticket numbers while Autotask is enabled", "sandbox API user", "Helpdesk (not matched yet"} {
		if !strings.Contains(page, want) {
			t.Errorf("the form lacks %q", want)
		}
	}
	if strings.Contains(page, `name="manual_tickets" value="true" checked`) {
		t.Error("compatibility mode is on by default")
	}

	// Test connection with the form's (unsaved) values, the integration off.
	form := atkForm(fake)
	page = noSecret(t, "test", c.post("/settings/autotask/test", form))
	for _, want := range []string{"Connection works", "AE02", "Backup Checks", "of 10000 requests used in the current 60-minute timeframe"} {
		if !strings.Contains(page, want) {
			t.Errorf("the test result lacks %q", want)
		}
	}
	form.Set("secret", "wrong secret")
	resp := c.post("/settings/autotask/test", form)
	page = noSecret(t, "refused test", resp)
	for _, want := range []string{"Autotask refused the API user", "HTTP 401", `data-testid="atk-test-error"`} {
		if !strings.Contains(page, want) {
			t.Errorf("a refused test lacks %q", want)
		}
	}
	if resp.StatusCode != 200 {
		t.Errorf("refused test: %d", resp.StatusCode)
	}

	// Load from Autotask before switching on: the defaults get their IDs.
	// The browser sends the label-only defaults back as "unmatched".
	form.Set("secret", atkSecret)
	for _, k := range []string{"queue", "source", "status", "priority_warning", "priority_failed", "note_type", "note_publish"} {
		form.Set(k, views.UnmatchedChoice)
	}
	page = noSecret(t, "load", c.post("/settings/autotask/refresh", form))
	for _, want := range []string{"Reference data loaded", "3 queues", `<option value="29682833" selected>Helpdesk</option>`,
		`<option value="1" selected>New</option>`, `<option value="2" selected>Internal Only</option>`, "Refresh reference data"} {
		if !strings.Contains(page, want) {
			t.Errorf("after loading, the form lacks %q", want)
		}
	}
	if strings.Contains(page, "Waiting Vendor") || strings.Contains(page, "Workflow Rule Note") {
		t.Error("an inactive status or a system note type is offered")
	}
	if cfg, _ := h.app.Settings.Autotask(); cfg.Enabled || cfg.Status.ID != 1 || cfg.Queue.ID != 29682833 || cfg.Username != "" {
		t.Fatalf("after loading: %+v (only the defaults are stored)", cfg)
	}

	// Save: invalid first, nothing stored and the typed secret not kept.
	form = atkForm(fake)
	form.Set("enabled", "true")
	form.Set("base_url", "")
	form.Set("sync_interval", "5")
	for k, v := range map[string]string{"queue": "29682833", "source": "8", "status": "1", "priority_warning": "2", "priority_failed": "1", "note_type": "2", "note_publish": "2"} {
		form.Set(k, v)
	}
	resp = c.post("/settings/autotask", form)
	page = noSecret(t, "invalid save", resp)
	if resp.StatusCode != 422 || !strings.Contains(page, "every ticket links to its run on Job Details") ||
		!strings.Contains(page, "Sync every 15 to 1440 minutes") || !strings.Contains(page, "The secret you typed was not saved") {
		t.Fatalf("invalid save: %d %s", resp.StatusCode, between(page, "<main", "</main>"))
	}
	if cfg, _ := h.app.Settings.Autotask(); cfg.Enabled || !cfg.Secret.IsZero() {
		t.Fatal("an invalid configuration was saved")
	}
	form.Set("base_url", "https://backups.example.com/")
	form.Set("sync_interval", "60")
	resp = c.post("/settings/autotask", form)
	noSecret(t, "save", resp)
	if resp.StatusCode != 303 {
		t.Fatalf("save: %d %s", resp.StatusCode, bodyOf(resp))
	}
	cfg, _ := h.app.Settings.Autotask()
	if sec, _ := h.app.Settings.AutotaskSecret(); !cfg.Enabled || sec.Reveal() != atkSecret || cfg.BaseURL != "https://backups.example.com" ||
		cfg.Status != (settings.Choice{ID: 1, Label: "New"}) || cfg.Queue.Label != "Helpdesk" {
		t.Fatalf("saved %+v", cfg)
	}
	page = noSecret(t, "the saved form", c.get("/settings/autotask"))
	if !strings.Contains(page, "stored — leave empty to keep") || !strings.Contains(page, "Autotask settings saved") {
		t.Error("the saved form does not say the secret is stored")
	}

	// Autotask removes status New and renames Helpdesk; a refresh through
	// the saved connection reports it and flags the status, kept as it was.
	tenant.SetPicklist("Tickets", "status", []autotask.PicklistValue{{Value: "5", Label: "Complete", IsActive: true, IsSystem: true},
		{Value: "8", Label: "In Progress", IsActive: true}})
	tenant.SetPicklist("Tickets", "queueID", []autotask.PicklistValue{{Value: "29683482", Label: "Backup Alerts", IsActive: true},
		{Value: "29682833", Label: "Service Desk", IsActive: true}})
	form.Del("secret")
	page = noSecret(t, "refresh", c.post("/settings/autotask/refresh", form))
	for _, want := range []string{"Reference data refreshed", "through the saved connection", "Removed: New (#1)", "Helpdesk → Service Desk (#29682833)",
		"Client Portal (#5)", "New (no longer in Autotask)", `(#1) is no longer in Autotask`, `<option value="29682833" selected>Service Desk</option>`,
		"Last worked"} {
		if !strings.Contains(page, want) {
			t.Errorf("after the refresh, the page lacks %q", want)
		}
	}
	if cfg, _ := h.app.Settings.Autotask(); cfg.Status.ID != 1 || cfg.Queue.Label != "Service Desk" {
		t.Fatalf("after the refresh: status %+v queue %+v", cfg.Status, cfg.Queue)
	}
	resp = c.post("/settings/autotask", form)
	if page := noSecret(t, "save with a vanished status", resp); resp.StatusCode != 422 || !strings.Contains(page, `(#1) is no longer in Autotask`) {
		t.Fatalf("a vanished default was saved: %d", resp.StatusCode)
	}
	form.Set("status", "8")
	if resp := c.post("/settings/autotask", form); resp.StatusCode != 303 {
		t.Fatalf("save with another status: %d", resp.StatusCode)
	}
	page = noSecret(t, "the form", c.get("/settings/autotask"))
	if strings.Contains(page, "no longer in Autotask") {
		t.Error("the chosen status is still flagged")
	}
	if cfg, _ := h.app.Settings.Autotask(); cfg.Status != (settings.Choice{ID: 8, Label: "In Progress"}) {
		t.Fatalf("status %+v", cfg.Status)
	}
}

// A failing connection shows on Settings → Autotask with what it means.
func TestAutotaskSettingsShowTheConnectionHealth(t *testing.T) {
	h := newHarness(t)
	fake, _ := h.autotaskTenant()
	c := h.login("admin")
	c.get("/settings/autotask")
	form := atkForm(fake)
	form.Set("enabled", "true")
	for k, v := range map[string]string{"status": "1", "priority_warning": "2", "priority_failed": "1", "note_type": "2", "note_publish": "2"} {
		form.Set(k, v)
	}
	if page := bodyOf(c.post("/settings/autotask/refresh", form)); !strings.Contains(page, "Reference data loaded") {
		t.Fatal("load failed")
	}
	if resp := c.post("/settings/autotask", form); resp.StatusCode != 303 {
		t.Fatalf("save: %d %s", resp.StatusCode, bodyOf(resp))
	}
	// The secret is changed in Autotask: the next call through the saved
	// connection is refused, and the page says so.
	form.Set("secret", "changed in Autotask since")
	if resp := c.post("/settings/autotask", form); resp.StatusCode != 303 {
		t.Fatalf("save: %d", resp.StatusCode)
	}
	form.Del("secret")
	page := noSecret(t, "a failing refresh", c.post("/settings/autotask/refresh", form))
	if !strings.Contains(page, `data-testid="atk-load-error"`) || !strings.Contains(page, "Autotask refused the API user") {
		t.Fatalf("a failed refresh does not say why: %s", between(page, "<main", "</main>"))
	}
	page = bodyOf(c.get("/settings/autotask"))
	for _, want := range []string{`data-testid="atk-health-error"`, "Failing since", "load the reference data", "HTTP 401", "No call to Autotask has worked yet"} {
		if !strings.Contains(page, want) {
			t.Errorf("the health lacks %q", want)
		}
	}
}
