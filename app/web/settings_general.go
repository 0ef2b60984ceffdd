package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/app/silence"
	"github.com/backupchecks/backupchecks/views"
)

func (s *Server) generalForm(c *fiber.Ctx) error {
	g, err := s.Settings.General()
	if err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.GeneralPage(s.shell(c, "Settings", "settings"), views.GeneralForm{Values: g, Zones: settings.TimeZones(), HasLogo: s.hasLogo()}))
}

func (s *Server) generalSave(c *fiber.Ctx) error {
	cur, err := s.Settings.General()
	if err != nil {
		return err
	}
	g := settings.General{MSPName: c.FormValue("msp_name"), TimeZone: c.FormValue("time_zone"), BaseURL: c.FormValue("base_url"), DailyJobsStart: c.FormValue("daily_jobs_start"),
		DayStart: c.FormValue("day_start"), SuccessNeedsReview: c.FormValue("success_needs_review") == "true",
		RequireTOTPAdmins: c.FormValue("require_totp_admins") == "true",
		Silence: silence.Defaults{Server: formIntOr(c, "silence_server", cur.Silence.Server), M365: formIntOr(c, "silence_m365", cur.Silence.M365),
			Workstation: formIntOr(c, "silence_workstation", cur.Silence.Workstation)},
		NoSuccessTimes: formIntOr(c, "no_success_times", cur.NoSuccessTimes)}
	g.ReviewWhenRecovered = c.FormValue("review_when_recovered") == "true"
	g.TrustedProxies = settings.ParseList(c.FormValue("trusted_proxies"))
	g, err = s.Settings.SaveGeneral(g, actor(c))
	if errs, ok := formErrors(err); ok {
		form := views.GeneralForm{Values: g, Errors: errs, Zones: settings.TimeZones(), HasLogo: s.hasLogo()}
		return render(c, fiber.StatusUnprocessableEntity, views.GeneralPage(s.shell(c, "Settings", "settings"), form))
	}
	if err != nil {
		return err
	}
	s.flash(c, "success", "Settings saved.")
	return redirect(c, "/settings")
}
