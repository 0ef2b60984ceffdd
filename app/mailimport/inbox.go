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

// Inbox lists mails in a state (Pending by default), newest first.
func (s *Service) Inbox(state State, before string, limit int) (MailPage, error) {
	if state == "" {
		state = Pending
	}
	return s.store.Mails(state, before, limit)
}

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
