package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/views"
)

func (s *Server) auditList(c *fiber.Ctx) error {
	d := views.AuditData{Actor: strings.TrimSpace(c.Query("user")), Action: c.Query("action"), Actions: audit.Actions, Paged: c.Query("before") != ""}
	page, err := s.Audit.List(audit.Filter{Actor: d.Actor, Action: audit.Action(d.Action), Before: c.Query("before"), Limit: 50})
	if err != nil {
		return fiber.NewError(fiber.StatusBadRequest, "That page of the audit log does not exist. Start again from the newest events.")
	}
	d.Events, d.Next = page.Events, page.Next
	return render(c, fiber.StatusOK, views.AuditPage(s.shell(c, "Audit log", "settings"), d))
}
