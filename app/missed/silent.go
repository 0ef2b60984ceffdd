package missed

import (
	"fmt"
	"time"

	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/app/silence"
)

// silent records one missed run for the job's silent period once it has
// gone without any run past its bound. A period that already has a missed
// run (this pass's slots, an earlier pass, or one before a restart or
// restore) gets no second: every run after the job's last report is a
// missed one, so its newest run being missed says the period is told.
// The run is keyed on its business day like a slot's, so two passes at
// once record it once, and a late report of that day replaces it.
func (s *Service) silent(j jobs.Job, b silence.Bound, cal Calendar, now time.Time) (int, error) {
	p := j.Period(b)
	if !p.Silent(b, now) {
		return 0, nil
	}
	if j.LastStatus == string(runs.Missed) && j.LastRun.After(j.LastSeen) {
		return 0, nil
	}
	at := p.Deadline
	if at.Before(now.Add(-silence.Day)) {
		// Long past (a job approved long silent, an appliance that was off):
		// say it now, where the morning's review, the digest and webhooks look.
		at = now
	}
	if !cal.Start.IsZero() {
		if first, _ := cal.Clock.Bounds(cal.Start); at.Before(first) {
			if now.Before(first) {
				return 0, nil // no missed runs before the daily-jobs start date
			}
			at = first
		}
	}
	day := cal.Clock.DayOf(at)
	_, created, err := s.Runs.Record(runs.NewRun{JobID: j.ID, Source: runs.FromSchedule, ExternalID: runs.MissedID(day.String()),
		Time: at, Status: runs.Missed, Message: silence.Reason(b, p, now, cal.Clock.Loc)})
	if err != nil {
		return 0, fmt.Errorf("job %d silent since %s: %w", j.ID, p.Since.Format(time.RFC3339), err)
	}
	if created {
		return 1, nil
	}
	return 0, nil
}
