package sso

import (
	"strconv"
	"testing"
	"time"
)

// 40,000 anonymous sign-in starts (the reproduction) keep at most
// maxPending states; the oldest go first, the newest still complete, and
// expired ones are dropped as new ones arrive.
func TestPendingSignInsAreCapped(t *testing.T) {
	var ps pendingStates
	now := time.Now()
	for i := range 40_000 {
		ps.add(strconv.Itoa(i), pending{next: "/", expires: now.Add(pendingFor)}, now)
	}
	if ps.len() != maxPending || len(ps.order) > maxPending {
		t.Fatalf("%d pending, %d in order, want at most %d", ps.len(), len(ps.order), maxPending)
	}
	if _, ok := ps.take("0"); ok {
		t.Error("the oldest sign-in was kept past the cap")
	}
	if p, ok := ps.take("39999"); !ok || p.next != "/" {
		t.Error("the newest sign-in cannot complete")
	}
	if _, ok := ps.take("39999"); ok {
		t.Error("a state was usable twice")
	}
	later := now.Add(pendingFor + time.Second)
	ps.add("fresh", pending{expires: later.Add(pendingFor)}, later)
	if ps.len() != 1 || len(ps.order) != 1 {
		t.Fatalf("after expiry: %d pending, %d in order, want 1", ps.len(), len(ps.order))
	}
}
