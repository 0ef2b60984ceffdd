package web

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/views"
)

// notificationsForm is Settings → Notifications: when the appliance says
// it is unwell, and what it says now.
func (s *Server) notificationsForm(c *fiber.Ctx) error {
	w, err := s.Settings.Watch()
	if err != nil {
		return err
	}
	return s.renderNotifications(c, fiber.StatusOK, views.NotificationsForm{Values: w})
}

func (s *Server) notificationsSave(c *fiber.Ctx) error {
	num := func(field string) int {
		n, err := strconv.Atoi(strings.TrimSpace(c.FormValue(field)))
		if err != nil {
			return -1 // refused by the check, with its sentence
		}
		return n
	}
	w := settings.Watch{QueueRuns: num("queue_runs"), QueueHours: num("queue_hours"), BackupDays: num("backup_days")}
	w, err := s.Settings.SaveWatch(w, actor(c))
	if errs, ok := formErrors(err); ok {
		return s.renderNotifications(c, fiber.StatusUnprocessableEntity, views.NotificationsForm{Values: w, Errors: errs})
	}
	if err != nil {
		return err
	}
	s.flash(c, "success", "Notification settings saved.")
	return redirect(c, "/settings/notifications")
}

func (s *Server) renderNotifications(c *fiber.Ctx, status int, f views.NotificationsForm) error {
	conds, err := s.Watch.Conditions()
	if err != nil {
		return err
	}
	f.Conditions = conds
	return render(c, status, views.NotificationsPage(s.shell(c, "Settings", "settings"), f))
}
