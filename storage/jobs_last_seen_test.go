package storage

import (
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/runs"
)

// Recording keeps the job's newest report and newest success; a missed run
// moves neither, and an override that turns a failure into a success moves
// the last success.
func TestRecordRunKeepsLastSeenAndLastSuccess(t *testing.T) {
	s := memStore(t)
	j := newJob(t, s, "Nightly")
	day := time.Date(2026, 3, 1, 22, 0, 0, 0, time.UTC)
	record := func(ext string, at time.Time, st runs.Status) runs.Run {
		r, _, err := s.RecordRun(runs.Run{JobID: j.ID, ExternalID: ext, Time: at, Status: st}, "")
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	record("a", day, runs.Success)
	failed := record("b", day.Add(24*time.Hour), runs.Failed)
	record("missed", day.Add(48*time.Hour), runs.Missed)
	got, _ := s.Job(j.ID)
	if !got.LastSeen.Equal(day.Add(24*time.Hour)) || !got.LastSuccess.Equal(day) || got.LastStatus != "missed" {
		t.Fatalf("after success, failure, missed: seen %v, success %v, last %s", got.LastSeen, got.LastSuccess, got.LastStatus)
	}
	failed.Status = runs.Success
	if err := s.SaveRuns([]runs.Run{failed}); err != nil {
		t.Fatal(err)
	}
	if got, _ = s.Job(j.ID); !got.LastSuccess.Equal(failed.Time) || got.LastStatus != "missed" {
		t.Fatalf("after the failure was overridden: success %v, last %s", got.LastSuccess, got.LastStatus)
	}
}

// A data directory written before jobs kept their last report and last
// success gets both on upgrade, from the runs it holds.
func TestMigrateFillsLastSeenAndLastSuccess(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	ok, failing, quiet := newJob(t, s, "ok"), newJob(t, s, "failing"), newJob(t, s, "quiet")
	day := time.Date(2026, 3, 1, 22, 0, 0, 0, time.UTC)
	list := []runs.Run{
		{JobID: ok.ID, ExternalID: "1", Time: day, Status: runs.Failed},
		{JobID: ok.ID, ExternalID: "2", Time: day.Add(24 * time.Hour), Status: runs.Success},
		{JobID: ok.ID, ExternalID: "3", Time: day.Add(48 * time.Hour), Status: runs.Missed},
		{JobID: failing.ID, ExternalID: "1", Time: day, Status: runs.Warning},
		{JobID: failing.ID, ExternalID: "2", Time: day.Add(24 * time.Hour), Status: runs.Failed},
	}
	for _, r := range list {
		if _, _, err := s.RecordRun(r, ""); err != nil {
			t.Fatal(err)
		}
	}
	// Roll back: the jobs as the previous release wrote them.
	err = s.update(func(txn *badger.Txn) error {
		all, err := jobTable.all(txn)
		if err != nil {
			return err
		}
		for _, j := range all {
			j.LastSeen, j.LastSuccess = time.Time{}, time.Time{}
			if err := jobTable.put(txn, &j); err != nil {
				return err
			}
		}
		return txn.Set(keySchema, []byte{0, 0, 0, byte(stepBefore(t, "jobs know their last report and last success"))})
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err = Open(Options{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	want := map[uint64][2]time.Time{
		ok.ID:      {day.Add(24 * time.Hour), day.Add(24 * time.Hour)},
		failing.ID: {day.Add(24 * time.Hour), {}},
		quiet.ID:   {{}, {}},
	}
	for id, w := range want {
		j, err := s.Job(id)
		if err != nil {
			t.Fatal(err)
		}
		if !j.LastSeen.Equal(w[0]) || !j.LastSuccess.Equal(w[1]) {
			t.Errorf("%s: last seen %v, last success %v; want %v, %v", j.Name, j.LastSeen, j.LastSuccess, w[0], w[1])
		}
	}
}
