package web

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/views"
)

func (s *Server) jobsList(c *fiber.Ctx) error {
	f := jobs.Filter{
		Search: strings.TrimSpace(c.Query("q")), Software: c.Query("software"), Type: c.Query("type"),
		Source: jobs.Source(c.Query("source")), LastStatus: c.Query("status"), Archived: c.Query("archived"),
		Silent: c.Query("silent") == "1", Sort: c.Query("sort"), Now: time.Now(),
	}
	f.CustomerID = uint64(c.QueryInt("customer", 0))
	custs, err := s.Customers.List("")
	if err != nil {
		return err
	}
	names := make(map[uint64]string, len(custs))
	for _, cu := range custs {
		names[cu.ID] = cu.Name
	}
	list, err := s.Jobs.List(f, func(id uint64) string { return names[id] })
	if err != nil {
		return err
	}
	sw, types, err := s.Jobs.Facets()
	if err != nil {
		return err
	}
	d := views.JobsData{Customers: custs, Names: names, Filter: f, Software: sw, Types: types, Total: len(list)}
	d.Pages = max(1, (len(list)+views.JobsPerPage-1)/views.JobsPerPage)
	d.Page = max(0, min(c.QueryInt("page", 0), d.Pages-1))
	d.Jobs = list[min(d.Page*views.JobsPerPage, len(list)):min((d.Page+1)*views.JobsPerPage, len(list))]
	d.Now, d.Live = f.Now, make(map[uint64]jobs.Liveness, len(d.Jobs))
	t := s.Jobs.Thresholds()
	for _, j := range d.Jobs {
		d.Live[j.ID] = j.Liveness(t, f.Now)
	}
	return render(c, fiber.StatusOK, views.JobsPage(s.shell(c, "Jobs", "jobs"), d))
}
