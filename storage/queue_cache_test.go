package storage

import (
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
)

// The review queue read once serves until the next commit, and every
// commit that changes it is seen at once.
func TestUnreviewedFollowsCommits(t *testing.T) {
	s := memStore(t)
	svc := runs.NewService(s)
	svc.Generation = s.Generation
	c, _ := s.CreateCustomer(customers.Customer{Name: "Acme", Active: true}, audit.Event{Action: audit.CustomerCreate})
	j, err := s.CreateJob(jobs.Job{CustomerID: c.ID, Source: jobs.Email, Name: "Nightly", MatchKey: "k"}, audit.Event{Action: audit.JobCreate})
	if err != nil {
		t.Fatal(err)
	}
	if q, _ := svc.Unreviewed(); len(q) != 0 {
		t.Fatalf("queue %v", q)
	}
	r, _, err := svc.Record(runs.NewRun{JobID: j.ID, Source: runs.FromEmail, ExternalID: "a", Time: time.Now(), Status: runs.Failed})
	if err != nil {
		t.Fatal(err)
	}
	q, _ := svc.Unreviewed()
	if len(q) != 1 || q[0].RunID != r.ID {
		t.Fatalf("after recording a failure the queue is %v", q)
	}
	if again, _ := svc.Unreviewed(); &again[0] != &q[0] {
		t.Error("an unchanged store read the queue again")
	}
	if _, err := svc.Review([]uint64{r.ID}, audit.Actor{Name: "op"}); err != nil {
		t.Fatal(err)
	}
	if q, _ := svc.Unreviewed(); len(q) != 0 {
		t.Errorf("after the review the queue is %v", q)
	}
}
