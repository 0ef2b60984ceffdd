package coveimport

import "github.com/backupchecks/backupchecks/app/audit"

// Trigger says what started a poll: every poll is logged with it, and one
// a person started is audited under their name.
type Trigger struct {
	How string      // Scheduled, PollNow or CommandLine
	By  audit.Actor // the person; zero for the scheduler
}

// How a poll was started.
const (
	Scheduled   = "scheduled"
	PollNow     = "poll now"
	CommandLine = "command line"
)

// ByPerson reports whether a person asked for the poll.
func (t Trigger) ByPerson() bool { return t.How != Scheduled }
