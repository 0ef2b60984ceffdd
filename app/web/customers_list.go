package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/views"
)

func (s *Server) customersList(c *fiber.Ctx) error {
	return s.renderCustomers(c, fiber.StatusOK, views.CustomersData{Search: strings.TrimSpace(c.Query("q"))})
}

// renderCustomers shows the list with per-customer counts taken from the
// jobs' last-run summaries (archived jobs left out), never from runs.
func (s *Server) renderCustomers(c *fiber.Ctx, status int, d views.CustomersData) error {
	list, err := s.Customers.List(d.Search)
	if err != nil {
		return err
	}
	all, err := s.Jobs.All() // counted, not listed: no need to sort them
	if err != nil {
		return err
	}
	type counts struct{ jobs, failing, missed int }
	per := map[uint64]*counts{}
	for _, j := range all {
		if j.Archived {
			continue
		}
		n := per[j.CustomerID]
		if n == nil {
			n = &counts{}
			per[j.CustomerID] = n
		}
		n.jobs++
		switch j.LastStatus {
		case "failed":
			n.failing++
		case "missed":
			n.missed++
		}
	}
	d.AutotaskEnabled = s.Autotask.Enabled()
	d.ShowAutotask = d.AutotaskEnabled
	for _, cu := range list {
		d.ShowAutotask = d.ShowAutotask || cu.Autotask != nil
		row := views.CustomerRow{Customer: cu}
		if n := per[cu.ID]; n != nil {
			row.Jobs, row.Failing, row.Missed = n.jobs, n.failing, n.missed
		}
		d.Rows = append(d.Rows, row)
	}
	return render(c, status, views.CustomersPage(s.shell(c, "Customers", "customers"), d))
}
