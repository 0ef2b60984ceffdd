package web

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/mailimport"
	"github.com/backupchecks/backupchecks/storage"
)

// apiInbox lists mails of a state (pending unless state says otherwise),
// newest first, a page at a time.
func (s *Server) apiInbox(c *fiber.Ctx) error {
	state := mailimport.State(c.Query("state"))
	limit := 100
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			return invalidFields(map[string]string{"limit": "limit is from 1 to 500."})
		}
		limit = n
	}
	p, err := s.Mail.Inbox(state, c.Query("q"), c.Query("cursor"), limit)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"mails": nonNil(p.Mails), "next": p.Next})
}

// apiInboxApprove approves a pending report mail: the job is created for
// the customer and the mail, with every other of that job, becomes runs.
func (s *Server) apiInboxApprove(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	var body struct {
		CustomerID uint64 `json:"customer_id"`
		JobName    string `json:"job_name"`
	}
	if err := c.BodyParser(&body); err != nil || body.CustomerID == 0 {
		return invalidFields(map[string]string{"customer_id": "Send JSON with the customer_id the job belongs to (and job_name to rename it)."})
	}
	if _, err := s.Customers.Get(body.CustomerID); err != nil {
		return notFound(err, "customer")
	}
	job, n, err := s.Mail.Approve(id, mailimport.Approval{CustomerID: body.CustomerID, JobName: body.JobName}, actor(c))
	switch {
	case errors.Is(err, storage.ErrNotFound), errors.Is(err, mailimport.ErrNotFound):
		return problem(fiber.StatusNotFound, "There is no mail with that ID.")
	case err != nil:
		return s.inboxProblem(err)
	}
	return c.JSON(fiber.Map{"job": job, "runs_created": n})
}

// apiInboxIgnore sets a mail aside.
func (s *Server) apiInboxIgnore(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	m, err := s.Mail.Ignore(id, actor(c))
	if errors.Is(err, storage.ErrNotFound) || errors.Is(err, mailimport.ErrNotFound) {
		return problem(fiber.StatusNotFound, "There is no mail with that ID.")
	}
	if err != nil {
		return s.inboxProblem(err)
	}
	return c.JSON(m)
}

// inboxProblem answers the Inbox's refusals (not pending, no report) as 409.
func (s *Server) inboxProblem(err error) error {
	if errors.Is(err, mailimport.ErrNotPending) || errors.Is(err, mailimport.ErrNoReport) {
		return problem(fiber.StatusConflict, sentence(err))
	}
	return err
}
