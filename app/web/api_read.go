package web

import (
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/storage"
	"github.com/backupchecks/backupchecks/views"
)

// apiDashboard is the dashboard's counts.
func (s *Server) apiDashboard(c *fiber.Ctx) error {
	var d views.DashboardData
	if err := s.operations(&d); err != nil {
		return err
	}
	conds, err := s.Watch.Latest()
	if err != nil {
		return err
	}
	q := d.Queue
	return c.JSON(fiber.Map{
		"review_queue":      fiber.Map{"failed": q.Failed, "missed": q.Missed, "warning": q.Warning, "success": q.Success, "total": q.Total()},
		"today":             d.Today,
		"jobs_today":        d.TodayJobs,
		"customers_failing": d.CustomersFailing,
		"inbox_waiting":     d.WaitingMails,
		"cove_waiting":      d.WaitingCove,
		"conditions":        conds,
	})
}

// apiCustomers lists customers, by name; q searches their names.
func (s *Server) apiCustomers(c *fiber.Ctx) error {
	list, err := s.Customers.List(c.Query("q"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"customers": nonNil(list)})
}

func (s *Server) apiCustomer(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	cu, err := s.Customers.Get(id)
	if err != nil {
		return notFound(err, "customer")
	}
	return c.JSON(cu)
}

// apiJobs lists jobs with the Jobs page's filters.
func (s *Server) apiJobs(c *fiber.Ctx) error {
	f := jobs.Filter{Search: c.Query("q"), Software: c.Query("software"), Type: c.Query("type"),
		Source: jobs.Source(c.Query("source")), LastStatus: c.Query("status"), Archived: c.Query("archived")}
	if v := c.Query("customer"); v != "" {
		id, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return invalidFields(map[string]string{"customer": "Give the customer's numeric ID."})
		}
		f.CustomerID = id
	}
	if f.Archived != "" && f.Archived != "yes" && f.Archived != "all" {
		return invalidFields(map[string]string{"archived": "archived is yes (archived only) or all; leave it out for active jobs."})
	}
	names, err := s.customerNames()
	if err != nil {
		return err
	}
	list, err := s.Jobs.List(f, func(id uint64) string { return names[id] })
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"jobs": s.apiJobsAt(list, s.Quiet.Clock())})
}

func (s *Server) apiJob(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	j, err := s.Jobs.Get(id)
	if err != nil {
		return notFound(err, "job")
	}
	return c.JSON(apiJobOf(j, j.Liveness(s.Jobs.Thresholds(), s.Quiet.Clock())))
}

func (s *Server) customerNames() (map[uint64]string, error) {
	list, err := s.Customers.List("")
	if err != nil {
		return nil, err
	}
	names := make(map[uint64]string, len(list))
	for _, cu := range list {
		names[cu.ID] = cu.Name
	}
	return names, nil
}

// notFound turns storage's not-found into a 404 problem naming what.
func notFound(err error, what string) error {
	if errors.Is(err, storage.ErrNotFound) || errors.Is(err, customers.ErrNotFound) || errors.Is(err, jobs.ErrNotFound) {
		return problem(fiber.StatusNotFound, "There is no "+what+" with that ID.")
	}
	return err
}

// nonNil makes an empty list marshal as [] rather than null.
func nonNil[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}

// wantsTrue reads a boolean query parameter.
func wantsTrue(v string) bool {
	v = strings.ToLower(v)
	return v == "true" || v == "1" || v == "yes"
}
