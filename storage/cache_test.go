package storage

import (
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/psa"
	"github.com/backupchecks/backupchecks/app/runs"
)

// stored reads every job straight from Badger, bypassing the cache.
func stored(t *testing.T, s *Store) []jobs.Job {
	t.Helper()
	var list []jobs.Job
	if err := s.view(func(txn *badger.Txn) (err error) { list, err = jobTable.all(txn); return err }); err != nil {
		t.Fatal(err)
	}
	return list
}

func TestJobListFollowsEveryKindOfWrite(t *testing.T) {
	s := memStore(t)
	a := newJob(t, s, "a")
	if got, _ := s.Jobs(); len(got) != 1 {
		t.Fatalf("after create: %d jobs", len(got))
	}
	b := newJob(t, s, "b")
	a.Name = "renamed"
	if err := s.SaveJob(a, ev(audit.JobRename, "x")); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveJobState(b.ID, jobs.State{MissedThrough: "2026-03-01"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.RecordRun(runs.Run{JobID: b.ID, ExternalID: "1", Time: time.Now(), Status: runs.Failed}, ""); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Jobs()
	if !reflect.DeepEqual(got, stored(t, s)) {
		t.Fatalf("cached jobs differ from stored ones:\n%+v\n%+v", got, stored(t, s))
	}
	if got[0].Name != "renamed" || got[1].MissedThrough != "2026-03-01" || got[1].LastStatus != "failed" {
		t.Fatalf("cached jobs: %+v", got)
	}
	got[0].Name = "changed by a caller"
	if again, _ := s.Jobs(); again[0].Name != "renamed" {
		t.Fatal("callers share the cache's records")
	}
}

func TestJobListUnderConcurrentWrites(t *testing.T) {
	s := memStore(t)
	var js []jobs.Job
	for i := range 20 {
		js = append(js, newJob(t, s, fmt.Sprint(i)))
	}
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 100 {
				j := js[(w*7+i)%len(js)]
				if _, _, err := s.RecordRun(runs.Run{JobID: j.ID, ExternalID: fmt.Sprint(w, "-", i), Time: time.Unix(int64(i*1000+w), 0), Status: runs.Warning}, ""); err != nil {
					t.Error(err)
				}
				if i%10 == 0 {
					if _, err := s.Jobs(); err != nil {
						t.Error(err)
					}
				}
			}
		}()
	}
	wg.Wait()
	if got, _ := s.Jobs(); !reflect.DeepEqual(got, stored(t, s)) {
		t.Fatal("after concurrent runs the cached jobs differ from the stored ones")
	}
}

// The customer list is cached like the job list: every write path shows at
// once, including a rename refused by the unique name, and a job's
// customer filter reads the same cache.
func TestCustomerListFollowsEveryKindOfWrite(t *testing.T) {
	s := memStore(t)
	a, err := s.CreateCustomer(customers.Customer{Name: "Acme", Active: true}, ev(audit.CustomerCreate, "x"))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Customers(); len(got) != 1 || got[0].Name != "Acme" {
		t.Fatalf("after create: %+v", got)
	}
	b, err := s.CreateCustomer(customers.Customer{Name: "Beta", Active: true}, ev(audit.CustomerCreate, "x"))
	if err != nil {
		t.Fatal(err)
	}
	a.Name = "Acme Renamed"
	if err := s.SaveCustomer(a, ev(audit.CustomerCreate, "x")); err != nil {
		t.Fatal(err)
	}
	b.Name = "acme renamed" // taken: nothing changes
	if err := s.SaveCustomer(b, ev(audit.CustomerCreate, "x")); err == nil {
		t.Fatal("a taken name was saved")
	}
	link := &customers.CompanyLink{CompanyID: 7, Name: "Beta B.V.", Status: customers.MappingOK}
	if _, err := s.SaveCompanyLinks([]psa.LinkChange{{CustomerID: b.ID, Link: link, Only: psa.Always}}); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Customers()
	var direct []customers.Customer
	if err := s.view(func(txn *badger.Txn) (err error) { direct, err = customerTable.all(txn); return err }); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, direct) {
		t.Fatalf("cached customers differ from stored ones:\n%+v\n%+v", got, direct)
	}
	if got[0].Name != "Acme Renamed" || got[1].Name != "Beta" || got[1].Autotask == nil || got[1].Autotask.CompanyID != 7 {
		t.Fatalf("cached customers: %+v", got)
	}
	got[0].Name = "changed by a caller"
	if again, _ := s.Customers(); again[0].Name != "Acme Renamed" {
		t.Fatal("callers share the cache's records")
	}
}

func TestJobsOfCustomerReadsOnlyThatCustomersJobs(t *testing.T) {
	s := memStore(t)
	one := newJob(t, s, "a")
	beta, err := s.CreateCustomer(customers.Customer{Name: "Beta", Active: true}, ev(audit.CustomerCreate, "x"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateJob(jobs.Job{CustomerID: beta.ID, Source: jobs.Email, Name: "b", MatchKey: "k:b"}, ev(audit.JobCreate, "x")); err != nil {
		t.Fatal(err)
	}
	got, err := s.JobsOfCustomer(one.CustomerID)
	if err != nil || len(got) != 1 || got[0].ID != one.ID {
		t.Fatalf("jobs of customer %d: %+v %v", one.CustomerID, got, err)
	}
}
