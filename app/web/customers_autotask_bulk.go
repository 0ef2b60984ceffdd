package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/views"
)

// customersAutotaskBulk is Customers → Map to Autotask: every unmapped
// active customer with the company of its name preselected, read from
// Autotask in one pass over the active companies. With the integration
// off it says so and calls nothing.
func (s *Server) customersAutotaskBulk(c *fiber.Ctx) error {
	d := views.BulkMappingData{Enabled: s.Autotask.Enabled()}
	if d.Enabled {
		sug, err := s.Autotask.BulkSuggestions(c.Context())
		if err != nil {
			_, text, ok := autotaskFailure(err)
			if !ok {
				return err
			}
			d.Error = text
		}
		d.Suggestions = sug
	}
	return render(c, fiber.StatusOK, views.BulkMappingPage(s.shell(c, "Map customers to Autotask", "customers"), d))
}
