package storage

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
)

func newJob(t *testing.T, s *Store, name string) jobs.Job {
	t.Helper()
	c, err := s.CustomerByName("Acme")
	if errors.Is(err, customers.ErrNotFound) {
		c, err = s.CreateCustomer(customers.Customer{Name: "Acme", Active: true}, ev(audit.CustomerCreate, "x"))
	}
	if err != nil {
		t.Fatal(err)
	}
	j, err := s.CreateJob(jobs.Job{CustomerID: c.ID, Source: jobs.Email, Name: name, MatchKey: "k:" + name}, ev(audit.JobCreate, "x"))
	if err != nil {
		t.Fatal(err)
	}
	return j
}

func countKeys(t *testing.T, s *Store, prefix string) int {
	t.Helper()
	n := 0
	_ = s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(prefix)})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			n++
		}
		return nil
	})
	return n
}

func TestRecordRunIsIdempotentPerJobAndExternalID(t *testing.T) {
	s := memStore(t)
	a, b := newJob(t, s, "a"), newJob(t, s, "b")
	at := time.Date(2026, 3, 1, 22, 0, 0, 0, time.UTC)
	r1, created, err := s.RecordRun(runs.Run{JobID: a.ID, ExternalID: "<m1@x>", Time: at, Status: runs.Failed}, "")
	if err != nil || !created {
		t.Fatalf("first record: %v %v", created, err)
	}
	r2, created, err := s.RecordRun(runs.Run{JobID: a.ID, ExternalID: "<m1@x>", Time: at.Add(time.Hour), Status: runs.Success}, "")
	if err != nil || created || r2.ID != r1.ID || r2.Status != runs.Failed {
		t.Fatalf("second record of the same report: created %v, %+v, %v", created, r2, err)
	}
	if _, created, _ := s.RecordRun(runs.Run{JobID: b.ID, ExternalID: "<m1@x>", Time: at, Status: runs.Success}, ""); !created {
		t.Fatal("the same external ID on another job was refused")
	}
	if n := countKeys(t, s, "run/"); n != 2 {
		t.Fatalf("%d runs stored, want 2", n)
	}
	if _, _, err := s.RecordRun(runs.Run{JobID: 999, ExternalID: "x", Time: at, Status: runs.Success}, ""); !errors.Is(err, jobs.ErrNotFound) {
		t.Fatalf("run of an unknown job: %v", err)
	}
}

