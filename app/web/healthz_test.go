package web_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

// /healthz says "degraded" with the titles of what is wrong, for an
// external monitor; the dashboard and Settings → Notifications say why.
func TestHealthzDegradedWithReasons(t *testing.T) {
	h := newHarness(t)
	anon := h.anon()
	read := func() map[string]any {
		t.Helper()
		res := anon.get("/healthz")
		var body map[string]any
		if err := json.NewDecoder(res.Body).Decode(&body); err != nil || res.StatusCode != 200 {
			t.Fatalf("healthz: %d %v", res.StatusCode, err)
		}
		return body
	}
	if body := read(); body["status"] != "ok" || body["reasons"] != nil {
		t.Fatalf("a new appliance: %v", body)
	}
	admin := h.login("admin")
	admin.get("/settings/notifications")
	for _, bad := range []url.Values{{"queue_runs": {"0"}, "queue_hours": {"1"}, "backup_days": {"7"}}, {"queue_runs": {"1"}, "queue_hours": {"x"}, "backup_days": {"7"}}} {
		if res := admin.post("/settings/notifications", bad); res.StatusCode != 422 {
			t.Errorf("limits %v accepted: %d", bad, res.StatusCode)
		}
	}
	// The harness's failed and warning runs (March) have waited for months.
	if res := admin.post("/settings/notifications", url.Values{"queue_runs": {"1"}, "queue_hours": {"1"}, "backup_days": {"7"}}); res.StatusCode != 303 {
		t.Fatalf("save limits: %d %s", res.StatusCode, bodyOf(res))
	}
	body := read()
	reasons, _ := body["reasons"].([]any)
	if body["status"] != "degraded" || len(reasons) != 1 || reasons[0] != "Review backlog" {
		t.Fatalf("with a backlog: %v", body)
	}
	dash := bodyOf(h.login("op").get("/"))
	if !strings.Contains(dash, `data-testid="condition-backlog"`) || !strings.Contains(dash, "2 runs have waited for review longer than 1 hour") {
		t.Errorf("the dashboard does not say why:\n%s", dash)
	}
	if page := bodyOf(admin.get("/settings/notifications")); !strings.Contains(page, "Review backlog") {
		t.Error("Settings → Notifications does not list the condition")
	}
}
