package web

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/mailimport"
)

// inboxApprove creates the job of a waiting report (for an existing or a
// new customer) and imports its mails.
func (s *Server) inboxApprove(c *fiber.Ctx) error {
	m, err := s.mailParam(c)
	if err != nil {
		return err
	}
	back := fmt.Sprintf("/inbox/%d", m.ID)
	custID, _ := strconv.ParseUint(c.FormValue("customer"), 10, 64)
	if name := strings.TrimSpace(c.FormValue("new_customer")); name != "" {
		cu, err := s.Customers.FindOrCreate(name, actor(c))
		var bad *customers.InvalidName
		if errors.As(err, &bad) {
			s.flash(c, "error", bad.Error())
			return redirect(c, back)
		}
		if err != nil {
			return err
		}
		custID = cu.ID
	}
	if custID == 0 {
		s.flash(c, "error", "Choose the customer this job belongs to, or enter a new one.")
		return redirect(c, back)
	}
	j, n, err := s.Mail.Approve(m.ID, mailimport.Approval{CustomerID: custID, JobName: c.FormValue("job_name")}, actor(c))
	switch {
	case errors.Is(err, mailimport.ErrNotPending), errors.Is(err, mailimport.ErrNoReport):
		s.flash(c, "error", err.Error())
		return redirect(c, back)
	case err != nil:
		return err
	}
	s.flash(c, "success", fmt.Sprintf("Job %s created: %d mail(s) became runs, and its next reports will arrive by themselves.", j.Name, n))
	return redirect(c, "/inbox")
}

// inboxIgnore hides a mail from the Inbox; inboxUnignore brings it back.
func (s *Server) inboxIgnore(c *fiber.Ctx) error { return s.inboxSetIgnored(c, true) }

func (s *Server) inboxUnignore(c *fiber.Ctx) error { return s.inboxSetIgnored(c, false) }

func (s *Server) inboxSetIgnored(c *fiber.Ctx, ignore bool) error {
	m, err := s.mailParam(c)
	if err != nil {
		return err
	}
	if ignore {
		_, err = s.Mail.Ignore(m.ID, actor(c))
	} else {
		_, err = s.Mail.Unignore(m.ID, actor(c))
	}
	if errors.Is(err, mailimport.ErrNotPending) {
		s.flash(c, "error", "That mail is no longer where it was; the Inbox has changed.")
		return redirect(c, "/inbox")
	}
	if err != nil {
		return err
	}
	if ignore {
		s.flash(c, "success", mailName(m)+" is ignored: kept, and hidden from the Inbox.")
	} else {
		s.flash(c, "success", mailName(m)+" is back in the Inbox.")
	}
	return redirect(c, "/inbox")
}

// inboxReparse parses one waiting mail again.
func (s *Server) inboxReparse(c *fiber.Ctx) error {
	m, err := s.mailParam(c)
	if err != nil {
		return err
	}
	res, err := s.Mail.Reparse(m.ID)
	if errors.Is(err, mailimport.ErrNotPending) || errors.Is(err, mailimport.ErrRawRemoved) {
		s.flash(c, "error", err.Error())
		return redirect(c, fmt.Sprintf("/inbox/%d", m.ID))
	}
	if err != nil {
		return err
	}
	switch {
	case res.NewRun || res.Mail.State == mailimport.Imported:
		s.flash(c, "success", "Parsed again: it belongs to an existing job and is now its run.")
		return redirect(c, "/inbox")
	case res.Mail.Outcome == mailimport.Parsed:
		s.flash(c, "success", "Parsed again: recognised by "+res.Mail.Report.Parser+"; approve it to create its job.")
	default:
		s.flash(c, "warning", "Parsed again: still not recognised.")
	}
	return redirect(c, fmt.Sprintf("/inbox/%d", m.ID))
}

// inboxReparseAll parses every waiting mail again, after a parser update.
func (s *Server) inboxReparseAll(c *fiber.Ctx) error {
	runs, recognised, err := s.Mail.ReparseAll()
	if err != nil {
		return err
	}
	s.flash(c, "success", fmt.Sprintf("Every waiting mail was parsed again: %d recognised, %d became runs of existing jobs.", recognised, runs))
	return redirect(c, "/inbox")
}

// inboxDelete removes a mail for good (admin only; the audit log keeps a record).
func (s *Server) inboxDelete(c *fiber.Ctx) error {
	m, err := s.mailParam(c)
	if err != nil {
		return err
	}
	if _, err := s.Mail.Delete(m.ID, actor(c)); err != nil {
		return err
	}
	s.flash(c, "success", mailName(m)+" is deleted. If it is still in the mailbox and not yet moved, the next poll imports it again.")
	return redirect(c, "/inbox")
}
