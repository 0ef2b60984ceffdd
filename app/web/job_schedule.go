package web

import (
	"fmt"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/schedule"
)

// jobSchedule sets the job's schedule by hand, or ("reset") returns it to the inferred one.
func (s *Server) jobSchedule(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	var sc *schedule.Schedule
	if c.FormValue("reset") != "true" {
		sc = scheduleForm(c)
	}
	j, err := s.Jobs.SetSchedule(id, sc, actor(c))
	if err != nil {
		return s.jobActionFailed(c, id, err)
	}
	msg := "Schedule set: " + j.Schedule().Explain() + "."
	if sc == nil {
		msg = "The schedule is inferred from the job's runs again."
	}
	s.flash(c, "success", msg)
	return redirect(c, fmt.Sprintf("/jobs/%d", id))
}

// scheduleForm reads the form; what does not parse is left invalid for
// the use case to explain (kind "", minute -1, grace 0).
func scheduleForm(c *fiber.Ctx) *schedule.Schedule {
	sc := &schedule.Schedule{Kind: schedule.Kind(c.FormValue("kind")), Minute: -1}
	if t, err := time.Parse("15:04", c.FormValue("time")); err == nil {
		sc.Minute = t.Hour()*60 + t.Minute()
	}
	if m, err := strconv.Atoi(c.FormValue("grace")); err == nil {
		sc.Grace = time.Duration(m) * time.Minute
	}
	sc.MonthDay, _ = strconv.Atoi(c.FormValue("month_day"))
	for _, v := range c.Request().PostArgs().PeekMulti("day") {
		if w, err := strconv.Atoi(string(v)); err == nil && w >= 0 && w <= 6 {
			sc.Days = append(sc.Days, time.Weekday(w))
		}
	}
	return sc
}
