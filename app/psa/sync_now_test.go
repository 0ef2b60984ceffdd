package psa_test

import (
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/psa"
)

// Sync now after a rename, a deactivation, a deletion and a deleted
// ticket: each shows at once, and the sentence says what changed.
func TestSyncNowAfterRenameDeactivateDeleteAndADeletedTicket(t *testing.T) {
	w := newWorld(t)
	w.configure(nil)
	renamed, r, companyA := w.failedRun("Acme")
	inactive, _, companyB := w.failedRun("Beta")
	gone, _, companyC := w.failedRun("Gamma")
	res, err := w.svc.CreateTicket(w.ctx, r.ID, op)
	if err != nil {
		t.Fatal(err)
	}
	w.tenant.RenameCompany(companyA, "Acme Holding B.V.")
	w.tenant.SetCompanyActive(companyB, false)
	w.tenant.DeleteCompany(companyC)
	w.tenant.DeleteTicket(res.Link.TicketID)

	rep, err := w.svc.SyncNow(w.ctx, op)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Read the companies of 3 mapped customers", "1 renamed in Autotask", "1 inactive (tickets blocked)",
		"1 no longer in Autotask (tickets blocked)", "3 mappings changed", "Read 1 open linked ticket: 1 deleted in Autotask"} {
		if !strings.Contains(rep.Sentence(), want) {
			t.Errorf("%q lacks %q", rep.Sentence(), want)
		}
	}
	for c, want := range map[uint64]customers.MappingStatus{renamed.ID: customers.MappingRenamed, inactive.ID: customers.MappingInvalid, gone.ID: customers.MappingMissing} {
		if got := w.get(c).Autotask.Status; got != want {
			t.Errorf("customer %d: mapping %q, want %q", c, got, want)
		}
	}
	if cur, _ := w.links(r.ID).Current(); cur.State != psa.Deleted {
		t.Errorf("the deleted ticket's link is %q", cur.State)
	}
	if w.auditCount(audit.AutotaskSync) < 4 {
		t.Errorf("%d sync audit events, want the three changes and the operator's sync", w.auditCount(audit.AutotaskSync))
	}

	again, err := w.svc.SyncNow(w.ctx, op)
	if err != nil {
		t.Fatal(err)
	}
	if s := again.Sentence(); !strings.Contains(s, "No linked ticket is open.") || !strings.Contains(s, "nothing changed since the last sync") {
		t.Errorf("a second sync says %q", s)
	}
}
