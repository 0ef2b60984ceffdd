package web

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/notify"
	"github.com/backupchecks/backupchecks/storage"
	"github.com/backupchecks/backupchecks/views"
)

// webhookCreate adds a webhook and shows its signing secret, this once.
func (s *Server) webhookCreate(c *fiber.Ctx) error {
	w := notify.Webhook{Name: c.FormValue("name"), URL: c.FormValue("url"), Format: notify.Format(c.FormValue("format"))}
	for _, k := range c.Request().PostArgs().PeekMulti("events") {
		w.Events = append(w.Events, notify.Kind(k))
	}
	w, key, err := s.Notify.CreateWebhook(w, actor(c))
	var fe *notify.FieldError
	if errors.As(err, &fe) {
		f, ferr := s.notificationsData(c)
		if ferr != nil {
			return ferr
		}
		f.NewHook, f.HookErrors = w, views.FormErrors{fe.Field: fe.Reason}
		return s.renderNotificationsForm(c, fiber.StatusUnprocessableEntity, f)
	}
	if err != nil {
		return err
	}
	f, err := s.notificationsData(c)
	if err != nil {
		return err
	}
	f.Created, f.CreatedSecret = w, key.Reveal()
	return s.renderNotificationsForm(c, fiber.StatusOK, f)
}

// webhookDelete removes a webhook.
func (s *Server) webhookDelete(c *fiber.Ctx) error {
	id, _ := strconv.ParseUint(c.Params("id"), 10, 64)
	if err := s.Notify.DeleteWebhook(id, actor(c)); errors.Is(err, storage.ErrNotFound) {
		return fiber.NewError(fiber.StatusNotFound, "That webhook no longer exists.")
	} else if err != nil {
		return err
	}
	s.flash(c, "success", "Webhook deleted.")
	return redirect(c, "/settings/notifications")
}

// webhookTest sends a test event to one webhook now and says how it went.
func (s *Server) webhookTest(c *fiber.Ctx) error {
	id, _ := strconv.ParseUint(c.Params("id"), 10, 64)
	entry, err := s.Notify.SendTest(id)
	switch {
	case errors.Is(err, storage.ErrNotFound):
		return fiber.NewError(fiber.StatusNotFound, "That webhook no longer exists.")
	case err != nil:
		s.flash(c, "error", "The test could not be sent: "+err.Error())
	case entry.Outcome == "delivered":
		s.flash(c, "success", "Test delivered: the receiver answered "+strconv.Itoa(entry.Status)+".")
	default:
		s.flash(c, "error", "Test not delivered: "+entry.Error+". Check the URL, and that the receiver accepts JSON posts.")
	}
	return redirect(c, "/settings/notifications")
}
