package web

import (
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/notify"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/app/summary"
	"github.com/backupchecks/backupchecks/views"
)

// notificationsForm is Settings → Notifications: when the appliance says
// it is unwell, what it says now, the webhooks and their delivery log.
func (s *Server) notificationsForm(c *fiber.Ctx) error {
	f, err := s.notificationsData(c)
	if err != nil {
		return err
	}
	return s.renderNotificationsForm(c, fiber.StatusOK, f)
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
		f, ferr := s.notificationsData(c)
		if ferr != nil {
			return ferr
		}
		f.Values, f.Errors = w, errs
		return s.renderNotificationsForm(c, fiber.StatusUnprocessableEntity, f)
	}
	if err != nil {
		return err
	}
	if _, err := s.Watch.Refresh(); err != nil { // the new limits apply at once
		return err
	}
	s.flash(c, "success", "Notification settings saved.")
	return redirect(c, "/settings/notifications")
}

// notificationsData reads everything the page shows.
func (s *Server) notificationsData(c *fiber.Ctx) (views.NotificationsForm, error) {
	var f views.NotificationsForm
	var err error
	if f.Values, err = s.Settings.Watch(); err != nil {
		return f, err
	}
	if f.Conditions, err = s.Watch.Refresh(); err != nil {
		return f, err
	}
	if f.Morning, err = s.Morning.View(); err != nil {
		return f, err
	}
	if f.Hooks, err = s.Notify.Store().Webhooks(); err != nil {
		return f, err
	}
	if f.Log, err = s.Notify.Store().DeliveryLog(); err != nil {
		return f, err
	}
	if err := s.mailFormData(&f); err != nil {
		return f, err
	}
	f.NewSchedule = summary.Schedule{Every: "month", Day: 1}
	f.NewHook = notify.Webhook{Format: notify.Generic, Events: slices.Concat([]notify.Kind{notify.RunFailed, notify.RunMissed}, notify.BackupConditionKinds(), notify.ConditionKinds())}
	return f, nil
}

func (s *Server) renderNotificationsForm(c *fiber.Ctx, status int, f views.NotificationsForm) error {
	return render(c, status, views.NotificationsPage(s.shell(c, "Settings", "settings"), f))
}
