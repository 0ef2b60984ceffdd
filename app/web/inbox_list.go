package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/mailimport"
	"github.com/backupchecks/backupchecks/views"
)

const mailsPerPage = 50

// inboxList is the Inbox: mails waiting for approval (or the ignored ones).
func (s *Server) inboxList(c *fiber.Ctx) error {
	state := mailimport.Pending
	if c.Query("show") == "ignored" {
		state = mailimport.Ignored
	}
	page, err := s.Mail.Inbox(state, c.Query("q"), c.Query("before"), mailsPerPage)
	if err != nil {
		return fiber.NewError(fiber.StatusBadRequest, "That page of the Inbox does not exist. Open the Inbox again.")
	}
	w, err := s.waiting()
	if err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.InboxPage(s.shell(c, "Inbox", "inbox"), views.InboxData{Page: page, Ignored: state == mailimport.Ignored, Search: c.Query("q"), Waiting: w}))
}

// waiting counts the mails and Cove accounts waiting for approval.
func (s *Server) waiting() (w views.Waiting, err error) {
	if w.Mails, err = s.Mail.Waiting(); err != nil {
		return w, err
	}
	w.Cove, err = s.Cove.Waiting()
	return w, err
}
