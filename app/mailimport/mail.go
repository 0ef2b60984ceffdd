// Package mailimport turns report mails into runs. Any transport (IMAP
// today) hands it a raw message; it keeps the message, dedupes it, parses
// it and either records a run for the job the report belongs to or puts
// the mail in the Inbox for an operator to approve. Every step can be
// repeated after a crash without losing a mail or recording a run twice.
package mailimport

import (
	"errors"
	"time"

	"github.com/backupchecks/backupchecks/app/reports/report"
)

// State is where a mail stands.
type State string

const (
	New      State = "new"      // stored, not yet routed (a crash came in between)
	Pending  State = "pending"  // in the Inbox, waiting for an operator
	Imported State = "imported" // its run is recorded
	Ignored  State = "ignored"  // kept, hidden from the Inbox
)

// Outcome is what parsing said.
type Outcome string

const (
	Parsed       Outcome = "parsed"
	Unrecognised Outcome = "unrecognised"
	Unreadable   Outcome = "error"
	TooLarge     Outcome = "too large"
)

// Parsed is a recognised report as stored with its mail.
type ParsedReport struct {
	Parser   string          `json:"parser"`
	Software string          `json:"software"`
	Type     string          `json:"type"`
	Job      string          `json:"job"`
	Status   string          `json:"status"`
	Started  *time.Time      `json:"started,omitempty"`
	Ended    *time.Time      `json:"ended,omitempty"`
	Message  string          `json:"message,omitempty"`
	Objects  []report.Object `json:"objects,omitempty"`
}

// Mail is one imported message (its raw bytes are stored beside it).
type Mail struct {
	ID        uint64        `json:"id"`
	Key       string        `json:"key"` // dedupe key: Message-ID, or sha256 of the message
	MessageID string        `json:"message_id,omitempty"`
	From      string        `json:"from"`
	Subject   string        `json:"subject"`
	Date      time.Time     `json:"date"`     // the Date header
	Received  time.Time     `json:"received"` // when it was imported
	Size      int           `json:"size"`
	Outcome   Outcome       `json:"outcome"`
	Reason    string        `json:"reason,omitempty"` // why not recognised or not readable
	Report    *ParsedReport `json:"report,omitempty"`
	JobKey    string        `json:"job_key,omitempty"` // the match key its job has or will have
	State     State         `json:"state"`
	JobID     uint64        `json:"job_id,omitempty"`
	RunID     uint64        `json:"run_id,omitempty"`
	Folder    string        `json:"folder,omitempty"` // where the transport found it
	UID       uint32        `json:"uid,omitempty"`
	// RawRemoved is when the retention setting removed the original
	// message; the record and its run stay.
	RawRemoved time.Time `json:"raw_removed,omitzero"`
}

var (
	ErrNotFound   = errors.New("mail not found")
	ErrRawRemoved = errors.New("the original message was removed by the retention setting (Settings → Maintenance)")
	ErrDuplicate  = errors.New("mail already imported")
	ErrNotPending = errors.New("this mail is not waiting in the Inbox any more")
	ErrNoReport   = errors.New("no parser recognised this mail, so there is no job to approve; ignore it if it is not a backup report")
)
