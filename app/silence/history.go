package silence

import (
	"math"
	"slices"
	"time"
)

// MinRuns is how many runs a bound is inferred from; with fewer the
// default for the job's kind applies.
const MinRuns = 5

// History is what the gaps between a job's runs say.
type History struct {
	Runs    int           `json:"runs"`    // runs measured
	Longest time.Duration `json:"longest"` // the longest normal gap
	Typical time.Duration `json:"typical"` // the median gap
}

// Enough reports whether there were enough runs to infer a bound from.
func (h History) Enough() bool { return h.Runs >= MinRuns }

// Days is the inferred bound: the longest normal gap in whole days, at
// least one and at most MaxHistoryDays.
func (h History) Days() int {
	d := int(math.Ceil(float64(h.Longest) / float64(Day)))
	return min(max(d, 1), MaxHistoryDays)
}

// Measure reads the gaps between run times (any order; missed runs left
// out by the caller). A gap counts as normal unless it is more than three
// times the median and beyond the 90th percentile: an outage the job once
// had must not teach it that months of silence are normal.
func Measure(times []time.Time) History {
	h := History{Runs: len(times)}
	if len(times) < 2 {
		return h
	}
	sorted := slices.Clone(times)
	slices.SortFunc(sorted, func(a, b time.Time) int { return a.Compare(b) })
	gaps := make([]time.Duration, 0, len(sorted)-1)
	for i := 1; i < len(sorted); i++ {
		gaps = append(gaps, sorted[i].Sub(sorted[i-1]))
	}
	slices.Sort(gaps)
	h.Typical = gaps[len(gaps)/2]
	p90 := gaps[(len(gaps)*9+9)/10-1] // nearest rank
	limit := max(3*h.Typical, p90)
	for _, g := range gaps {
		if g <= limit {
			h.Longest = g
		}
	}
	return h
}
