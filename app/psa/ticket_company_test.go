package psa_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/psa"
)

// The mapped company went inactive or was deleted in Autotask after the
// last sync: Create names that as the cause (not the ticket defaults) and
// marks the mapping at once, so the next click is blocked before calling.
func TestCreateForACompanyGoneSinceTheSyncMarksTheMapping(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(w *world, company int64)
		want   string
		status customers.MappingStatus
	}{
		{"deactivated", func(w *world, id int64) { w.tenant.SetCompanyActive(id, false) }, "is inactive in Autotask", customers.MappingInvalid},
		{"deleted", func(w *world, id int64) { w.tenant.DeleteCompany(id) }, "no longer exists in Autotask", customers.MappingMissing},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			w.configure(nil)
			c, r, company := w.failedRun("Acme")
			tc.change(w, company)
			_, err := w.svc.CreateTicket(w.ctx, r.ID, op)
			var refused *psa.Refused
			if !errors.As(err, &refused) || !strings.Contains(refused.Reason, tc.want) || strings.Contains(refused.Reason, "ticket defaults") ||
				!strings.Contains(refused.Reason, "Nothing was created") {
				t.Fatalf("create: %v", err)
			}
			if got := w.get(c.ID).Autotask.Status; got != tc.status {
				t.Errorf("mapping %q, want %q", got, tc.status)
			}
			if len(w.tenant.Tickets()) != 0 || len(w.links(r.ID).Links) != 0 {
				t.Error("something was created or reserved")
			}
			before := w.fake.Calls()
			if _, err := w.svc.CreateTicket(w.ctx, r.ID, op); !errors.As(err, &refused) || w.fake.Calls() != before {
				t.Errorf("the next click: %v after %d calls", err, w.fake.Calls()-before)
			}
		})
	}
}
