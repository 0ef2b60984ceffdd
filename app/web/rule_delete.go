package web

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/parsers"
)

// ruleDelete removes a rule; the runs it recorded stay.
func (s *Server) ruleDelete(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	r, err := s.Parsers.Delete(id, actor(c))
	if errors.Is(err, parsers.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	s.flash(c, "success", fmt.Sprintf("Rule %q deleted. Runs it recorded stay; new mail of its kind waits in the Inbox.", r.Name))
	return redirect(c, "/settings/parsers")
}

// ruleMove moves a rule up or down among the rules.
func (s *Server) ruleMove(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	err = s.Parsers.Move(id, c.FormValue("dir") == "up", actor(c))
	if errors.Is(err, parsers.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	return redirect(c, "/settings/parsers")
}

// ruleReparse parses again the Inbox mails a saved rule claims.
func (s *Server) ruleReparse(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	n, runs, err := s.Parsers.ReparseClaimed(id)
	if errors.Is(err, parsers.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	s.flash(c, "success", fmt.Sprintf("%d Inbox mail(s) parsed again with the rule; %d became runs of existing jobs. Approve the others from the Inbox.", n, runs))
	return redirect(c, "/inbox")
}
