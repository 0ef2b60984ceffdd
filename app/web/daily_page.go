package web

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/daily"
	"github.com/backupchecks/backupchecks/app/schedule"
	"github.com/backupchecks/backupchecks/views"
)

// dailyPage is Daily Jobs: one business day, default today.
func (s *Server) dailyPage(c *fiber.Ctx) error {
	day, err := s.Daily.Today()
	if err != nil {
		return err
	}
	if q := c.Query("day"); q != "" {
		d, err := schedule.ParseDay(q)
		if err != nil {
			return fiber.NewError(fiber.StatusBadRequest, "Choose the day as YYYY-MM-DD, or open Daily Jobs for today.")
		}
		day = d
	}
	f := daily.Filter{Status: c.Query("status")}
	f.CustomerID, _ = strconv.ParseUint(c.Query("customer"), 10, 64)
	b, err := s.Daily.Board(day, f)
	if err != nil {
		return err
	}
	cs, err := s.Customers.List("")
	if err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.DailyPage(s.shell(c, "Daily Jobs", "daily"), views.DailyData{Board: b, Filter: f, Customers: cs}))
}
