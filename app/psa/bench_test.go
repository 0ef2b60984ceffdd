package psa_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/psa"
	"github.com/backupchecks/backupchecks/app/runs"
)

// BenchmarkCreateTicket is one "Create Autotask ticket" click against the
// fake over loopback, on a real Badger directory: slot reserved, ticket
// created, read back for its number, link stored. It reports Autotask
// requests per ticket.
func BenchmarkCreateTicket(b *testing.B) {
	w := newWorld(b)
	w.configure(nil)
	_, first, _ := w.failedRun("Acme")
	ids := []uint64{first.ID}
	for i := 1; i < b.N; i++ {
		r, _, err := w.runs.Record(runs.NewRun{JobID: first.JobID, Source: runs.FromEmail, ExternalID: fmt.Sprint("bench-", i),
			Time: first.Time.Add(time.Duration(i) * time.Minute), Status: runs.Failed})
		if err != nil {
			b.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	if _, err := w.svc.SearchCompanies(w.ctx, "warm up"); err != nil { // zone discovery, once per client
		b.Fatal(err)
	}
	before := w.fake.Calls()
	b.ResetTimer()
	for _, id := range ids {
		if _, err := w.svc.CreateTicket(w.ctx, id, op); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(w.fake.Calls()-before)/float64(len(ids)), "requests/ticket")
	if got := len(w.tenant.Tickets()); got != len(ids) {
		b.Fatalf("%d tickets for %d runs", got, len(ids))
	}
}

// BenchmarkBulkMapping300 is the bulk page for 300 unmapped customers over
// 1,000 active companies: the suggestions (one read of every active
// company) and mapping the 300 exact matches in one submit.
func BenchmarkBulkMapping300(b *testing.B) {
	for range b.N {
		b.StopTimer()
		w := newWorld(b)
		w.configure(nil)
		for i := 1; i <= 300; i++ {
			name := fmt.Sprintf("Customer %03d", i)
			w.customer(name)
			w.tenant.AddCompany(name, true)
		}
		for i := range 700 {
			w.tenant.AddCompany(fmt.Sprintf("Unrelated Company %d", i), true)
		}
		before := w.fake.Calls()
		b.StartTimer()
		sug, err := w.svc.BulkSuggestions(w.ctx)
		if err != nil {
			b.Fatal(err)
		}
		var pairs []psa.Pair
		for _, r := range sug.Rows {
			pairs = append(pairs, psa.Pair{CustomerID: r.Customer.ID, CompanyID: r.Exact.ID})
		}
		res, err := w.svc.MapMany(w.ctx, pairs, op)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if res.Mapped != 300 {
			b.Fatalf("%d mapped, want 300", res.Mapped)
		}
		b.ReportMetric(float64(w.fake.Calls()-before), "requests")
	}
}
