package coveimport

import "github.com/backupchecks/backupchecks/app/runs"

// Cove session status codes (column F00 of every data source).
const (
	NoBackup             = 0
	InProcess            = 1
	Failed               = 2
	Aborted              = 3
	Completed            = 5
	Interrupted          = 6
	NotStarted           = 7
	CompletedWithErrors  = 8
	InProgressWithFaults = 9
	OverQuota            = 10
	NoSelection          = 11
	Restarted            = 12
)

// MapStatus maps a Cove session status onto a run status (DESIGN §4.2).
// A session still running, or no session at all, is not final: it makes
// no run until a later poll sees it finished.
func MapStatus(code int) (status runs.Status, final bool) {
	switch code {
	case Completed:
		return runs.Success, true
	case CompletedWithErrors, NoSelection:
		return runs.Warning, true
	case Failed, Aborted, Interrupted, OverQuota, NotStarted:
		return runs.Failed, true
	case NoBackup, InProcess, InProgressWithFaults, Restarted:
		return "", false
	}
	return runs.Warning, true // a status Cove added later: finished, but not known to be good
}
