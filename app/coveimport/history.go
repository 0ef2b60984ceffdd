package coveimport

import (
	"fmt"
	"time"

	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/integrations/cove"
)

// FromColourBar is who reviewed the runs approval derives from the colour
// bar: history, not news.
const FromColourBar = "Cove colour bar"

// BarID is the external ID of a run derived from the colour bar: one per
// account and day, so approving again records nothing twice.
func BarID(account int64, day time.Time) string {
	return fmt.Sprintf("cove-bar:%d:%s", account, day.UTC().Format(time.DateOnly))
}

// backfill records a run for each earlier day the 28-day colour bar shows
// a finished backup, so Daily Jobs and schedule inference have history at
// once. The bar holds one status per day, oldest first, the last being
// the day Cove was asked; days from the last session's on are left to the
// real run.
func (s *Service) backfill(a Account, jobID uint64) (int, error) {
	bar := cove.ColourBar(a.ColourBar)
	last := a.Total.Time
	if len(bar) == 0 || last.IsZero() {
		return 0, nil
	}
	now := s.Now().UTC()
	// Position of the last session's day in the bar.
	daysAgo := int(now.Sub(last) / (24 * time.Hour))
	lastAt := len(bar) - 1 - daysAgo
	var days []runs.NewRun
	for i := 0; i < lastAt && i < len(bar); i++ {
		status, final := MapStatus(int(bar[i]))
		if !final {
			continue
		}
		t := last.AddDate(0, 0, i-lastAt) // the day's session at the usual time
		days = append(days, runs.NewRun{JobID: jobID, Source: runs.FromAPI, ExternalID: BarID(a.ID, t), Time: t,
			Status: status, SourceStatus: cove.Status(bar[i]).String(), ReviewedBy: FromColourBar,
			Message: "From Cove's 28-day colour bar, on approval: the day's status only."})
	}
	if len(days) == 0 {
		return 0, nil
	}
	_, created, err := s.runs.RecordAll(days)
	if err != nil {
		return 0, fmt.Errorf("history of account %d: %w", a.ID, err)
	}
	n := 0
	for _, c := range created {
		if c {
			n++
		}
	}
	return n, nil
}
