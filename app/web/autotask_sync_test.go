package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/app/audit"
)

// An operator presses "Sync now": a rename made in Autotask shows at once
// with a sentence that says so; an outage says nothing was changed.
func TestAutotaskSyncNow(t *testing.T) {
	h := newHarness(t)
	fake, tenant := h.autotask()
	company := tenant.AddCompany("Acme", true)
	if err := h.app.Autotask.Map(context.Background(), h.ids["customer"], company, audit.Actor{Name: "seed"}); err != nil {
		t.Fatal(err)
	}
	op := h.login("op")
	if page := bodyOf(op.get("/customers/autotask")); !strings.Contains(page, `action="/autotask/sync"`) {
		t.Fatal("the mapping page offers no Sync now")
	}
	tenant.RenameCompany(company, "Acme Holding")
	if r := op.post("/autotask/sync", nil); r.StatusCode != 303 {
		t.Fatalf("sync now: %d", r.StatusCode)
	}
	page := bodyOf(op.get("/customers/autotask"))
	if !strings.Contains(page, "Synchronised with Autotask. Read the companies of 1 mapped customer: 1 renamed in Autotask; 1 mapping changed.") {
		t.Errorf("after sync now the page says: %s", between(page, "<main", "</h1>"))
	}
	if c, _ := h.app.Customers.Get(h.ids["customer"]); c.Autotask == nil || c.Autotask.Name != "Acme Holding" {
		t.Errorf("the mapping after sync now: %+v", c.Autotask)
	}

	fake.Fail500(10)
	op.post("/autotask/sync", nil)
	if page := bodyOf(op.get("/customers/autotask")); !strings.Contains(page, "Nothing was changed.") {
		t.Errorf("an outage during sync now does not say nothing changed")
	}
}
