package coveimport_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/coveimport"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/integrations/cove/covetest"
)

// refusedCalls counts the statistics calls Cove answered with 13501.
func refusedCalls(calls []covetest.Call) int {
	n := 0
	for _, c := range calls {
		if c.Method == "EnumerateAccountStatistics" && c.ErrorData == 13501 {
			n++
		}
	}
	return n
}

// A tenant refusing the legacy System State columns (13501 for the whole
// call) costs a refused call and a re-login once; later polls remember it
// and sign in once, until the daily check of the full set.
func TestARefusedLegacyColumnIsRememberedNotRetriedWithExtraLogins(t *testing.T) {
	w := newWorld(t)
	w.server(11, 2, "acme-fs01", 5, w.now.Add(-time.Hour))
	w.fake.SetFaults(covetest.Faults{RefuseSources: []int{2, 3}})

	res := w.poll()
	if res.Seen != 1 || !strings.Contains(res.Note, "refuses some data-source columns") || strings.Contains(res.Note, "Operation failed") {
		t.Fatalf("first poll: %+v", res)
	}
	first := w.fake.Logins()

	for range 3 {
		w.now = w.now.Add(30 * time.Minute)
		logins, calls := w.fake.Logins(), len(w.fake.Calls())
		res = w.poll() // a new client each poll, as the appliance makes
		if d := w.fake.Logins() - logins; d != 1 {
			t.Fatalf("a later poll signed in %d times (the first took %d)", d, first)
		}
		if n := refusedCalls(w.fake.Calls()[calls:]); n != 0 {
			t.Fatalf("a later poll asked for the refused columns again (%d refused calls)", n)
		}
		if res.Seen != 1 || !strings.Contains(res.Note, "once a day") {
			t.Fatalf("later poll: %+v", res)
		}
	}

	// A day on, the full set is tried again: refused still, it is
	// remembered for another day; allowed, it is forgotten.
	w.now = w.now.Add(coveimport.RecheckRefused)
	calls := len(w.fake.Calls())
	w.poll()
	if n := refusedCalls(w.fake.Calls()[calls:]); n == 0 {
		t.Fatal("the full set was not tried again after a day")
	}
	w.fake.SetFaults(covetest.Faults{})
	w.now = w.now.Add(coveimport.RecheckRefused)
	if res := w.poll(); res.Note != "" {
		t.Fatalf("once Cove allows the columns: %+v", res)
	}
	if st, _ := w.svc.Status(); st.Memory.Refused != nil {
		t.Fatal("an allowed full set is still remembered as refused")
	}
}

// A source without a status of its own (its columns refused) is no object
// of the run, so it never reads as a warning; the message names it.
func TestASourceWithoutAStatusOfItsOwnIsNeverAWarning(t *testing.T) {
	w := newWorld(t)
	w.server(11, 2, "acme-fs01", 8, w.now.Add(-time.Hour)) // completed with errors
	w.fake.SetFaults(covetest.Faults{RefuseSources: []int{2}})
	w.poll()
	acme, _ := w.cust.Create("Acme Ltd", op)
	done, err := w.svc.Approve(11, acme.ID, op)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := w.svc.Get(11)
	if len(a.Sources) != 2 || a.Sources[1].StatusName() != "no status of its own" {
		t.Fatalf("sources: %+v", a.Sources)
	}
	rs := w.jobRuns(done.Job.ID)
	var last runs.Run
	for _, r := range rs {
		if r.Time.Equal(a.Total.Time) {
			last = r
		}
	}
	if last.ID == 0 {
		t.Fatalf("no run of the last session among %d", len(rs))
	}
	for _, o := range last.Objects {
		if o.Name == "System State" {
			t.Fatalf("System State, without a status of its own, is an object with status %s", o.Status)
		}
	}
	if len(last.Objects) != 1 || last.Objects[0].Name != "Files and Folders" || last.Objects[0].Status != runs.Warning {
		t.Fatalf("objects: %+v", last.Objects)
	}
	if !strings.Contains(last.Message, "System State: no status of its own.") {
		t.Fatalf("message: %q", last.Message)
	}
}

// What one API user was refused is not assumed of another.
func TestARefusalIsRememberedForItsConnectionOnly(t *testing.T) {
	w := newWorld(t)
	w.server(11, 2, "acme-fs01", 5, w.now.Add(-time.Hour))
	w.fake.SetFaults(covetest.Faults{RefuseSources: []int{2}})
	src := w.source().(coveimport.ClientSource)
	src.Identity = "first user"
	if _, err := w.svc.Poll(context.Background(), src); err != nil {
		t.Fatal(err)
	}
	w.fake.SetFaults(covetest.Faults{})
	other := w.source().(coveimport.ClientSource)
	other.Identity = "second user"
	res, err := w.svc.Poll(context.Background(), other)
	if err != nil || res.Note != "" {
		t.Fatalf("another connection polled with fewer columns: %+v %v", res, err)
	}
	if a, _ := w.svc.Get(11); a.Sources[1].Status != 5 {
		t.Fatalf("System State under the second user: %+v", a.Sources[1])
	}
}
