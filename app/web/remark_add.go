package web

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/remarks"
)

// remarkAdd adds a remark or manual ticket number to a run, job or customer.
func (s *Server) remarkAdd(c *fiber.Ctx) error {
	ret := safeReturnTo(c.FormValue("return"), "/review")
	r := remarks.Remark{Kind: remarks.Kind(c.FormValue("kind")), Text: c.FormValue("text")}
	target, err := s.remarkScope(c.FormValue("scope"), func(name string) uint64 {
		v, _ := strconv.ParseUint(c.FormValue(name), 10, 64)
		return v
	}, &r)
	if err != nil {
		return err
	}
	if r.Kind == remarks.Ticket && !s.Autotask.ManualTicketsAllowed() {
		s.flash(c, "error", "Manual ticket numbers are off while the Autotask integration is on: create or link an Autotask ticket instead (an admin can allow manual numbers in Settings → Autotask).")
		return redirect(c, ret)
	}
	_, err = s.Remarks.Add(r, actor(c), target)
	var bad *remarks.ErrInvalid
	if errors.As(err, &bad) {
		s.flash(c, "error", bad.Reason)
		return redirect(c, ret)
	}
	if err != nil {
		return err
	}
	s.flash(c, "success", "Added "+r.Label()+" to the "+r.Scope()+": it shows on its runs in Run Checks, Daily Jobs and Job Details.")
	return redirect(c, ret)
}

// remarkScope fills the remark's scope (run, job or customer, with its ID
// from id), checking that what it is about exists, and names it for the
// audit log.
func (s *Server) remarkScope(scope string, id func(name string) uint64, r *remarks.Remark) (string, error) {
	gone := fiber.NewError(fiber.StatusNotFound, "What the remark is about no longer exists. Reload the page.")
	switch scope {
	case "run":
		x, err := s.Runs.Get(id("run"))
		if err != nil {
			return "", gone
		}
		j, err := s.Jobs.Get(x.JobID)
		if err != nil {
			return "", gone
		}
		r.RunID, r.JobID, r.CustomerID = x.ID, j.ID, j.CustomerID
		return "run of " + j.Name + " at " + x.Time.Format("2006-01-02 15:04") + " UTC", nil
	case "job":
		j, err := s.Jobs.Get(id("job"))
		if err != nil {
			return "", gone
		}
		r.JobID = j.ID
		return "job " + j.Name, nil
	case "customer":
		cu, err := s.Customers.Get(id("customer"))
		if err != nil {
			return "", gone
		}
		r.CustomerID = cu.ID
		return "customer " + cu.Name, nil
	}
	return "", fiber.NewError(fiber.StatusBadRequest, "Choose what the remark is about.")
}

// remarkResolve closes a remark or ticket; remarkReopen opens it again.
func (s *Server) remarkResolve(c *fiber.Ctx) error { return s.remarkSetResolved(c, true) }

func (s *Server) remarkReopen(c *fiber.Ctx) error { return s.remarkSetResolved(c, false) }

func (s *Server) remarkSetResolved(c *fiber.Ctx, resolved bool) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	if resolved {
		_, err = s.Remarks.Resolve(id, actor(c))
	} else {
		_, err = s.Remarks.Reopen(id, actor(c))
	}
	if errors.Is(err, remarks.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	return redirect(c, safeReturnTo(c.FormValue("return"), "/remarks"))
}
