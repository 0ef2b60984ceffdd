package jobs

import (
	"slices"
	"sort"
	"strings"
	"time"
)

// Filter narrows the job list; zero values mean "any".
type Filter struct {
	Search     string // in job name, software or type
	CustomerID uint64
	Software   string
	Type       string
	Source     Source
	LastStatus string
	Archived   string // "" active only, "yes" archived only, "all"
	Silent     bool   // only jobs silent past their bound
	// Sort is "" (by customer, then name) or "success" (longest since the
	// last success first, never first of all).
	Sort string
	Now  time.Time // when Silent is judged; zero: now
}

// List returns the jobs matching f, by customer then name. Jobs are few
// (thousands) next to runs (millions), so filtering in memory is fine.
func (s *Service) List(f Filter, customerName func(uint64) string) ([]Job, error) {
	var all []Job
	var err error
	if f.CustomerID != 0 {
		all, err = s.store.JobsOfCustomer(f.CustomerID)
	} else {
		all, err = s.store.Jobs()
	}
	if err != nil {
		return nil, err
	}
	q := strings.ToLower(strings.TrimSpace(f.Search))
	now, t := f.Now, s.Thresholds()
	if now.IsZero() {
		now = time.Now()
	}
	var out []Job
	for _, j := range all {
		switch {
		case f.CustomerID != 0 && j.CustomerID != f.CustomerID,
			f.Software != "" && j.Software != f.Software,
			f.Type != "" && j.Type != f.Type,
			f.Source != "" && j.Source != f.Source,
			f.LastStatus != "" && j.LastStatus != f.LastStatus,
			f.Archived == "" && j.Archived,
			f.Archived == "yes" && !j.Archived:
			continue
		}
		if q != "" && !strings.Contains(strings.ToLower(j.Name+" "+j.Software+" "+j.Type+" "+customerName(j.CustomerID)), q) {
			continue
		}
		if f.Silent && !j.Liveness(t, now).Silent {
			continue
		}
		out = append(out, j)
	}
	// Sorted by keys lowered once per job, moving small keys instead of
	// whole jobs: 5,000 jobs make 60,000 comparisons.
	type sortKey struct {
		customer, name string
		at             int
	}
	order := make([]sortKey, len(out))
	for i, j := range out {
		order[i] = sortKey{strings.ToLower(customerName(j.CustomerID)), strings.ToLower(j.Name), i}
	}
	slices.SortStableFunc(order, func(a, b sortKey) int {
		if f.Sort == "success" {
			if c := out[a.at].LastSuccess.Compare(out[b.at].LastSuccess); c != 0 {
				return c // the zero time, never, sorts first
			}
		}
		if c := strings.Compare(a.customer, b.customer); c != 0 {
			return c
		}
		return strings.Compare(a.name, b.name)
	})
	sorted := make([]Job, len(out))
	for i, k := range order {
		sorted[i] = out[k.at]
	}
	return sorted, nil
}

// Facets lists the software and type values in use, for filter menus.
func (s *Service) Facets() (software, types []string, err error) {
	all, err := s.store.Jobs()
	if err != nil {
		return nil, nil, err
	}
	sw, ty := map[string]bool{}, map[string]bool{}
	for _, j := range all {
		sw[j.Software], ty[j.Type] = true, true
	}
	return sortedKeys(sw), sortedKeys(ty), nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		if k != "" {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
