package jobs

import (
	"errors"
	"fmt"

	"github.com/backupchecks/backupchecks/app/audit"
)

// ErrSameJob refuses merging a job into itself.
var ErrSameJob = errors.New("choose another job to merge into")

// Merge moves the runs of job from into job into and removes from; its
// reports keep arriving at into, since into takes over its match keys.
func (s *Service) Merge(from, into uint64, by audit.Actor) (Job, int, error) {
	if from == into {
		return Job{}, 0, ErrSameJob
	}
	src, err := s.store.Job(from)
	if err != nil {
		return Job{}, 0, err
	}
	dst, err := s.store.Job(into)
	if err != nil {
		return Job{}, 0, err
	}
	n, err := s.store.MergeJobs(from, into, audit.New(by, audit.JobMerge, dst.Name, fmt.Sprintf("merged %s (job %d) into it", src.Name, src.ID)))
	if err != nil {
		return Job{}, n, err
	}
	dst, err = s.store.Job(into)
	return dst, n, err
}

// Delete removes a job, its runs, remarks and overrides for good.
func (s *Service) Delete(id uint64, by audit.Actor) (Job, int, error) {
	j, err := s.store.Job(id)
	if err != nil {
		return Job{}, 0, err
	}
	n, err := s.store.DeleteJob(id, audit.New(by, audit.JobDelete, j.Name, j.Software+" · "+j.Type))
	return j, n, err
}
