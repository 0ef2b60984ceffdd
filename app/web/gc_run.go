package web

import (
	"fmt"

	"github.com/gofiber/fiber/v2"
)

// gcRun runs the value-log cleanup now instead of waiting for its schedule.
func (s *Server) gcRun(c *fiber.Ctx) error {
	run, err := s.Maintenance.Store().CollectGarbage()
	if err != nil {
		s.flash(c, "error", "Cleanup failed: "+err.Error())
	} else {
		s.flash(c, "success", fmt.Sprintf("Cleanup done: %d value-log file(s) rewritten.", run.Rewritten))
	}
	return redirect(c, "/settings/maintenance")
}
