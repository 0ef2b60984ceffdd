package overrides_test

import (
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/overrides"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/storage"
)

func TestOverrideAppliesRetroactivelyAndAtRecordTime(t *testing.T) {
	st, err := storage.Open(storage.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cs := customers.NewService(st)
	c, _ := cs.Create("Acme", audit.Actor{})
	js := jobs.NewService(st, func(uint64) error { return nil })
	rs := runs.NewService(st)
	ov := overrides.NewService(st, js, rs)
	rs.Adjust = ov.Adjust
	j, _ := js.Create(jobs.NewJob{CustomerID: c.ID, Source: jobs.Email, Software: "Veeam", Type: "Backup", Name: "Nightly", MatchKey: "k"}, audit.Actor{})
	at := time.Now().Add(-time.Hour)
	record := func(id string, st runs.Status, obj string) runs.Run {
		r, _, err := rs.Record(runs.NewRun{JobID: j.ID, Source: runs.FromEmail, ExternalID: id, Time: at, Status: st, Message: "finished",
			Objects: []runs.Object{{Name: obj, Status: st, Message: "CBT disabled"}}})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	waiting := record("1", runs.Warning, "TEST-VM01")
	real := record("2", runs.Warning, "DC01")

	o, n, err := ov.Create(overrides.Override{JobID: j.ID, Statuses: []runs.Status{runs.Warning},
		Object: overrides.Match{Mode: overrides.Prefix, Pattern: "test-"}, Reason: "test VMs have no CBT"}, audit.Actor{Name: "op"})
	if err != nil || n != 1 {
		t.Fatalf("create: applied to %d waiting runs, %v", n, err)
	}
	got, _ := rs.Get(waiting.ID)
	if got.Status != runs.Success || got.Override == nil || got.Override.Original != runs.Warning || got.ReviewedBy != "auto" {
		t.Fatalf("waiting run after the override: %+v", got)
	}
	if got, _ := rs.Get(real.ID); got.Status != runs.Warning || got.Override != nil {
		t.Fatalf("a run the override does not match changed: %+v", got)
	}
	later := record("3", runs.Warning, "TEST-VM02")
	if later.Status != runs.Success || later.Override.ID != o.ID {
		t.Fatalf("a new run was not overridden when recorded: %+v", later)
	}
	if q, _ := rs.Unreviewed(); len(q) != 1 || q[0].RunID != real.ID {
		t.Fatalf("queue: %+v", q)
	}
	if _, err := ov.Expire(o.ID, audit.Actor{Name: "op"}); err != nil {
		t.Fatal(err)
	}
	at = time.Now().Add(time.Minute) // validity is about when the run ran
	if r := record("4", runs.Warning, "TEST-VM03"); r.Status != runs.Warning {
		t.Fatal("an expired override still applies")
	}
	if got, _ := rs.Get(waiting.ID); got.Status != runs.Success {
		t.Fatal("expiring took back what the override did")
	}
	p, _ := st.List(audit.Filter{Action: audit.OverrideCreate})
	if len(p.Events) != 1 || p.Events[0].Target != "job Nightly" {
		t.Fatalf("audit: %+v", p.Events)
	}
}
