package remarks

import (
	"testing"
	"time"
)

func TestShows(t *testing.T) {
	t0 := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	cases := []struct {
		name string
		r    Remark
		at   time.Time
		want bool
	}{
		{"job remark on a later run", Remark{JobID: 5, From: t0}, t0.Add(day), true},
		{"job remark before it was made", Remark{JobID: 5, From: t0}, t0.Add(-day), false},
		{"another job", Remark{JobID: 6, From: t0}, t0.Add(day), false},
		{"customer remark", Remark{CustomerID: 9, From: t0}, t0.Add(day), true},
		{"resolved before the run", Remark{JobID: 5, From: t0, Resolved: t0.Add(day)}, t0.Add(2 * day), false},
		{"run during the ticket", Remark{JobID: 5, From: t0, Resolved: t0.Add(day)}, t0.Add(time.Hour), true},
		{"a run's own remark whenever it ran", Remark{RunID: 77, JobID: 5, CustomerID: 9}, t0.Add(-30 * day), true},
		{"a run's remark is not on its siblings", Remark{RunID: 78, JobID: 5, CustomerID: 9}, t0, false},
	}
	for _, c := range cases {
		if got := c.r.Shows(77, 5, 9, c.at); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
