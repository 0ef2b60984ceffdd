package web

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/views"
)

// rulesExport downloads every rule as a JSON file to share.
func (s *Server) rulesExport(c *fiber.Ctx) error {
	b, err := s.Parsers.Export()
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/json")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="backupchecks-rules.json"`)
	return c.Send(b)
}

// rulesImport adds or replaces rules from an uploaded rules file.
func (s *Server) rulesImport(c *fiber.Ctx) error {
	raw, _, err := uploadedFile(c)
	if err == nil {
		res, err := s.Parsers.Import(raw, actor(c))
		if err == nil {
			s.flash(c, "success", fmt.Sprintf("Rules imported: %d added, %d updated.", res.Added, res.Updated))
			return redirect(c, "/settings/parsers")
		}
		return s.renderParsers(c, fiber.StatusUnprocessableEntity, views.ParsersView{ImportErr: err.Error()})
	}
	return s.renderParsers(c, fiber.StatusUnprocessableEntity, views.ParsersView{ImportErr: err.Error()})
}
