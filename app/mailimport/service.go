package mailimport

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/reports"
	"github.com/backupchecks/backupchecks/app/reports/report"
	"github.com/backupchecks/backupchecks/app/runs"
)

// Store persists mails and their raw bytes.
type Store interface {
	// CreateMails stores new mails, each with its raw message and, where
	// runs holds one (runs may be shorter, or nil), the run it reports, in
	// the same transaction; for a mail already stored it returns the
	// stored one and ErrDuplicate.
	CreateMails(ms []Mail, raws [][]byte, runs []*runs.Prepared) []Stored
	SaveMail(m Mail, ev *audit.Event) error
	Mail(id uint64) (Mail, error)       // ErrNotFound
	MailByKey(key string) (Mail, error) // ErrNotFound
	RawMail(id uint64) ([]byte, error)
	// Mails pages one state's mails newest first, those keep accepts
	// (all when nil).
	Mails(state State, before string, limit int, keep func(Mail) bool) (MailPage, error)
	PendingWithKey(jobKey string) ([]Mail, error)
	CountMails(state State) (int, error)
	DeleteMail(id uint64, ev audit.Event) error
}

// Stored is what CreateMails did with one mail.
type Stored struct {
	Mail   Mail // as stored: Imported with its run, Pending, New, or the earlier one (ErrDuplicate)
	NewRun bool // its run was recorded now (not seen before)
	Err    error
}

// MailPage is a page of mails and the cursor of the next one.
type MailPage struct {
	Mails []Mail
	Next  string
}

// Source says where a transport found a message.
type Source struct {
	Folder   string
	UID      uint32
	Received time.Time // when the mail server received it; zero: now
	// Partial means the transport fetched only the header of a message of
	// Size bytes, over the size limit.
	Partial bool
	Size    int
}

// Result says what one Import did.
type Result struct {
	Mail      Mail
	Duplicate bool // seen before: nothing changed
	NewRun    bool // a run was recorded
}

// Service holds the import use cases.
type Service struct {
	store Store
	jobs  *jobs.Service
	runs  *runs.Service
	// MaxSize is the size limit in bytes (a larger mail is kept with its
	// headers only), read from the settings each time it is needed.
	MaxSize func() int
	// Rules returns the admin's parsing rules, tried after every built-in
	// parser declined a mail; nil means none.
	Rules func() []report.Parser
	Now   func() time.Time
}

// DefaultMaxSize is the default mail size limit.
const DefaultMaxSize = 25 << 20

// NewService wires the import use cases.
func NewService(s Store, j *jobs.Service, r *runs.Service) *Service {
	return &Service{store: s, jobs: j, runs: r, MaxSize: func() int { return DefaultMaxSize }, Now: time.Now}
}

// Import keeps, dedupes, parses and routes one raw message. Seeing the same
// message again (a re-polled mailbox, a crash before the transport moved
// it) changes nothing, except finishing a mail a crash left unrouted.
func (s *Service) Import(raw []byte, src Source) (Result, error) {
	o := s.ImportAll([]Item{{Raw: raw, Source: src}})[0]
	return o.Result, o.Err
}

// describeSource describes a message as its transport found it, in the
// state it is stored in first.
func (s *Service) describeSource(raw []byte, src Source) (m Mail, kept []byte, job *jobs.Job, err error) {
	if src.Partial {
		m = s.describeHeader(raw, src.Size)
	} else {
		m = s.describe(raw)
	}
	m.Folder, m.UID, m.Received, m.State = src.Folder, src.UID, src.Received.UTC(), New
	// A mail for the Inbox is stored as Pending at once; one whose job
	// exists is stored with its run.
	job, err = s.jobOf(m)
	if err != nil {
		return m, nil, nil, err
	}
	if job == nil {
		m.State = Pending
	}
	if src.Received.IsZero() {
		m.Received = s.Now().UTC()
	}
	kept = raw
	if m.Outcome == TooLarge {
		kept = headerOf(raw)
	}
	return m, kept, job, nil
}

