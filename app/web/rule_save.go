package web

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/parsers"
	"github.com/backupchecks/backupchecks/views"
)

// ruleCreate saves a new rule.
func (s *Server) ruleCreate(c *fiber.Ctx) error { return s.ruleSave(c, 0) }

// ruleUpdate saves changes to a rule.
func (s *Server) ruleUpdate(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	return s.ruleSave(c, id)
}

// ruleSave stores the rule; its page then shows the dry run and offers to
// parse the Inbox mails it claims again.
func (s *Server) ruleSave(c *fiber.Ctx, id uint64) error {
	r := ruleFromForm(c)
	r.ID = id
	saved, err := s.Parsers.Save(r, actor(c))
	if errs, ok := ruleErrors(err); ok {
		return s.renderRule(c, fiber.StatusUnprocessableEntity, views.RuleForm{Rule: r, Errors: errs})
	}
	if errors.Is(err, parsers.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	s.flash(c, "success", fmt.Sprintf("Rule %q saved. New mail it recognises is recorded from now on.", saved.Name))
	return redirect(c, fmt.Sprintf("/settings/parsers/rules/%d?saved=1", saved.ID))
}
