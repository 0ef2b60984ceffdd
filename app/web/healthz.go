package web

import "github.com/gofiber/fiber/v2"

// healthz answers load balancers and monitoring: 503 when Badger does not
// serve a read; otherwise 200, with status "degraded" and the reasons when
// the appliance watches something wrong (an import failing, no recent
// backup), so an external monitor can page on the word. Conditions about
// customers' backups (jobs silent, no recent success) leave it "ok": they
// are the customers' servers, not this appliance. It reveals only
// the version and the conditions' titles: their details (error texts,
// host names) are for the signed-in dashboard.
func (s *Server) healthz(c *fiber.Ctx) error {
	if err := s.Maintenance.Store().Ping(); err != nil {
		s.Logger.Error("health check failed", "error", err)
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "error", "database": "unreachable", "version": s.Version})
	}
	body := fiber.Map{"status": "ok", "database": "ok", "version": s.Version}
	if s.Watch != nil {
		var reasons []string
		conds, err := s.Watch.Latest()
		if err != nil {
			s.Logger.Error("health conditions unreadable", "error", err)
			reasons = []string{"Conditions unreadable"}
		}
		for _, cd := range conds {
			if !cd.Backups {
				reasons = append(reasons, cd.Title)
			}
		}
		if len(reasons) > 0 {
			body["status"], body["reasons"] = "degraded", reasons
		}
	}
	return c.JSON(body)
}
