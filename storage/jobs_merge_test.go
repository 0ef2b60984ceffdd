package storage

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/overrides"
	"github.com/backupchecks/backupchecks/app/remarks"
	"github.com/backupchecks/backupchecks/app/runs"
)

func TestMergeJobsMovesRunsAndKeepsTheMatchKey(t *testing.T) {
	s := memStore(t)
	a, b := newJob(t, s, "a"), newJob(t, s, "b")
	at := time.Date(2026, 3, 1, 22, 0, 0, 0, time.UTC)
	for i := range 600 { // more than one batch
		s.RecordRun(runs.Run{JobID: a.ID, ExternalID: fmt.Sprint(i), Time: at.Add(time.Duration(i) * time.Hour), Status: runs.Warning}, "")
	}
	s.RecordRun(runs.Run{JobID: b.ID, ExternalID: "5", Time: at, Status: runs.Failed}, "") // the same report in both
	rem, _ := s.CreateRemark(remarks.Remark{Kind: remarks.Note, Text: "x", JobID: a.ID}, ev(audit.RemarkAdd, "x"))
	ov, _ := s.CreateOverride(overrides.Override{JobID: a.ID, Reason: "x"}, ev(audit.OverrideCreate, "x"))

	if _, err := s.MergeJobs(a.ID, b.ID, ev(audit.JobMerge, "b")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Job(a.ID); !errors.Is(err, jobs.ErrNotFound) {
		t.Fatalf("the merged job still exists: %v", err)
	}
	page, _ := s.RunsOfJob(b.ID, "", 1000)
	if len(page.Runs) != 600 {
		t.Fatalf("b has %d runs, want 600 (599 moved and its own copy of report 5)", len(page.Runs))
	}
	if got, _ := s.RunsOfJob(a.ID, "", 10); len(got.Runs) != 0 {
		t.Fatal("runs left under the removed job")
	}
	if j, err := s.JobByKey(a.MatchKey); err != nil || j.ID != b.ID {
		t.Fatalf("a's reports no longer find a job: %v %v", j.ID, err)
	}
	if q, _ := s.Unreviewed(); len(q) != 600 || q[0].JobID != b.ID {
		t.Fatalf("queue after merge: %d entries", len(q))
	}
	if r, _ := s.Remark(rem.ID); r.JobID != b.ID {
		t.Fatal("the remark stayed with the removed job")
	}
	if o, _ := s.Override(ov.ID); o.JobID != b.ID {
		t.Fatal("the override stayed with the removed job")
	}
	if got, _ := s.Jobs(); len(got) != 1 || got[0].ID != b.ID || !got[0].LastRun.Equal(at.Add(599*time.Hour)) {
		t.Fatalf("job list after merge: %+v", got)
	}

	n, err := s.DeleteJob(b.ID, ev(audit.JobDelete, "b"))
	if err != nil || n != 600 {
		t.Fatalf("delete: %d %v", n, err)
	}
	if countKeys(t, s, "run/") != 0 || countKeys(t, s, "ix/run/") != 0 || countKeys(t, s, "rem/") != 0 || countKeys(t, s, "ovr/") != 0 {
		t.Fatal("deleting the job left runs, index entries, remarks or overrides")
	}
	if _, err := s.JobByKey(a.MatchKey); !errors.Is(err, jobs.ErrNotFound) {
		t.Fatal("the alias outlived the deleted job")
	}
}
