package review

import (
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/runs"
)

// Appliance is who the automatic reviews are audited as.
var Appliance = audit.Actor{IP: "appliance"}

// AutoReview is Settings → General's "review a run automatically once its
// job succeeds again". It is a background pass over the review queue
// rather than a step of recording a run: the queue already tells which
// runs a later success recovered (the job's LastSuccess), whatever brought
// that success in (a mail, a Cove poll, the API, an override); a recording
// transaction (a mail's, a poll's batch) stays its own size; and a job
// with years of unreviewed failures is reviewed in SetReviewed's bounded
// batches. The price is that a review comes up to one pass interval late.
type AutoReview struct {
	Review  *Service
	Enabled func() bool // the setting

	mu sync.Mutex
	// done is, per job, the newest success whose recovered runs a pass
	// reviewed: a run an operator put back into the queue stays there
	// until the job succeeds again, rather than being reviewed once more
	// a minute later. Forgotten while the setting is off.
	done map[uint64]time.Time
}

// Pass reviews the queued failed, warning and missed runs of active jobs
// that a later success recovered, with one audit event per recovering run
// that names it. It returns how many runs it reviewed; a second pass over
// the same queue reviews none.
func (a *AutoReview) Pass() (int, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.Enabled() {
		a.done = nil
		return 0, nil
	}
	if a.done == nil {
		a.done = map[uint64]time.Time{}
	}
	kept, _, err := a.Review.arranged(Filter{Recovery: Recovered})
	if err != nil {
		return 0, err
	}
	order, byJob := recoveredEntries(kept)
	total := 0
	for _, jobID := range order {
		j, err := a.Review.Jobs.Get(jobID) // fresh: archived or succeeded since the queue was read
		if err != nil {
			return total, fmt.Errorf("review recovered runs of job %d: %w", jobID, err)
		}
		if j.Archived || a.done[jobID].Equal(j.LastSuccess) {
			continue
		}
		found, err := a.Review.Runs.RecoveriesOf(j.ID, j.LastSuccess, asRuns(byJob[jobID]))
		if err != nil {
			return total, err
		}
		by := map[runs.Recovery][]uint64{}
		for id, rec := range found {
			by[rec] = append(by[rec], id)
		}
		recs := make([]runs.Recovery, 0, len(by))
		for rec := range by {
			recs = append(recs, rec)
		}
		slices.SortFunc(recs, func(x, y runs.Recovery) int { return x.Time.Compare(y.Time) })
		for _, rec := range recs {
			ids := by[rec]
			slices.Sort(ids)
			details := fmt.Sprintf("job %s succeeded again in run %d (%s); reviewed automatically: run(s) %s",
				j.Name, rec.RunID, rec.Time.Format(time.RFC3339), idList(ids))
			n, err := a.Review.Runs.ReviewRecovered(ids, Appliance, details)
			if err != nil {
				return total, fmt.Errorf("review the runs run %d recovered: %w", rec.RunID, err)
			}
			total += n
		}
		a.done[jobID] = j.LastSuccess
	}
	return total, nil
}
