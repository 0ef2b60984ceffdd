package web

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/views"
)

// remarksList lists every remark and manual ticket, open ones first.
func (s *Server) remarksList(c *fiber.Ctx) error {
	list, err := s.Remarks.List()
	if err != nil {
		return err
	}
	jobs, err := s.Jobs.All()
	if err != nil {
		return err
	}
	cs, err := s.Customers.List("")
	if err != nil {
		return err
	}
	about := map[uint64]string{}
	jobName, custName := map[uint64]string{}, map[uint64]string{}
	for _, j := range jobs {
		jobName[j.ID] = j.Name
	}
	for _, cu := range cs {
		custName[cu.ID] = cu.Name
	}
	for _, r := range list {
		switch r.Scope() {
		case "run":
			about[r.ID] = fmt.Sprintf("a run of %s", jobName[r.JobID])
		case "job":
			about[r.ID] = "job " + jobName[r.JobID]
		default:
			about[r.ID] = "customer " + custName[r.CustomerID]
		}
	}
	return render(c, fiber.StatusOK, views.RemarksPage(s.shell(c, "Remarks and tickets", "remarks"), views.RemarksData{List: list, About: about}))
}