// describeHeader describes a message of which only the header was
// fetched, because it is over the size limit.
func (s *Service) describeHeader(header []byte, size int) Mail {
	m := s.describe(header)
	m.Size, m.Outcome, m.Report, m.JobKey = size, TooLarge, nil, ""
	m.Reason = tooLarge(size, s.MaxSize())
	return m
}

func tooLarge(size, limit int) string {
	return fmt.Sprintf("the mail is %.1f MB, over the %d MB limit; it was left in the mailbox", float64(size)/(1<<20), limit>>20)
}

// describe decodes and parses a message into a Mail record.
func (s *Service) describe(raw []byte) Mail {
	sum := sha256.Sum256(raw)
	m := Mail{Size: len(raw), Key: "sha256:" + hex.EncodeToString(sum[:])}
	if limit := s.MaxSize(); limit > 0 && len(raw) > limit {
		raw = headerOf(raw)
		m.Outcome, m.Reason = TooLarge, tooLarge(m.Size, limit)
	}
	msg, err := report.Decode(raw)
	if err != nil {
		m.Outcome, m.Reason = Unreadable, err.Error()
		return m
	}
	if id := strings.Trim(strings.TrimSpace(msg.MessageID), "<>"); id != "" {
		m.MessageID, m.Key = id, "msgid:"+strings.ToLower(id)
	}
	m.From, m.Subject, m.Date = msg.From, msg.Subject, msg.Date
	if m.Outcome == TooLarge {
		return m
	}
	res := reports.ParseMessageWith(msg, s.rules())
	if !res.Recognised {
		m.Outcome, m.Reason = Unrecognised, res.Reason
		return m
	}
	m.Outcome = Parsed
	m.Report = &ParsedReport{Parser: res.Parser, Software: res.Software, Type: res.Type, Job: res.Job, Status: res.Status,
		Started: res.Started, Ended: res.Ended, Message: res.Message, Objects: res.Objects}
	m.JobKey = jobs.EmailKey(m.From, res.Software, res.Type, res.Job)
	return m
}

func (s *Service) rules() []report.Parser {
	if s.Rules == nil {
		return nil
	}
	return s.Rules()
}

// jobOf is the job of the mail's report, nil when the mail goes to the
// Inbox: no report in it, or no job for its report yet.
func (s *Service) jobOf(m Mail) (*jobs.Job, error) {
	if m.Outcome != Parsed {
		return nil, nil
	}
	j, err := s.jobs.ByKey(m.JobKey)
	if errors.Is(err, jobs.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &j, nil
}

// route records the run when the report's job exists, else puts the mail
// in the Inbox.
func (s *Service) route(m Mail) (Result, error) {
	j, err := s.jobOf(m)
	if err != nil {
		return Result{Mail: m}, err
	}
	if j == nil {
		m.State = Pending
		return Result{Mail: m}, s.store.SaveMail(m, nil)
	}
	return s.recordRun(m, *j, nil)
}

// recordRun records the mail's run for job j and marks it imported.
func (s *Service) recordRun(m Mail, j jobs.Job, ev *audit.Event) (Result, error) {
	run, created, err := s.runs.Record(runOf(m, j))
	if err != nil {
		return Result{Mail: m}, fmt.Errorf("record run: %w", err)
	}
	m.State, m.JobID, m.RunID = Imported, j.ID, run.ID
	return Result{Mail: m, NewRun: created}, s.store.SaveMail(m, ev)
}

// runOf is the run a parsed mail reports for job j.
func runOf(m Mail, j jobs.Job) runs.NewRun {
	r := m.Report
	at := m.Date
	if r.Started != nil {
		at = *r.Started
	}
	if at.IsZero() {
		at = m.Received
	}
	objs := make([]runs.Object, len(r.Objects))
	for i, o := range r.Objects {
		objs[i] = runs.Object{Name: o.Name, Kind: o.Kind, Status: runs.Status(o.Status), Message: o.Message}
	}
	return runs.NewRun{JobID: j.ID, Source: runs.FromEmail, ExternalID: "mail:" + m.Key, Time: at,
		Status: runs.Status(r.Status), SourceStatus: r.Status, Message: r.Message, Objects: objs}
}
