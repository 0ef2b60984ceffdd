package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/views"
)

// dailyGroup is one customer's jobs of a collapsed Daily Jobs board,
// whole, for htmx to put in place of the customer's summary. A visit
// without htmx gets the page filtered to that customer.
func (s *Server) dailyGroup(c *fiber.Ctx) error {
	if c.Get("HX-Request") != "true" {
		return redirect(c, "/daily?"+string(c.Request().URI().QueryString()))
	}
	d, err := s.dailyData(c)
	if err != nil {
		return err
	}
	if d.Filter.CustomerID == 0 {
		return fiber.NewError(fiber.StatusBadRequest, "Choose the customer whose jobs to show.")
	}
	for _, g := range d.Board.Groups {
		if g.Customer.ID == d.Filter.CustomerID {
			return render(c, fiber.StatusOK, views.DailyGroup(s.shell(c, "", "daily"), d, g))
		}
	}
	c.Type("html", "utf-8")
	return c.SendString(`<p class="hint">This customer has no jobs on this day any more.</p>`)
}
