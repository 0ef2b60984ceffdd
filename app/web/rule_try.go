package web

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/views"
)

// ruleTry runs the rule on the form, saved or not, over the recent stored
// mail and shows the current results beside the rule's. Nothing is saved.
func (s *Server) ruleTry(c *fiber.Ctx) error {
	r := ruleFromForm(c)
	r.ID, _ = strconv.ParseUint(c.FormValue("id"), 10, 64)
	run, err := s.Parsers.Try(r)
	if errs, ok := ruleErrors(err); ok {
		if c.Get("HX-Request") == "true" {
			return render(c, fiber.StatusOK, views.RuleTryError(errs))
		}
		return s.renderRule(c, fiber.StatusUnprocessableEntity, views.RuleForm{Rule: r, Errors: errs})
	}
	if err != nil {
		return err
	}
	if c.Get("HX-Request") == "true" {
		return render(c, fiber.StatusOK, views.RuleDryRun(s.shell(c, "", "settings"), r, run, false))
	}
	return s.renderRule(c, fiber.StatusOK, views.RuleForm{Rule: r, DryRun: &run})
}
