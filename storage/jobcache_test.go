package storage

import (
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/jobs"
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
