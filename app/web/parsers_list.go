package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/views"
)

// parsersList is Settings → Parsers: the parsers in order, with what each
// recognised in the last 30 days.
func (s *Server) parsersList(c *fiber.Ctx) error {
	return s.renderParsers(c, fiber.StatusOK, views.ParsersView{})
}

func (s *Server) renderParsers(c *fiber.Ctx, status int, v views.ParsersView) error {
	ov, err := s.Parsers.List()
	if err != nil {
		return err
	}
	v.Overview = ov
	return render(c, status, views.ParsersPage(s.shell(c, "Parsers", "settings"), v))
}
