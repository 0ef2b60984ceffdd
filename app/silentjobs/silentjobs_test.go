package silentjobs_test

import (
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/silentjobs"
)

// The no-success sentence names the last success (or the approval) and
// what N × the bound allows.
func TestNoSuccessReason(t *testing.T) {
	created := time.Date(2026, 8, 20, 9, 0, 0, 0, time.UTC)
	j := jobs.Job{Created: created, LastSuccess: time.Date(2026, 11, 1, 21, 0, 0, 0, time.UTC)}
	now := time.Date(2026, 11, 10, 12, 0, 0, 0, time.UTC)
	l := j.Liveness(jobs.DefaultThresholds(), now)
	got := silentjobs.NoSuccessReason(jobs.Judged{Job: j, Liveness: l}, 2, time.UTC)
	if want := "Its last success was on Sun 1 Nov 2026, 8 days ago; 2 × its bound of 3 days is 6 days."; got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	j.LastSuccess = time.Time{}
	l = j.Liveness(jobs.DefaultThresholds(), now)
	got = silentjobs.NoSuccessReason(jobs.Judged{Job: j, Liveness: l}, 2, time.UTC)
	if want := "It has not succeeded since it was approved on Thu 20 Aug 2026, 82 days ago; 2 × its bound of 3 days is 6 days."; got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
