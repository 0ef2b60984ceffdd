package mailimport

import (
	"errors"
	"fmt"
	"strings"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/jobs"
)

// Get returns one mail.
func (s *Service) Get(id uint64) (Mail, error) { return s.store.Mail(id) }

// OfRun returns the mail a run was recorded from (ErrNotFound for runs
// that did not come by mail).
func (s *Service) OfRun(externalID string) (Mail, error) {
	key, ok := strings.CutPrefix(externalID, "mail:")
	if !ok {
		return Mail{}, ErrNotFound
	}
	return s.store.MailByKey(key)
}

// Raw returns a mail's stored message (headers only for a mail too large).
func (s *Service) Raw(id uint64) ([]byte, error) { return s.store.RawMail(id) }

// Inbox lists mails in a state (Pending by default), newest first; with
// search text, those whose sender, subject, job, software or reason
// contain it (any case).
func (s *Service) Inbox(state State, search string, before string, limit int) (MailPage, error) {
	if state == "" {
		state = Pending
	}
	search = strings.ToLower(strings.TrimSpace(search))
	if search == "" {
		return s.store.Mails(state, before, limit, nil)
	}
	return s.store.Mails(state, before, limit, func(m Mail) bool {
		text := m.From + "\x00" + m.Subject + "\x00" + m.Reason
		if m.Report != nil {
			text += "\x00" + m.Report.Job + "\x00" + m.Report.Software + "\x00" + m.Report.Type
		}
		return strings.Contains(strings.ToLower(text), search)
	})
}

// Waiting counts the mails in the Inbox.
func (s *Service) Waiting() (int, error) { return s.store.CountMails(Pending) }

// Approval is what the operator confirms for a pending mail.
type Approval struct {
	CustomerID uint64
	JobName    string // as the job will be called; defaults to the report's
}

// Approve creates the job a pending report belongs to, records this mail as
// its first run and imports every other pending mail of the same job.
// It returns the job and how many mails became runs.
func (s *Service) Approve(id uint64, a Approval, by audit.Actor) (jobs.Job, int, error) {
	m, err := s.store.Mail(id)
	if err != nil {
		return jobs.Job{}, 0, err
	}
	if m.State != Pending {
		return jobs.Job{}, 0, ErrNotPending
	}
	if m.Report == nil {
		return jobs.Job{}, 0, ErrNoReport
	}
	name := a.JobName
	if name == "" {
		name = m.Report.Job
	}
	j, err := s.jobs.Create(jobs.NewJob{CustomerID: a.CustomerID, Source: jobs.Email, Software: m.Report.Software, Type: m.Report.Type,
		Name: name, MatchKey: m.JobKey}, by)
	if errors.Is(err, jobs.ErrKeyTaken) {
		j, err = s.jobs.ByKey(m.JobKey) // approved meanwhile: join that job
	}
	if err != nil {
		return jobs.Job{}, 0, err
	}
	ev := audit.New(by, audit.MailApprove, m.Subject, fmt.Sprintf("job %s", j.Name))
	if _, err := s.recordRun(m, j, &ev); err != nil {
		return j, 0, err
	}
	n := 1
	others, err := s.store.PendingWithKey(m.JobKey)
	if err != nil {
		return j, n, err
	}
	for _, o := range others {
		if o.ID == m.ID {
			continue
		}
		if _, err := s.recordRun(o, j, nil); err != nil {
			return j, n, err
		}
		n++
	}
	return j, n, nil
}

// Ignore hides a pending mail from the Inbox; Unignore puts it back.
func (s *Service) Ignore(id uint64, by audit.Actor) (Mail, error) {
	return s.setState(id, Pending, Ignored, audit.MailIgnore, by)
}

// Unignore returns an ignored mail to the Inbox.
func (s *Service) Unignore(id uint64, by audit.Actor) (Mail, error) {
	return s.setState(id, Ignored, Pending, audit.MailUnignore, by)
}

func (s *Service) setState(id uint64, from, to State, action audit.Action, by audit.Actor) (Mail, error) {
	m, err := s.store.Mail(id)
	if err != nil {
		return m, err
	}
	if m.State != from {
		return m, ErrNotPending
	}
	m.State = to
	ev := audit.New(by, action, m.Subject, m.From)
	return m, s.store.SaveMail(m, &ev)
}

// Reparse parses a waiting mail again from its stored message (after a
// parser was added or fixed) and routes it: to its job's runs if that job
// now exists, else back to the Inbox with the new result.
func (s *Service) Reparse(id uint64) (Result, error) {
	m, err := s.store.Mail(id)
	if err != nil {
		return Result{}, err
	}
	if m.State != Pending {
		return Result{Mail: m}, ErrNotPending
	}
	if !m.RawRemoved.IsZero() {
		return Result{Mail: m}, ErrRawRemoved
	}
	raw, err := s.store.RawMail(id)
	if err != nil {
		return Result{}, err
	}
	if m.Outcome == TooLarge {
		return Result{Mail: m}, nil // only its headers were kept: nothing more to read
	}
	fresh := s.describe(raw)
	fresh.ID, fresh.Key, fresh.Received, fresh.Folder, fresh.UID, fresh.State = m.ID, m.Key, m.Received, m.Folder, m.UID, Pending
	return s.route(fresh)
}

// ReparseAll re-parses every waiting mail; it returns how many became runs
// and how many are now recognised.
func (s *Service) ReparseAll() (runs, recognised int, err error) {
	before := ""
	for {
		page, err := s.store.Mails(Pending, before, 200, nil)
		if err != nil {
			return runs, recognised, err
		}
		for _, m := range page.Mails {
			res, err := s.Reparse(m.ID)
			if err != nil && !errors.Is(err, ErrNotPending) && !errors.Is(err, ErrRawRemoved) {
				return runs, recognised, fmt.Errorf("mail %d: %w", m.ID, err)
			}
			if res.NewRun {
				runs++
			}
			if res.Mail.Outcome == Parsed {
				recognised++
			}
		}
		if page.Next == "" {
			return runs, recognised, nil
		}
		before = page.Next
	}
}

// Delete removes a mail and its stored message for good (admin); the audit
// log keeps who deleted what.
func (s *Service) Delete(id uint64, by audit.Actor) (Mail, error) {
	m, err := s.store.Mail(id)
	if err != nil {
		return m, err
	}
	return m, s.store.DeleteMail(id, audit.New(by, audit.MailDelete, m.Subject, fmt.Sprintf("from %s, received %s, %s", m.From, m.Received.Format("2006-01-02 15:04"), m.Key)))
}
