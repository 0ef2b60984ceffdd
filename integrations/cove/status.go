package cove

import (
	"strconv"
	"strings"
)

// Status is a session status as the F00, F16 and F17 columns and the
// colour bar report it.
type Status int

// Cove documents 1-3 and 5-12; 0 (no backup) and 4 (unknown) come from
// N-able's own scripts.
const (
	NoBackup Status = iota
	InProcess
	Failed
	Aborted
	Unknown
	Completed
	Interrupted
	NotStarted
	CompletedWithErrors
	InProgressWithFaults
	OverQuota
	NoSelection
	Restarted
)

var statusNames = [...]string{
	NoBackup:             "NoBackup",
	InProcess:            "InProcess",
	Failed:               "Failed",
	Aborted:              "Aborted",
	Unknown:              "Unknown",
	Completed:            "Completed",
	Interrupted:          "Interrupted",
	NotStarted:           "NotStarted",
	CompletedWithErrors:  "CompletedWithErrors",
	InProgressWithFaults: "InProgressWithFaults",
	OverQuota:            "OverQuota",
	NoSelection:          "NoSelection",
	Restarted:            "Restarted",
}

func (s Status) String() string {
	if s >= 0 && int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "Status " + strconv.Itoa(int(s))
}

// ParseStatus reads a status column. It is false only when there is no
// number; a number Cove has not documented (13 appears in the wild) is
// returned as is and prints as "Status 13".
func ParseStatus(v string) (Status, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return 0, false
	}
	return Status(n), true
}

// ColourBar decodes an F08 colour bar: one status digit per day, oldest
// first (28 days in practice). Any length is accepted; a character that
// is not a digit is Unknown, since two-digit statuses cannot fit.
func ColourBar(v string) []Status {
	if v == "" {
		return nil
	}
	out := make([]Status, 0, len(v))
	for _, r := range v {
		if r >= '0' && r <= '9' {
			out = append(out, Status(r-'0'))
		} else {
			out = append(out, Unknown)
		}
	}
	return out
}
