package coveimport_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/coveimport"
	"github.com/backupchecks/backupchecks/integrations/cove/covetest"
)

// stored is every stored account by ID, to tell whether a poll changed any.
func (w *world) stored() map[int64]coveimport.Account {
	w.t.Helper()
	out := map[int64]coveimport.Account{}
	for _, st := range []coveimport.State{coveimport.Pending, coveimport.Approved, coveimport.Ignored} {
		list, err := w.svc.In(st)
		if err != nil {
			w.t.Fatal(err)
		}
		for _, a := range list {
			out[a.ID] = a
		}
	}
	return out
}

// fleetOf puts n servers of Acme, IDs 101.., last session an hour ago.
func (w *world) fleetOf(n int) {
	for i := range n {
		w.server(int64(101+i), 2, "acme-srv"+string(rune('a'+i)), 5, w.now.Add(-time.Hour))
	}
}

func TestAnEmptyListChangesNothingUntilASecondPollAgrees(t *testing.T) {
	w := newWorld(t)
	w.fleetOf(3)
	w.poll()
	before := w.stored()

	w.now = w.now.Add(time.Hour)
	w.fake.SetFaults(covetest.Faults{EmptyList: true})
	res := w.poll()
	if res.Held == nil || res.Held.Seen != 0 || res.Held.Baseline != 3 || res.Gone != 0 || res.Pending != 3 {
		t.Fatalf("first empty answer: %+v (held %+v)", res, res.Held)
	}
	if !strings.Contains(res.Held.Reason(), "Cove listed no accounts at all") || !strings.Contains(res.Held.Reason(), "No account was changed") {
		t.Fatalf("the reason the admin reads: %q", res.Held.Reason())
	}
	if after := w.stored(); !reflect.DeepEqual(before, after) {
		t.Fatal("an empty answer changed accounts on the first poll")
	}
	st, _ := w.svc.Status()
	if st.Memory.Held == nil || st.Memory.Baseline != 3 {
		t.Fatalf("the hold is not kept for the next poll: %+v", st.Memory)
	}

	w.now = w.now.Add(time.Hour)
	res = w.poll()
	if res.Held != nil || res.Gone != 3 {
		t.Fatalf("second empty answer, which agrees: %+v", res)
	}
	for id, a := range w.stored() {
		if a.Gone.IsZero() {
			t.Errorf("account %d is not marked gone after two empty answers", id)
		}
	}
}

// A list 30 % shorter changes no account, and records no run, on the first
// poll; the second poll, with the same answer, applies it.
func TestAShrinkOfThirtyPercentWaitsForASecondPoll(t *testing.T) {
	w := newWorld(t)
	w.fleetOf(10)
	w.poll()
	acme, _ := w.cust.Create("Acme Ltd", op)
	if _, err := w.svc.Approve(101, acme.ID, op); err != nil {
		t.Fatal(err)
	}
	before := w.stored()
	jobID := before[101].JobID
	runsBefore := len(w.jobRuns(jobID))

	w.now = w.now.Add(time.Hour)
	w.server(101, 2, "acme-srva", 2, w.now.Add(-10*time.Minute)) // a new, failed session
	w.fake.SetFaults(covetest.Faults{ListOnly: 7})
	res := w.poll()
	if res.Held == nil || res.Held.Seen != 7 || res.Held.Baseline != 10 || res.Runs != 0 || res.Gone != 0 {
		t.Fatalf("first poll after the shrink: %+v (held %+v)", res, res.Held)
	}
	if !strings.Contains(res.Held.Reason(), "3 fewer than the 10") {
		t.Fatalf("the reason the admin reads: %q", res.Held.Reason())
	}
	if after := w.stored(); !reflect.DeepEqual(before, after) {
		t.Fatal("a 30 % shrink changed accounts on the first poll")
	}
	if n := len(w.jobRuns(jobID)); n != runsBefore {
		t.Fatalf("a held poll recorded %d run(s)", n-runsBefore)
	}

	w.now = w.now.Add(time.Hour)
	res = w.poll()
	if res.Held != nil || res.Gone != 3 || res.Runs != 1 {
		t.Fatalf("second poll, which agrees: %+v", res)
	}
	if a, _ := w.svc.Get(110); a.Gone.IsZero() {
		t.Fatal("an account missing from both lists is not gone")
	}
	if a, _ := w.svc.Get(101); a.Total.Status != 2 {
		t.Fatalf("the listed account was not updated: status %d", a.Total.Status)
	}
	st, _ := w.svc.Status()
	if st.Memory.Held != nil || st.Memory.Baseline != 7 {
		t.Fatalf("after applying, the memory: %+v", st.Memory)
	}
}

