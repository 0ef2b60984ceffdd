package coveimport

import (
	"fmt"
	"strings"
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
	var silent []string
	for _, src := range a.Sources {
		if src.Status < 0 {
			// An object needs a status; one borrowed from the session would
			// show this source as a warning (or a failure) Cove never said.
			silent = append(silent, src.Name())
			continue
		}
		n.Objects = append(n.Objects, objectOf(src, status))
	}
	if len(silent) > 0 {
		n.Message = strings.TrimSpace(n.Message + " " + strings.Join(silent, ", ") + ": " + NoStatusOfItsOwn + ".")
	}
	return n, true
}

// objectOf is one data source with a status of its own as an object of
// the run. One still running takes the session's status.
func objectOf(src Session, total runs.Status) runs.Object {
	o := runs.Object{Name: src.Name(), Kind: "Data source", Status: total}
	if st, final := MapStatus(src.Status); final {
		o.Status = st
	}
	switch {
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
