package coveimport

import (
	"fmt"
	"time"

	"github.com/backupchecks/backupchecks/app/runs"
)

// SessionID is the external ID of the run of an account's session: one
// per account and session time, so no poll, restart or restored backup
// records a session twice.
func SessionID(account int64, session time.Time) string {
	return fmt.Sprintf("cove:%d:%d", account, session.Unix())
}

// runOf is the run of the account's last session, when it is final.
func runOf(a Account, jobID uint64) (runs.NewRun, bool) {
	status, final := MapStatus(a.Total.Status)
	if !final || a.Total.Time.IsZero() {
		return runs.NewRun{}, false
	}
	n := runs.NewRun{JobID: jobID, Source: runs.FromAPI, ExternalID: SessionID(a.ID, a.Total.Time), Time: a.Total.Time,
		Status: status, SourceStatus: a.Total.StatusName()}
	if a.Total.Errors > 0 {
		n.Message = fmt.Sprintf("%d error(s) in the last session.", a.Total.Errors)
	}
	for _, src := range a.Sources {
		n.Objects = append(n.Objects, objectOf(src, status))
	}
	return n, true
}

// objectOf is one data source as an object of the run. A source without a
// status of its own, or one still running, takes the session's status.
func objectOf(src Session, total runs.Status) runs.Object {
	o := runs.Object{Name: src.Name(), Kind: "Data source", Status: total}
	if st, final := MapStatus(src.Status); src.Status >= 0 && final {
		o.Status = st
	}
	switch {
	case src.Status < 0:
		o.Message = "Cove gave no status of its own for this source."
	case src.Errors > 0:
		o.Message = fmt.Sprintf("%s, %d error(s)", src.StatusName(), src.Errors)
	default:
		o.Message = src.StatusName()
	}
	if !src.Time.IsZero() {
		o.Message += "; last session " + src.Time.UTC().Format("2006-01-02 15:04 UTC")
	}
	return o
}