func TestConcurrentDuplicateReportsStoreOneRun(t *testing.T) {
	s := memStore(t)
	j := newJob(t, s, "a")
	var wg sync.WaitGroup
	var mu sync.Mutex
	created := 0
	for range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, c, err := s.RecordRun(runs.Run{JobID: j.ID, ExternalID: "same", Time: time.Now(), Status: runs.Warning}, "")
			if err != nil {
				t.Error(err)
			}
			if c {
				mu.Lock()
				created++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if created != 1 || countKeys(t, s, "run/") != 1 {
		t.Fatalf("%d created, %d stored; want exactly one", created, countKeys(t, s, "run/"))
	}
}

func TestRunsOfJobNewestFirstWithPaging(t *testing.T) {
	s := memStore(t)
	j, other := newJob(t, s, "a"), newJob(t, s, "b")
	base := time.Date(2026, 1, 1, 22, 0, 0, 0, time.UTC)
	// Recorded out of order, as a re-imported mailbox would.
	for _, day := range []int{5, 1, 9, 3, 7, 2, 8, 4, 6, 0} {
		if _, _, err := s.RecordRun(runs.Run{JobID: j.ID, ExternalID: fmt.Sprint(day), Time: base.AddDate(0, 0, day), Status: runs.Success}, ""); err != nil {
			t.Fatal(err)
		}
	}
	_, _, _ = s.RecordRun(runs.Run{JobID: other.ID, ExternalID: "x", Time: base.AddDate(0, 0, 20), Status: runs.Failed}, "")
	var days []int
	p, err := s.RunsOfJob(j.ID, "", 4)
	for {
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Runs {
			if r.JobID != j.ID {
				t.Fatalf("run of job %d in job %d's list", r.JobID, j.ID)
			}
			days = append(days, int(r.Time.Sub(base).Hours()/24))
		}
		if p.Next == "" {
			break
		}
		p, err = s.RunsOfJob(j.ID, p.Next, 4)
	}
	if fmt.Sprint(days) != "[9 8 7 6 5 4 3 2 1 0]" {
		t.Fatalf("days %v, want newest first without gaps", days)
	}
	got, _ := s.Job(j.ID)
	if !got.LastRun.Equal(base.AddDate(0, 0, 9)) || got.LastStatus != "success" {
		t.Fatalf("job summary %v %q: an older run must not replace the newest", got.LastRun, got.LastStatus)
	}
}

func TestUnreviewedIndexFollowsReview(t *testing.T) {
	s := memStore(t)
	j := newJob(t, s, "a")
	now := time.Now().UTC()
	_, _, _ = s.RecordRun(runs.Run{JobID: j.ID, ExternalID: "1", Time: now, Status: runs.Failed}, "")
	_, _, _ = s.RecordRun(runs.Run{JobID: j.ID, ExternalID: "2", Time: now, Status: runs.Success, Reviewed: now, ReviewedBy: "auto"}, "")
	if n := countKeys(t, s, "ix/run/unrev/"); n != 1 {
		t.Fatalf("%d unreviewed index entries, want 1 (the failure)", n)
	}
}

func TestSaveJobKeepsLastRunSummary(t *testing.T) {
	s := memStore(t)
	j := newJob(t, s, "a")
	at := time.Date(2026, 2, 2, 2, 0, 0, 0, time.UTC)
	_, _, _ = s.RecordRun(runs.Run{JobID: j.ID, ExternalID: "1", Time: at, Status: runs.Failed}, "")
	j.Name = "renamed" // j is the stale copy from before the run
	if err := s.SaveJob(j, ev(audit.JobRename, "x")); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Job(j.ID)
	if got.Name != "renamed" || got.LastStatus != "failed" || !got.LastRun.Equal(at) {
		t.Fatalf("after rename: %+v", got)
	}
}

func TestCustomerNamesUniqueAndMatchKeysUnique(t *testing.T) {
	s := memStore(t)
	if _, err := s.CreateCustomer(customers.Customer{Name: "Bakker BV"}, ev(audit.CustomerCreate, "x")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateCustomer(customers.Customer{Name: "bakker bv"}, ev(audit.CustomerCreate, "x")); !errors.Is(err, customers.ErrNameTaken) {
		t.Fatalf("duplicate customer: %v", err)
	}
	newJob(t, s, "a")
	c, _ := s.CustomerByName("acme")
	if _, err := s.CreateJob(jobs.Job{CustomerID: c.ID, Source: jobs.Email, Name: "dup", MatchKey: "k:a"}, ev(audit.JobCreate, "x")); !errors.Is(err, jobs.ErrKeyTaken) {
		t.Fatalf("duplicate match key: %v", err)
	}
}

func TestRecordRunsInBatchesIsRecordRunForEach(t *testing.T) {
	s := memStore(t)
	a, b := newJob(t, s, "a"), newJob(t, s, "b")
	day := time.Date(2026, 3, 1, 22, 0, 0, 0, time.UTC)
	if _, _, err := s.RecordRun(runs.Run{JobID: a.ID, Source: runs.FromSchedule, ExternalID: "missed:2026-03-01", Time: day, Status: runs.Missed}, ""); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.RecordRun(runs.Run{JobID: b.ID, ExternalID: "seen", Time: day, Status: runs.Success}, ""); err != nil {
		t.Fatal(err)
	}
	var list []runs.Run
	var supersede []string
	for i := range 600 { // more than one batch
		list = append(list, runs.Run{JobID: a.ID, ExternalID: fmt.Sprint("s", i), Time: day.Add(time.Duration(i) * time.Minute), Status: runs.Success})
		supersede = append(supersede, "missed:2026-03-01")
	}
	list = append(list, runs.Run{JobID: b.ID, ExternalID: "seen", Time: day.Add(time.Hour), Status: runs.Failed})
	supersede = append(supersede, "")
	stored, created, err := s.RecordRuns(list, supersede)
	if err != nil {
		t.Fatal(err)
	}
	if !created[0] || !created[599] || created[600] || stored[600].Status != runs.Success {
		t.Fatalf("created flags: first %v, last new %v, the run seen before %v (%s)", created[0], created[599], created[600], stored[600].Status)
	}
	if n := countKeys(t, s, "ix/run/ext/"); n != 601 {
		t.Fatalf("%d runs stored, want 600 new ones and the one seen before (the missed run superseded)", n)
	}
	j, _ := s.Job(a.ID)
	if !j.LastRun.Equal(day.Add(599*time.Minute)) || j.LastStatus != "success" {
		t.Fatalf("job's last run: %v %s", j.LastRun, j.LastStatus)
	}
}
