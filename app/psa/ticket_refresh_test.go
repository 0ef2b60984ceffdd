package psa_test

import (
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/psa"
	"github.com/backupchecks/backupchecks/app/remarks"
	"github.com/backupchecks/backupchecks/app/runs"
)

// "Open ticket" answers from the stored URL without a call to Autotask,
// however slow it is; a page showing a ticket state older than ten
// minutes has it read again in the background, and a ticket deleted in
// Autotask then stops offering Resolve.
func TestOpenTicketUsesTheStoredURLAndStaleStatesAreReadInTheBackground(t *testing.T) {
	w := newWorld(t)
	w.configure(nil)
	c, r, _ := w.failedRun("Acme")
	res, err := w.svc.CreateTicket(w.ctx, r.ID, op)
	if err != nil {
		t.Fatal(err)
	}
	w.fake.SetDelay(2 * time.Second)
	before := w.fake.Calls()
	start := time.Now()
	for range 30 {
		l, err := w.svc.OpenTicket(w.ctx, r.ID, op)
		if err != nil || l.URL != res.Link.URL {
			t.Fatalf("open: %+v, %v", l, err)
		}
	}
	if n := w.fake.Calls() - before; n != 0 || time.Since(start) > time.Second {
		t.Fatalf("30 opens made %d Autotask calls and took %v", n, time.Since(start))
	}
	w.fake.SetDelay(0)

	w.tenant.DeleteTicket(res.Link.TicketID)
	offers := func() psa.Offer {
		o, err := w.svc.Offers([]runs.Run{r}, func(uint64) customers.Customer { return c }, func(uint64) []remarks.Remark { return nil })
		if err != nil {
			t.Fatal(err)
		}
		return o[r.ID]
	}
	if o := offers(); !o.Resolve {
		t.Fatalf("a fresh open ticket offers %+v", o)
	}
	w.svc.WaitRefreshed()
	if n := w.fake.Calls() - before; n != 0 {
		t.Fatalf("a page with a fresh ticket state made %d calls", n)
	}

	w.svc.Now = func() time.Time { return time.Now().Add(11 * time.Minute) }
	offers() // shows the stale state at once, and asks for a read
	w.svc.WaitRefreshed()
	if o := offers(); o.Resolve || o.Current == nil || o.Current.State != psa.Deleted {
		t.Fatalf("after the background read the cell offers %+v", o)
	}
}
