package web

import (
	"github.com/backupchecks/backupchecks/app/remarks"
	"github.com/backupchecks/backupchecks/app/runs"
)

// remarksOnRuns finds the remarks shown on each run, keyed by run ID.
func (s *Server) remarksOnRuns(rs []runs.Run, customerOf func(jobID uint64) uint64) (map[uint64][]remarks.Remark, error) {
	list, err := s.Remarks.List()
	return remarksOn(list, rs, customerOf), err
}

// remarksOn is remarksOnRuns over a list already read.
func remarksOn(list []remarks.Remark, rs []runs.Run, customerOf func(jobID uint64) uint64) map[uint64][]remarks.Remark {
	if len(list) == 0 {
		return nil
	}
	out := map[uint64][]remarks.Remark{}
	for _, r := range rs {
		if on := remarks.OnRun(list, r.ID, r.JobID, customerOf(r.JobID), r.Time); len(on) > 0 {
			out[r.ID] = on
		}
	}
	return out
}

// customerOfJob is the customer a job belongs to (0 if the job is gone).
func (s *Server) customerOfJob(jobID uint64) uint64 {
	j, err := s.Jobs.Get(jobID)
	if err != nil {
		return 0
	}
	return j.CustomerID
}
