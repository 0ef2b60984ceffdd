package web

import (
	"errors"
	"slices"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/remarks"
)

// apiRemarks lists remarks and ticket numbers, newest first; job,
// customer and open=true narrow them.
func (s *Server) apiRemarks(c *fiber.Ctx) error {
	list, err := s.Remarks.List()
	if err != nil {
		return err
	}
	job, _ := strconv.ParseUint(c.Query("job"), 10, 64)
	cust, _ := strconv.ParseUint(c.Query("customer"), 10, 64)
	open := wantsTrue(c.Query("open"))
	list = slices.DeleteFunc(list, func(r remarks.Remark) bool {
		return job != 0 && r.JobID != job || cust != 0 && r.CustomerID != cust || open && !r.Resolved.IsZero()
	})
	return c.JSON(fiber.Map{"remarks": nonNil(list)})
}

// apiRemarkAdd adds a remark (or a ticket number) to a run, job or customer.
func (s *Server) apiRemarkAdd(c *fiber.Ctx) error {
	var body struct {
		Kind       remarks.Kind `json:"kind"`
		Text       string       `json:"text"`
		RunID      uint64       `json:"run_id"`
		JobID      uint64       `json:"job_id"`
		CustomerID uint64       `json:"customer_id"`
	}
	if err := c.BodyParser(&body); err != nil {
		return invalidFields(map[string]string{"body": "Send JSON: kind, text, and one of run_id, job_id or customer_id."})
	}
	if body.Kind == "" {
		body.Kind = remarks.Note
	}
	scope := ""
	switch {
	case body.RunID != 0:
		scope = "run"
	case body.JobID != 0:
		scope = "job"
	case body.CustomerID != 0:
		scope = "customer"
	default:
		return invalidFields(map[string]string{"run_id": "Give one of run_id, job_id or customer_id: what the remark is about."})
	}
	r := remarks.Remark{Kind: body.Kind, Text: body.Text}
	target, err := s.remarkScope(scope, func(name string) uint64 {
		return map[string]uint64{"run": body.RunID, "job": body.JobID, "customer": body.CustomerID}[name]
	}, &r)
	if err != nil {
		return problem(fiber.StatusNotFound, "There is no "+scope+" with that ID.")
	}
	if r.Kind == remarks.Ticket && !s.Autotask.ManualTicketsAllowed() {
		return problem(fiber.StatusConflict, "Manual ticket numbers are off while the Autotask integration is on.")
	}
	r, err = s.Remarks.Add(r, actor(c), target)
	var bad *remarks.ErrInvalid
	if errors.As(err, &bad) {
		return invalidFields(map[string]string{"text": bad.Reason})
	}
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(r)
}
