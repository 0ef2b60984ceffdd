package psa

import "fmt"

// OpenTicketsByJob counts, per job, the runs whose current Autotask
// ticket is open: what reports show beside each job.
func (s *Service) OpenTicketsByJob() (map[uint64]int, error) {
	ids, err := s.store.OpenTicketRuns()
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	links, err := s.store.RunTicketsOf(ids)
	if err != nil {
		return nil, fmt.Errorf("read open tickets: %w", err)
	}
	out := map[uint64]int{}
	for _, rt := range links {
		out[rt.JobID]++
	}
	return out, nil
}
