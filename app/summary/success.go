package summary

import (
	"strconv"
	"time"

	"github.com/backupchecks/backupchecks/app/silence"
)

// A report says, per job, how long ago it last succeeded (issue 23): the
// period's tallies can look fine while the job has not succeeded since,
// and a customer's report is where someone asks "when did this last
// work?". It is measured at the moment the report was made, whatever the
// period, because it is the job's state, not the period's.

// SinceSuccess is how long before at the job last succeeded; ok is false
// when it never did.
func (j JobRow) SinceSuccess(at time.Time) (d time.Duration, ok bool) {
	if j.Job.LastSuccess.IsZero() {
		return 0, false
	}
	return at.Sub(j.Job.LastSuccess), true
}

// SuccessText says it in words: "8 days ago", "5 h ago", "never".
func (j JobRow) SuccessText(at time.Time) string {
	d, ok := j.SinceSuccess(at)
	switch {
	case !ok:
		return "never"
	case d < time.Hour:
		return "within the hour"
	}
	return silence.Rough(d) + " ago"
}

// successCells are the CSV's last_success (RFC 3339 in the report's
// zone) and days_since_success (one decimal), both empty for never.
func successCells(j JobRow, r Report) []string {
	d, ok := j.SinceSuccess(r.Generated)
	if !ok {
		return []string{"", ""}
	}
	loc := r.Location
	if loc == nil {
		loc = time.UTC
	}
	return []string{j.Job.LastSuccess.In(loc).Format(time.RFC3339), strconv.FormatFloat(d.Hours()/24, 'f', 1, 64)}
}
