package runs

import (
	"slices"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
)

// Recovery is the run that recovered a failed, warning or missed run: the
// job's first successful run after it.
type Recovery struct {
	RunID uint64
	Time  time.Time
}

// ReviewedByRecovery is the reviewer of a run the appliance reviewed
// because its job succeeded again (Settings → General).
const ReviewedByRecovery = "auto:recovered"

// Recovered reports whether a run of status st at time at has been
// followed by a success, given its job's newest successful run: the cheap
// test the queue's filter and counts use, without reading any run.
func Recovered(st Status, at, lastSuccess time.Time) bool {
	return st != Success && lastSuccess.After(at)
}

// RecoveriesOf finds, for the failed, warning and missed runs in list (all
// of one job whose newest success is lastSuccess), the run that recovered
// each; runs still failing are left out of the map.
func (s *Service) RecoveriesOf(jobID uint64, lastSuccess time.Time, list []Run) (map[uint64]Recovery, error) {
	var times []time.Time
	for _, r := range list {
		if r.JobID == jobID && Recovered(r.Status, r.Time, lastSuccess) {
			times = append(times, r.Time)
		}
	}
	if len(times) == 0 {
		return nil, nil
	}
	slices.SortFunc(times, time.Time.Compare)
	times = slices.CompactFunc(times, time.Time.Equal)
	found, err := s.review.Recoveries(jobID, times)
	if err != nil {
		return nil, err
	}
	out := map[uint64]Recovery{}
	for _, r := range list {
		if r.JobID != jobID || r.Status == Success {
			continue
		}
		i, ok := slices.BinarySearchFunc(times, r.Time, time.Time.Compare)
		if ok && found[i].RunID != 0 {
			out[r.ID] = found[i]
		}
	}
	return out, nil
}

// ReviewRecovered marks runs reviewed by the appliance because a later
// success of their job recovered them, with one audit event whose details
// name that run. Runs already reviewed are left alone and not counted.
func (s *Service) ReviewRecovered(ids []uint64, by audit.Actor, details string) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	return s.review.SetReviewed(ids, s.now().UTC(), ReviewedByRecovery, audit.New(by, audit.RunReview, runTarget(ids), details))
}
