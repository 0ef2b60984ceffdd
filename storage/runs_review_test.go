package storage

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/runs"
)

func TestUnreviewedIndexCarriesSeverityJobAndTime(t *testing.T) {
	s := memStore(t)
	a := newJob(t, s, "a")
	at := time.Date(2026, 3, 1, 22, 0, 0, 0, time.UTC)
	failed, _, _ := s.RecordRun(runs.Run{JobID: a.ID, ExternalID: "1", Time: at, Status: runs.Failed}, "")
	s.RecordRun(runs.Run{JobID: a.ID, ExternalID: "2", Time: at.Add(time.Hour), Status: runs.Success, Reviewed: at, ReviewedBy: "auto"}, "")
	warn, _, _ := s.RecordRun(runs.Run{JobID: a.ID, ExternalID: "3", Time: at.Add(2 * time.Hour), Status: runs.Warning}, "")

	q, err := s.Unreviewed()
	if err != nil {
		t.Fatal(err)
	}
	if len(q) != 2 {
		t.Fatalf("queue holds %d entries, want the failed and the warning run: %+v", len(q), q)
	}
	byID := map[uint64]runs.QueueEntry{q[0].RunID: q[0], q[1].RunID: q[1]}
	if e := byID[failed.ID]; e.JobID != a.ID || e.Severity != runs.Failed.Severity() || !e.Time.Equal(at) {
		t.Fatalf("failed run's entry: %+v", e)
	}
	if e := byID[warn.ID]; e.Severity != runs.Warning.Severity() || !e.Time.Equal(at.Add(2*time.Hour)) {
		t.Fatalf("warning run's entry: %+v", e)
	}
}

func TestSetReviewedMovesRunsOutOfAndBackIntoTheQueueWithOneAuditEvent(t *testing.T) {
	s := memStore(t)
	a := newJob(t, s, "a")
	at := time.Date(2026, 3, 1, 22, 0, 0, 0, time.UTC)
	var ids []uint64
	for i, st := range []runs.Status{runs.Failed, runs.Warning, runs.Missed} {
		r, _, _ := s.RecordRun(runs.Run{JobID: a.ID, ExternalID: string(rune('a' + i)), Time: at, Status: st}, "")
		ids = append(ids, r.ID)
	}
	before := countKeys(t, s, "audit/")
	n, err := s.SetReviewed(append(ids[:2:2], 999), at, "op", ev(audit.RunReview, "2 runs"))
	if err != nil || n != 2 {
		t.Fatalf("review two runs and an unknown one: %d, %v", n, err)
	}
	if got := countKeys(t, s, "audit/") - before; got != 1 {
		t.Fatalf("%d audit events for one review action", got)
	}
	if q, _ := s.Unreviewed(); len(q) != 1 || q[0].RunID != ids[2] {
		t.Fatalf("queue after review: %+v", q)
	}
	r, _ := s.Run(ids[0])
	if !r.Reviewed.Equal(at) || r.ReviewedBy != "op" {
		t.Fatalf("reviewed run: %+v", r)
	}
	if n, _ := s.SetReviewed(ids[:1], at, "op", ev(audit.RunReview, "again")); n != 0 {
		t.Fatalf("reviewing a reviewed run changed %d runs", n)
	}
	if got := countKeys(t, s, "audit/") - before; got != 1 {
		t.Fatalf("a review that changed nothing was audited (%d events)", got)
	}
	if n, err := s.SetReviewed(ids[:1], time.Time{}, "", ev(audit.RunUnreview, "run")); n != 1 || err != nil {
		t.Fatalf("unreview: %d %v", n, err)
	}
	r, _ = s.Run(ids[0])
	if !r.Reviewed.IsZero() || r.ReviewedBy != "" {
		t.Fatalf("unreviewed run still carries its review: %+v", r)
	}
	if q, _ := s.Unreviewed(); len(q) != 2 {
		t.Fatalf("queue after undo holds %d runs, want 2", len(q))
	}
}

