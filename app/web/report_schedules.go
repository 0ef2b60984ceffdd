package web

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/app/summary"
	"github.com/backupchecks/backupchecks/storage"
	"github.com/backupchecks/backupchecks/views"
)

// reportScheduleCreate schedules a customer's report by mail.
func (s *Server) reportScheduleCreate(c *fiber.Ctx) error {
	customer, _ := strconv.ParseUint(c.FormValue("customer"), 10, 64)
	day, _ := strconv.Atoi(c.FormValue("day"))
	sch := summary.Schedule{CustomerID: customer, Every: c.FormValue("every"), Day: day}
	recipients, err := settings.ParseAddresses(c.FormValue("recipients"))
	if err == nil {
		sch.Recipients = recipients
		sch, err = s.Summary.CreateSchedule(sch, actor(c))
	} else {
		err = &summary.ScheduleError{Field: "recipients", Reason: err.Error() + ": enter addresses separated by commas."}
	}
	var se *summary.ScheduleError
	if errors.As(err, &se) {
		f, ferr := s.notificationsData(c)
		if ferr != nil {
			return ferr
		}
		f.NewSchedule, f.ScheduleErrors = sch, views.FormErrors{se.Field: se.Reason}
		return s.renderNotificationsForm(c, fiber.StatusUnprocessableEntity, f)
	}
	if err != nil {
		return err
	}
	s.flash(c, "success", "Report scheduled: "+sch.Describe()+".")
	return redirect(c, "/settings/notifications#scheduled-reports")
}

// reportScheduleDelete stops a scheduled report.
func (s *Server) reportScheduleDelete(c *fiber.Ctx) error {
	id, _ := strconv.ParseUint(c.Params("id"), 10, 64)
	if err := s.Summary.DeleteSchedule(id, actor(c)); errors.Is(err, storage.ErrNotFound) {
		return fiber.NewError(fiber.StatusNotFound, "That report schedule no longer exists.")
	} else if err != nil {
		return err
	}
	s.flash(c, "success", "Scheduled report deleted.")
	return redirect(c, "/settings/notifications#scheduled-reports")
}

// reportScheduleSend mails a schedule's latest report now; the delivery
// log says when it went.
func (s *Server) reportScheduleSend(c *fiber.Ctx) error {
	id, _ := strconv.ParseUint(c.Params("id"), 10, 64)
	if err := s.SendReportNow(id); errors.Is(err, storage.ErrNotFound) {
		return fiber.NewError(fiber.StatusNotFound, "That report schedule no longer exists.")
	} else if err != nil {
		return err
	}
	s.flash(c, "success", "The report is on its way: the delivery log below shows when the server accepted it.")
	return redirect(c, "/settings/notifications#scheduled-reports")
}
