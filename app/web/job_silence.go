package web

import (
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/silence"
)

// jobSilence sets the job's silence bound by hand (days, or runs by hand
// with a reason), or returns it to the inferred one.
func (s *Server) jobSilence(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	var set *silence.Setting
	switch c.FormValue("mode") {
	case "days":
		set = &silence.Setting{Days: formIntOr(c, "days", -1)}
	case "by-hand":
		set = &silence.Setting{ByHand: true, Reason: strings.TrimSpace(c.FormValue("reason"))}
	case "inferred":
	default:
		return fiber.NewError(fiber.StatusBadRequest, "Choose how the silence bound is set.")
	}
	j, err := s.Jobs.SetSilence(id, set, actor(c))
	if err != nil {
		return s.jobActionFailed(c, id, err)
	}
	msg := "Silence bound set: " + j.Bound(s.Jobs.Thresholds().Defaults).Explain() + "."
	if set == nil {
		msg = "The silence bound is inferred from the job's schedule or history again."
	}
	s.flash(c, "success", msg)
	return redirect(c, fmt.Sprintf("/jobs/%d", id))
}
