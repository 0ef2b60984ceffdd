package web

import "github.com/gofiber/fiber/v2"

// healthz answers load balancers and monitoring: 200 when Badger serves a
// read, 503 otherwise. It reveals nothing but the version.
func (s *Server) healthz(c *fiber.Ctx) error {
	if err := s.Maintenance.Store().Ping(); err != nil {
		s.Logger.Error("health check failed", "error", err)
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "error", "database": "unreachable", "version": s.Version})
	}
	return c.JSON(fiber.Map{"status": "ok", "database": "ok", "version": s.Version})
}
