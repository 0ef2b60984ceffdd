package web

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/coveimport"
	"github.com/backupchecks/backupchecks/app/customers"
)

// coveApprove creates the job of one waiting Cove account.
func (s *Server) coveApprove(c *fiber.Ctx) error {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return fiber.ErrNotFound
	}
	custID, ok, err := s.approvalCustomer(c)
	if err != nil || !ok {
		return err
	}
	done, err := s.Cove.Approve(id, custID, actor(c))
	switch {
	case errors.Is(err, coveimport.ErrNotFound):
		return fiber.ErrNotFound
	case errors.Is(err, coveimport.ErrNotPending):
		s.flash(c, "error", err.Error())
		return redirect(c, "/cove")
	case err != nil:
		return err
	}
	s.flash(c, "success", fmt.Sprintf("Job %s created with %s.", done.Job.Name, historyText(done.Runs, done.History)))
	return redirect(c, "/cove")
}

// coveApproveCustomer approves every waiting account of one Cove customer.
func (s *Server) coveApproveCustomer(c *fiber.Ctx) error {
	custID, ok, err := s.approvalCustomer(c)
	if err != nil || !ok {
		return err
	}
	done, err := s.Cove.ApproveCustomer(c.FormValue("cove_customer"), custID, actor(c))
	if err != nil && len(done) == 0 {
		return err
	}
	runs, history := 0, 0
	for _, d := range done {
		runs, history = runs+d.Runs, history+d.History
	}
	msg := fmt.Sprintf("%d job(s) created with %s.", len(done), historyText(runs, history))
	if err != nil {
		s.flash(c, "error", msg+" Then an approval failed: "+err.Error())
	} else {
		s.flash(c, "success", msg)
	}
	return redirect(c, "/cove")
}

func historyText(runs, history int) string {
	return fmt.Sprintf("%d run(s) of the last session and %d earlier day(s) from the colour bar", runs, history)
}

// approvalCustomer is the customer chosen on an approval form, created
// when a new name was given; ok is false when the form said neither (the
// answer is already sent).
func (s *Server) approvalCustomer(c *fiber.Ctx) (uint64, bool, error) {
	custID, _ := strconv.ParseUint(c.FormValue("customer"), 10, 64)
	if custID != 0 {
		return custID, true, nil
	}
	name := strings.TrimSpace(c.FormValue("new_customer"))
	if name == "" {
		s.flash(c, "error", "Choose the customer these backups belong to, or enter a new one.")
		return 0, false, redirect(c, "/cove")
	}
	cu, err := s.Customers.FindOrCreate(name, actor(c))
	var bad *customers.InvalidName
	if errors.As(err, &bad) {
		s.flash(c, "error", bad.Error())
		return 0, false, redirect(c, "/cove")
	}
	if err != nil {
		return 0, false, err
	}
	return cu.ID, true, nil
}

// coveIgnore stops offering an account; coveUnignore offers it again.
func (s *Server) coveIgnore(c *fiber.Ctx) error { return s.coveSetIgnored(c, true) }

func (s *Server) coveUnignore(c *fiber.Ctx) error { return s.coveSetIgnored(c, false) }

func (s *Server) coveSetIgnored(c *fiber.Ctx, ignore bool) error {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return fiber.ErrNotFound
	}
	var a coveimport.Account
	if ignore {
		a, err = s.Cove.Ignore(id, actor(c))
	} else {
		a, err = s.Cove.Unignore(id, actor(c))
	}
	switch {
	case errors.Is(err, coveimport.ErrNotFound):
		return fiber.ErrNotFound
	case errors.Is(err, coveimport.ErrNotPending):
		s.flash(c, "error", "That account is no longer where it was; the list has changed.")
		return redirect(c, "/cove")
	case err != nil:
		return err
	}
	if ignore {
		s.flash(c, "success", a.Name()+" is ignored: Cove keeps listing it, and it stays out of the approval list.")
		return redirect(c, "/cove")
	}
	s.flash(c, "success", a.Name()+" waits for approval again.")
	return redirect(c, "/cove?show=ignored")
}
