package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// An admin adds a webhook, sees its secret once, sends a test that a
// receiver on loopback gets, finds it in the delivery log, and deletes it.
func TestWebhookLifecycle(t *testing.T) {
	var mu sync.Mutex
	var got []string
	rc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, r.Header.Get("X-Backupchecks-Event")+" "+string(b))
		mu.Unlock()
		w.WriteHeader(http.StatusOK)
	}))
	defer rc.Close()

	h := newHarness(t)
	admin := h.login("admin")
	admin.get("/settings/notifications")
	res := admin.post("/settings/notifications/webhooks", url.Values{"name": {"Ops channel"}, "url": {rc.URL + "/hook"}, "format": {"slack"},
		"events": {"run.failed", "condition.backlog"}})
	page := bodyOf(res)
	secret := regexp.MustCompile(`data-testid="webhook-secret-value">(bcwh_[A-Za-z0-9_-]+)<`).FindStringSubmatch(page)
	if res.StatusCode != 200 || secret == nil {
		t.Fatalf("adding a webhook: %d\n%s", res.StatusCode, page)
	}
	page = bodyOf(admin.get("/settings/notifications"))
	if strings.Contains(page, secret[1]) {
		t.Fatal("the secret is shown again")
	}
	id := regexp.MustCompile(`/settings/notifications/webhooks/(\d+)/test`).FindStringSubmatch(page)
	if id == nil || !strings.Contains(page, "Ops channel") || !strings.Contains(page, "Slack") {
		t.Fatalf("the webhook is not listed:\n%s", page)
	}
	if res := admin.post("/settings/notifications/webhooks/"+id[1]+"/test", nil); res.StatusCode != 303 {
		t.Fatalf("send test: %d", res.StatusCode)
	}
	page = bodyOf(admin.get("/settings/notifications"))
	if !strings.Contains(page, "Test delivered: the receiver answered 200.") || !strings.Contains(page, `data-testid="delivery-log"`) {
		t.Errorf("after the test:\n%s", page)
	}
	mu.Lock()
	if len(got) != 1 || !strings.HasPrefix(got[0], `test {"text":"*Backupchecks test notification*`) {
		t.Errorf("the receiver got %q", got)
	}
	mu.Unlock()
	if res := h.login("op").post("/settings/notifications/webhooks/"+id[1]+"/delete", nil); res.StatusCode != 403 {
		t.Errorf("an operator deleting a webhook: %d", res.StatusCode)
	}
	if res := admin.post("/settings/notifications/webhooks/"+id[1]+"/delete", nil); res.StatusCode != 303 {
		t.Fatalf("delete: %d", res.StatusCode)
	}
	if page := bodyOf(admin.get("/settings/notifications")); strings.Contains(page, `data-testid="webhooks"`) {
		t.Error("the deleted webhook is still listed")
	}
}
