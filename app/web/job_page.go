package web

import (
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/remarks"
	"github.com/backupchecks/backupchecks/views"
)

const runsPerPage = 100

// jobPage is Job Details: facts, actions and the newest 100 runs.
func (s *Server) jobPage(c *fiber.Ctx) error {
	d, err := s.jobData(c)
	if err != nil {
		return err
	}
	if d.Customers, err = s.Customers.List(""); err != nil { // for "move to"
		return err
	}
	siblings, err := s.Jobs.List(jobs.Filter{CustomerID: d.Job.CustomerID, Archived: "all"}, func(uint64) string { return "" })
	if err != nil {
		return err
	}
	for _, j := range siblings { // for "merge into"
		if j.ID != d.Job.ID {
			d.Siblings = append(d.Siblings, j)
		}
	}
	return render(c, fiber.StatusOK, views.JobPage(s.shell(c, d.Job.Name, "jobs"), d))
}

// jobRuns is the next page of runs, swapped in below the previous one.
func (s *Server) jobRuns(c *fiber.Ctx) error {
	d, err := s.jobData(c)
	if err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.RunRows(s.shell(c, d.Job.Name, "jobs"), d))
}

func (s *Server) jobData(c *fiber.Ctx) (views.JobData, error) {
	id, err := idParam(c)
	if err != nil {
		return views.JobData{}, err
	}
	j, err := s.Jobs.Get(id)
	if errors.Is(err, jobs.ErrNotFound) {
		return views.JobData{}, fiber.ErrNotFound
	}
	if err != nil {
		return views.JobData{}, err
	}
	cu, err := s.Customers.Get(j.CustomerID)
	if err != nil {
		return views.JobData{}, err
	}
	page, err := s.Runs.OfJob(j.ID, c.Query("before"), runsPerPage)
	if err != nil {
		return views.JobData{}, fiber.NewError(fiber.StatusBadRequest, "That page of runs does not exist. Open the job again.")
	}
	d := views.JobData{Job: j, Customer: cu, Runs: page.Runs, Next: page.Next, Now: time.Now()}
	d.Live = j.Liveness(s.Jobs.Thresholds(), d.Now)
	if d.Recovered, err = s.Runs.RecoveriesOf(j.ID, j.LastSuccess, page.Runs); err != nil {
		return d, err
	}
	all, err := s.Remarks.List()
	if err != nil {
		return d, err
	}
	d.RunRemarks = remarksOn(all, page.Runs, func(uint64) uint64 { return cu.ID })
	d.Remarks = remarks.About(all, j.ID, cu.ID)
	if d.Tickets, err = s.ticketOffers(page.Runs, map[uint64]customers.Customer{j.ID: cu}); err != nil {
		return d, err
	}
	d.NoManualTickets = !s.Autotask.ManualTicketsAllowed()
	if d.Auto, err = s.autoTickets(cu, &j); err != nil {
		return d, err
	}
	if j.Source == jobs.Cove {
		if d.Cove, err = s.Cove.OfJob(j.ID); err != nil {
			return d, err
		}
	}
	ovs, err := s.Overrides.List()
	if err != nil {
		return d, err
	}
	for _, o := range ovs {
		if o.Covers(j) && !o.Expired(time.Now()) {
			d.Overrides = append(d.Overrides, o)
		}
	}
	return d, nil
}
