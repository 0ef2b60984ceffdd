package web

import "github.com/gofiber/fiber/v2"

// apiSilentJobs lists the active jobs silent past their bound, longest
// silence first, each with its customer and the sentence that says why.
func (s *Server) apiSilentJobs(c *fiber.Ctx) error {
	list, err := s.Quiet.Silent()
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"jobs": apiSilentOf(list)})
}

// apiJobsWithoutSuccess lists the active jobs whose last success is older
// than N × their bound (N in Settings → General), longest first.
func (s *Server) apiJobsWithoutSuccess(c *fiber.Ctx) error {
	list, err := s.Quiet.WithoutSuccess()
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"jobs": apiSilentOf(list), "times": s.Quiet.Times()})
}
