package web

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/views"
)

// overridesList lists every override, active ones first.
func (s *Server) overridesList(c *fiber.Ctx) error {
	list, err := s.Overrides.List()
	if err != nil {
		return err
	}
	all, err := s.Jobs.All()
	if err != nil {
		return err
	}
	names := make(map[uint64]string, len(all))
	for _, j := range all {
		names[j.ID] = j.Name
	}
	return render(c, fiber.StatusOK, views.OverridesPage(s.shell(c, "Overrides", "overrides"), views.OverridesData{List: list, JobNames: names, Now: time.Now()}))
}
