package review_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/review"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/storage"
)

type world struct {
	t   *testing.T
	st  *storage.Store
	svc *review.Service
	at  time.Time
	n   int
}

func newWorld(t *testing.T) *world {
	st, err := storage.Open(storage.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cs := customers.NewService(st)
	return &world{t: t, st: st, at: time.Date(2026, 11, 20, 22, 0, 0, 0, time.UTC), svc: &review.Service{
		Runs: runs.NewService(st), Customers: cs,
		Jobs: jobs.NewService(st, func(id uint64) error { _, err := cs.Get(id); return err }),
	}}
}

func (w *world) job(customer, name string) jobs.Job {
	c, err := w.svc.Customers.FindOrCreate(customer, audit.Actor{})
	if err != nil {
		w.t.Fatal(err)
	}
	j, err := w.svc.Jobs.Create(jobs.NewJob{CustomerID: c.ID, Source: jobs.Email, Software: "Veeam", Type: "Backup", Name: name, MatchKey: customer + "/" + name}, audit.Actor{})
	if err != nil {
		w.t.Fatal(err)
	}
	return j
}

func (w *world) run(j jobs.Job, st runs.Status, hoursAgo int) runs.Run {
	w.n++
	r, _, err := w.svc.Runs.Record(runs.NewRun{JobID: j.ID, Source: runs.FromEmail, ExternalID: fmt.Sprint(w.n), Time: w.at.Add(-time.Duration(hoursAgo) * time.Hour), Status: st})
	if err != nil {
		w.t.Fatal(err)
	}
	return r
}

// order flattens a queue page to "customer/job/status" rows.
func order(q review.Queue) []string {
	var out []string
	for _, c := range q.Groups {
		for _, j := range c.Jobs {
			for _, r := range j.Runs {
				out = append(out, c.Customer.Name+"/"+j.Job.Name+"/"+string(r.Status))
			}
		}
	}
	return out
}

func TestQueueIsWorstFirstGroupedByCustomerAndJob(t *testing.T) {
	w := newWorld(t)
	aNightly, aSQL := w.job("Acme", "Nightly"), w.job("Acme", "SQL")
	bFiles := w.job("Beta", "Files")
	zVMs := w.job("Zeta", "VMs")
	w.run(aNightly, runs.Warning, 1)
	w.run(aSQL, runs.Missed, 2)
	w.run(bFiles, runs.Warning, 3)
	w.run(zVMs, runs.Failed, 4)
	w.run(zVMs, runs.Warning, 1)
	w.run(aNightly, runs.Success, 0) // reviewed automatically: never queued

	q, err := w.svc.Page(review.Filter{}, 200)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Zeta/VMs/failed", "Zeta/VMs/warning", "Acme/SQL/missed", "Acme/Nightly/warning", "Beta/Files/warning"}
	if got := order(q); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("queue order\n got %v\nwant %v", got, want)
	}
	// Nightly's warning was followed by its success: counted as recovered too.
	if q.Counts != (review.Counts{Failed: 1, Missed: 1, Warning: 3, Recovered: 1}) || q.Matched != 5 || q.Shown != 5 {
		t.Fatalf("counts %+v matched %d shown %d", q.Counts, q.Matched, q.Shown)
	}
}

func TestQueueFiltersLimitsAndLeavesArchivedJobsOut(t *testing.T) {
	w := newWorld(t)
	a, b, old := w.job("Acme", "Nightly"), w.job("Beta", "Files"), w.job("Acme", "Old server")
	for i := 0; i < 5; i++ {
		w.run(a, runs.Warning, i)
	}
	w.run(b, runs.Failed, 1)
	w.run(old, runs.Failed, 1)
	if _, err := w.svc.Jobs.SetArchived(old.ID, true, audit.Actor{}); err != nil {
		t.Fatal(err)
	}

	q, _ := w.svc.Page(review.Filter{}, 3)
	if got := order(q); fmt.Sprint(got) != "[Beta/Files/failed Acme/Nightly/warning Acme/Nightly/warning]" {
		t.Fatalf("first page of 3: %v", got)
	}
	if q.Matched != 6 || q.Shown != 3 || q.Groups[1].Jobs[0].Hidden != 3 {
		t.Fatalf("matched %d shown %d hidden %d", q.Matched, q.Shown, q.Groups[1].Jobs[0].Hidden)
	}
	q, _ = w.svc.Page(review.Filter{CustomerID: a.CustomerID}, 200)
	if q.Counts != (review.Counts{Warning: 5}) || q.Matched != 5 {
		t.Fatalf("Acme only (archived job left out): %+v, %d", q.Counts, q.Matched)
	}
	q, _ = w.svc.Page(review.Filter{Status: runs.Failed}, 200)
	if got := order(q); fmt.Sprint(got) != "[Beta/Files/failed]" || q.Counts.Warning != 5 {
		t.Fatalf("failed only: %v, counts %+v", got, q.Counts)
	}
}

func TestQueueVersionChangesOnlyWhenTheQueueDoes(t *testing.T) {
	w := newWorld(t)
	a := w.job("Acme", "Nightly")
	r := w.run(a, runs.Failed, 1)
	v1, _ := w.svc.Version(review.Filter{})
	if v2, _ := w.svc.Version(review.Filter{}); v2 != v1 {
		t.Fatal("version differs for the same queue")
	}
	w.run(a, runs.Warning, 2)
	v3, _ := w.svc.Version(review.Filter{})
	if v3 == v1 {
		t.Fatal("a new run did not change the version")
	}
	if vf, _ := w.svc.Version(review.Filter{Status: runs.Failed}); vf == v1 {
		t.Fatal("a different filter must give a different version even when it matches the same runs")
	}
	w.svc.Runs.Review([]uint64{r.ID}, audit.Actor{Name: "op"})
	if v4, _ := w.svc.Version(review.Filter{}); v4 == v3 {
		t.Fatal("reviewing a run did not change the version")
	}
}

func TestBulkReviewOfAJobAndOfSuccesses(t *testing.T) {
	w := newWorld(t)
	w.svc.Runs.SuccessNeedsReview = func() bool { return true }
	a, b := w.job("Acme", "Nightly"), w.job("Beta", "Files")
	w.run(a, runs.Failed, 1)
	w.run(a, runs.Success, 2)
	w.run(b, runs.Success, 3)
	w.run(b, runs.Warning, 3)

	if n, err := w.svc.ReviewSuccesses(review.Filter{CustomerID: b.CustomerID}, audit.Actor{Name: "op"}); n != 1 || err != nil {
		t.Fatalf("review Beta's successes: %d %v", n, err)
	}
	if n, _ := w.svc.ReviewJob(a.ID, audit.Actor{Name: "op"}); n != 2 {
		t.Fatalf("review all of Nightly reviewed %d runs, want 2", n)
	}
	q, _ := w.svc.Page(review.Filter{}, 200)
	if got := order(q); fmt.Sprint(got) != "[Beta/Files/warning]" {
		t.Fatalf("left in the queue: %v", got)
	}
}
