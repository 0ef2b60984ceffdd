package demo_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/appliance"
	"github.com/backupchecks/backupchecks/app/demo"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/psa"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/app/secret"
	"github.com/backupchecks/backupchecks/storage"
)

// newAppliance is an empty appliance on an in-memory store.
func newAppliance(t *testing.T) *appliance.Appliance {
	t.Helper()
	st, err := storage.Open(storage.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	a, err := appliance.New(st, appliance.Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestGenerateRealisticMix(t *testing.T) {
	a := newAppliance(t)
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	sum, err := demo.Generate(demo.Services{Customers: a.Customers, Jobs: a.Jobs, Runs: a.Runs, Overrides: a.Overrides, Remarks: a.Remarks}, demo.Size{Customers: 6, Days: 30}, 42, now)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Customers != 6 || sum.Jobs < 18 || sum.Runs < sum.Jobs*20 {
		t.Fatalf("summary %+v: too little data for a demo", sum)
	}
	all, _ := a.Jobs.List(jobs.Filter{Archived: "all"}, func(uint64) string { return "" })
	if len(all) != sum.Jobs {
		t.Fatalf("%d jobs stored, summary says %d", len(all), sum.Jobs)
	}
	statuses, sources, total, overridden := map[runs.Status]int{}, map[jobs.Source]int{}, 0, 0
	for _, j := range all {
		sources[j.Source]++
		p, err := a.Runs.OfJob(j.ID, "", 1000)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Runs) < 20 {
			t.Fatalf("job %s has only %d runs in 30 days", j.Name, len(p.Runs))
		}
		for _, r := range p.Runs {
			statuses[r.Status]++
			total++
			if r.Override != nil {
				overridden++
			}
			if r.Time.After(now) {
				t.Fatalf("run in the future: %v", r.Time)
			}
			if r.Status == runs.Failed && len(r.Failing()) == 0 {
				t.Fatalf("failed run without a failing object: %+v", r)
			}
		}
	}
	if total != sum.Runs {
		t.Fatalf("%d runs stored, summary says %d", total, sum.Runs)
	}
	for _, s := range []runs.Status{runs.Success, runs.Warning, runs.Failed, runs.Missed} {
		if statuses[s] == 0 {
			t.Errorf("no %s runs in the demo: %v", s, statuses)
		}
	}
	if statuses[runs.Success] < total*3/4 {
		t.Errorf("demo is implausibly unhealthy: %v", statuses)
	}
	if sources[jobs.Email] == 0 || sources[jobs.Cove] == 0 {
		t.Errorf("demo lacks mail or Cove jobs: %v", sources)
	}
	if overridden == 0 {
		t.Error("no run in the demo shows an override")
	}
	if rs, _ := a.Remarks.List(); len(rs) != 2 {
		t.Errorf("demo has %d remarks, want a ticket and a customer remark", len(rs))
	}
	if q, _ := a.Runs.Unreviewed(); len(q) == 0 || len(q) > sum.Jobs*3 {
		t.Errorf("%d runs wait for review: the demo should look like a morning's queue", len(q))
	}
}

// The Autotask demo leaves what a newcomer needs to click "Create Autotask
// ticket": the integration on and tested, mapped customers with waiting
// failures, two tickets (one with time booked), and unmapped customers for
// the bulk page.
func TestAutotaskDemo(t *testing.T) {
	a := newAppliance(t)
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	if _, err := demo.Generate(demo.Services{Customers: a.Customers, Jobs: a.Jobs, Runs: a.Runs, Overrides: a.Overrides, Remarks: a.Remarks}, demo.Size{Customers: 10, Days: 14}, 7, now); err != nil {
		t.Fatal(err)
	}
	fake, sum, err := demo.Autotask(demo.AutotaskServices{Settings: a.Settings, Autotask: a.Autotask, Customers: a.Customers, Jobs: a.Jobs, Runs: a.Runs},
		4, 2, "http://localhost:8080")
	if err != nil {
		t.Fatal(err)
	}
	defer fake.Close()
	if sum.Mapped != 4 || sum.Tickets != 2 || sum.Companies != 12 {
		t.Fatalf("summary %+v, want 4 mapped, 2 tickets, 12 companies", sum)
	}
	if got := len(fake.Tenant.Tickets()); got != 2 {
		t.Fatalf("the fake holds %d tickets, want the 2 the summary counts", got)
	}
	if !a.Autotask.Enabled() {
		t.Fatal("the demo left the integration off")
	}
	cfg, _ := a.Settings.Autotask()
	if _, err := a.Autotask.TestConnection(context.Background(), cfg, secret.Value{}); err != nil {
		t.Fatalf("test connection with the demo's settings: %v", err)
	}
	all, _ := a.Customers.List("")
	mappedOK := 0
	for _, c := range all {
		if c.Autotask != nil && psa.TicketBlocker(c) == "" {
			mappedOK++
		}
	}
	if mappedOK != 4 {
		t.Fatalf("%d customers can get tickets, want 4", mappedOK)
	}
	bulk, err := a.Autotask.BulkSuggestions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(bulk.Rows) != 6 {
		t.Fatalf("the bulk page lists %d unmapped customers, want 6", len(bulk.Rows))
	}
}

// The bench's sizes: jobs spread evenly over the customers, a share of the
// runs with objects, and the same data whatever the number of workers.
func TestGenerateAtScaleIsTheSameWithWorkers(t *testing.T) {
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	size := demo.Size{Customers: 4, Jobs: 26, Days: 20, ObjectShare: 33, WaitingDays: 3}
	type shape struct {
		sum                 demo.Summary
		perCustomer         map[string]int
		statuses            map[runs.Status]int
		withObjects, queued int
	}
	generate := func(workers int) shape {
		a := newAppliance(t)
		sum, err := demo.GenerateWith(demo.Services{Customers: a.Customers, Jobs: a.Jobs, Runs: a.Runs, Overrides: a.Overrides, Remarks: a.Remarks}, size, 9, now, demo.Options{Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		sh := shape{sum: sum, perCustomer: map[string]int{}, statuses: map[runs.Status]int{}}
		all, _ := a.Jobs.List(jobs.Filter{Archived: "all"}, func(uint64) string { return "" })
		for _, j := range all {
			c, _ := a.Customers.Get(j.CustomerID)
			sh.perCustomer[c.Name]++
			p, err := a.Runs.OfJob(j.ID, "", 1000)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range p.Runs {
				sh.statuses[r.Status]++
				if len(r.Objects) > 0 {
					sh.withObjects++
				}
			}
		}
		q, _ := a.Runs.Unreviewed()
		sh.queued = len(q)
		return sh
	}
	one, many := generate(1), generate(6)
	if fmt.Sprint(one) != fmt.Sprint(many) {
		t.Fatalf("one worker made %+v, six made %+v", one, many)
	}
	if one.sum.Jobs != 26 {
		t.Fatalf("%d jobs, want 26", one.sum.Jobs)
	}
	for name, n := range one.perCustomer {
		if n != 6 && n != 7 {
			t.Errorf("customer %s has %d jobs, want 6 or 7", name, n)
		}
	}
	if share := one.withObjects * 100 / one.sum.Runs; share < 20 || share > 45 {
		t.Errorf("%d%% of the runs list objects, want about 33%%", share)
	}
}