// A shrink of a tenth or less is normal churn, and a hold ends when Cove
// lists everything again.
func TestSmallShrinksApplyAtOnceAndAHoldEndsWhenTheListComesBack(t *testing.T) {
	w := newWorld(t)
	w.fleetOf(10)
	w.poll()
	w.fake.RemoveDevice(110)
	if res := w.poll(); res.Held != nil || res.Gone != 1 {
		t.Fatalf("one of ten gone: %+v", res)
	}
	w.fake.SetFaults(covetest.Faults{ListOnly: 4})
	if res := w.poll(); res.Held == nil {
		t.Fatalf("four of nine: %+v", res)
	}
	w.fake.SetFaults(covetest.Faults{})
	if res := w.poll(); res.Held != nil || res.Gone != 0 || res.Seen != 9 {
		t.Fatalf("all nine back: %+v", res)
	}
	// A held list that the next poll does not confirm is held again.
	w.fake.SetFaults(covetest.Faults{ListOnly: 6})
	w.poll()
	w.fake.SetFaults(covetest.Faults{ListOnly: 2})
	if res := w.poll(); res.Held == nil || res.Held.Seen != 2 || res.Gone != 0 {
		t.Fatalf("six, then two of nine: %+v", res)
	}
}

func TestAnAccountCoveStopsListingIsMarkedGoneUntilListedAgain(t *testing.T) {
	w := newWorld(t)
	for i := range 11 {
		w.server(int64(11+i), 2, "acme-fs"+string(rune('a'+i)), 5, w.now.Add(-time.Hour))
	}
	w.poll()
	w.fake.RemoveDevice(12) // one of eleven: less than a tenth
	w.now = w.now.Add(time.Hour)
	if res := w.poll(); res.Gone != 1 || res.Seen != 10 {
		t.Fatalf("poll after a device was removed: %+v", res)
	}
	if res := w.poll(); res.Gone != 0 {
		t.Fatal("a gone account was counted again")
	}
	a, _ := w.svc.Get(12)
	if !a.Gone.Equal(w.now.UTC()) {
		t.Fatalf("gone since %v, want %v", a.Gone, w.now)
	}
	if b, _ := w.svc.Get(11); !b.Gone.IsZero() {
		t.Fatal("a listed account was marked gone")
	}
	w.server(12, 2, "acme-fsb", 5, w.now.Add(-time.Hour))
	w.poll()
	if a, _ := w.svc.Get(12); !a.Gone.IsZero() {
		t.Fatal("an account listed again still counts as gone")
	}
}

// Without a remembered baseline (a status saved before this check, or
// lost), the stored accounts stand in: an empty answer is still held.
func TestWithoutABaselineTheStoredAccountsStandIn(t *testing.T) {
	w := newWorld(t)
	w.fleetOf(3)
	w.poll()
	if err := w.svc.SaveStatus(coveimport.PollStatus{}); err != nil {
		t.Fatal(err)
	}
	w.fake.SetFaults(covetest.Faults{EmptyList: true})
	if res := w.poll(); res.Held == nil || res.Held.Baseline != 3 || res.Gone != 0 {
		t.Fatalf("an empty answer without a remembered baseline: %+v", res)
	}
}
