package review

import (
	"errors"
	"fmt"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/runs"
)

// ErrRecoveredChanged: the recovered runs are not the ones the operator
// counted on the button; nothing was reviewed.
var ErrRecoveredChanged = errors.New("the recovered runs changed since the page was shown")

// ReviewRecovered is "Review all recovered (N)": it reviews every queued
// run of an active job that a later success recovered, of the filter's
// customer, as the operator. expect is the N the button showed; when the
// queue no longer holds that many (a second click, a new failure since),
// it reviews nothing and returns ErrRecoveredChanged, so one click never
// reviews runs the operator was not shown a count of.
func (s *Service) ReviewRecovered(f Filter, expect int, by audit.Actor) (int, error) {
	kept, _, err := s.arranged(Filter{CustomerID: f.CustomerID, Recovery: Recovered})
	if err != nil {
		return 0, err
	}
	if len(kept) != expect {
		return 0, ErrRecoveredChanged
	}
	ids := make(map[uint64]bool, len(kept))
	for _, e := range kept {
		ids[e.RunID] = true
	}
	return s.Runs.ReviewWhere(func(e runs.QueueEntry) bool { return ids[e.RunID] }, by, "all recovered runs")
}

// recoveredEntries groups the recovered queue entries by job, in queue order.
func recoveredEntries(kept []entry) (order []uint64, byJob map[uint64][]entry) {
	byJob = map[uint64][]entry{}
	for _, e := range kept {
		if _, ok := byJob[e.JobID]; !ok {
			order = append(order, e.JobID)
		}
		byJob[e.JobID] = append(byJob[e.JobID], e)
	}
	return order, byJob
}

// asRuns is what RecoveriesOf needs of queue entries.
func asRuns(es []entry) []runs.Run {
	out := make([]runs.Run, len(es))
	for i, e := range es {
		out[i] = runs.Run{ID: e.RunID, JobID: e.JobID, Time: e.Time, Status: runs.StatusOfSeverity(e.Severity)}
	}
	return out
}

// idList names runs in an audit event, at most a screenful of them.
func idList(ids []uint64) string {
	const most = 20
	s := ""
	for i, id := range ids {
		if i == most {
			return s + fmt.Sprintf(" and %d more", len(ids)-most)
		}
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprint(id)
	}
	return s
}