func TestBriefsReadOneTimeRangeFromTheIndex(t *testing.T) {
	s := memStore(t)
	a := newJob(t, s, "a")
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	long := strings.Repeat("é", 200) // cut inside a rune must not leave broken UTF-8
	var ids []uint64
	for i, off := range []time.Duration{-time.Second, 0, 12 * time.Hour, 24*time.Hour - time.Nanosecond, 24 * time.Hour} {
		r, _, _ := s.RecordRun(runs.Run{JobID: a.ID, ExternalID: string(rune('a' + i)), Time: day.Add(off), Status: runs.Failed, Message: long}, "")
		ids = append(ids, r.ID)
	}
	got, err := s.Briefs(day, day.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].ID != ids[1] || got[2].ID != ids[3] || !got[2].Time.Equal(day.Add(24*time.Hour-time.Nanosecond)) {
		t.Fatalf("briefs of the day: %+v", got)
	}
	b := got[0]
	if b.JobID != a.ID || b.Status != runs.Failed || !utf8.ValidString(b.Message) || !strings.HasSuffix(b.Message, "…") || len(b.Message) > briefMessage+4 {
		t.Fatalf("brief: job %d status %s message %q", b.JobID, b.Status, b.Message)
	}
	if rs, _ := s.Runs([]uint64{ids[3], 12345, ids[1]}); len(rs) != 2 || rs[0].ID != ids[3] {
		t.Fatalf("Runs keeps order and skips unknown IDs: %+v", rs)
	}
}

func TestALateRunSupersedesTheMissedRunOfItsDay(t *testing.T) {
	s := memStore(t)
	a := newJob(t, s, "a")
	slot := time.Date(2026, 3, 1, 22, 0, 0, 0, time.UTC)
	missed, _, _ := s.RecordRun(runs.Run{JobID: a.ID, Source: runs.FromSchedule, ExternalID: runs.MissedID("2026-03-01"), Time: slot, Status: runs.Missed}, "")
	other, _, _ := s.RecordRun(runs.Run{JobID: a.ID, Source: runs.FromEmail, ExternalID: runs.MissedID("2026-03-02"), Time: slot.Add(-48 * time.Hour), Status: runs.Warning}, "")
	late, created, err := s.RecordRun(runs.Run{JobID: a.ID, Source: runs.FromEmail, ExternalID: "<late@x>", Time: slot.Add(-time.Hour), Status: runs.Success}, runs.MissedID("2026-03-01"))
	if err != nil || !created {
		t.Fatal(err)
	}
	if _, err := s.Run(missed.ID); !errors.Is(err, runs.ErrNotFound) {
		t.Fatalf("the missed run is still there: %v", err)
	}
	if q, _ := s.Unreviewed(); len(q) != 2 {
		t.Fatalf("queue after supersede: %+v", q)
	}
	j, _ := s.Job(a.ID)
	if !j.LastRun.Equal(late.Time) || j.LastStatus != "success" {
		t.Fatalf("job summary still shows the missed run: %v %s", j.LastRun, j.LastStatus)
	}
	// Only a missed run raised by the schedule is ever superseded.
	s.RecordRun(runs.Run{JobID: a.ID, Source: runs.FromEmail, ExternalID: "<x@x>", Time: slot, Status: runs.Success}, runs.MissedID("2026-03-02"))
	if _, err := s.Run(other.ID); err != nil {
		t.Fatalf("a reported run was removed as if missed: %v", err)
	}
}

func TestReviewingThousandsOfRunsAtOnce(t *testing.T) {
	s := memStore(t)
	a := newJob(t, s, "a")
	at := time.Date(2026, 3, 1, 22, 0, 0, 0, time.UTC)
	var ids []uint64
	objs := make([]runs.Object, 20)
	for i := range objs {
		objs[i] = runs.Object{Name: fmt.Sprintf("server-%02d.example.internal", i), Status: runs.Warning, Message: strings.Repeat("x", 200)}
	}
	for i := range 3000 {
		r, _, err := s.RecordRun(runs.Run{JobID: a.ID, ExternalID: fmt.Sprint(i), Time: at.Add(time.Duration(i) * time.Minute), Status: runs.Warning, Objects: objs}, "")
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	before := countKeys(t, s, "audit/")
	n, err := s.SetReviewed(ids, at, "op", ev(audit.RunReview, "all"))
	if err != nil || n != 3000 {
		t.Fatalf("review 3000 runs: %d, %v", n, err)
	}
	if q, _ := s.Unreviewed(); len(q) != 0 {
		t.Fatalf("%d runs left in the queue", len(q))
	}
	if got := countKeys(t, s, "audit/") - before; got != 1 {
		t.Fatalf("%d audit events for one bulk review", got)
	}
}
