package psa

// CurrentLinks are the current ticket links of the given runs, by run ID;
// runs without one are absent. One storage read, no call to Autotask.
func (s *Service) CurrentLinks(runIDs []uint64) (map[uint64]Link, error) {
	all, err := s.store.RunTicketsOf(runIDs)
	if err != nil {
		return nil, err
	}
	out := make(map[uint64]Link, len(all))
	for id, rt := range all {
		if l, ok := rt.Current(); ok {
			out[id] = l
		}
	}
	return out, nil
}
