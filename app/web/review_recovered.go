package web

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/review"
)

// reviewRecovered is "Review all recovered (N)": it reviews the queued runs
// (of the filtered customer) whose job succeeded since, when they are still
// the N the button showed; otherwise the queue comes back with the new
// count and a sentence, and nothing is reviewed.
func (s *Server) reviewRecovered(c *fiber.Ctx) error {
	f := formFilter(c)
	expect, err := strconv.Atoi(c.FormValue("expect"))
	if err != nil || expect < 0 {
		return fiber.NewError(fiber.StatusBadRequest, "The button did not say how many runs to review. Reload Run Checks and click it again.")
	}
	_, err = s.Review.ReviewRecovered(review.Filter{CustomerID: f.CustomerID}, expect, actor(c))
	if errors.Is(err, review.ErrRecoveredChanged) {
		return s.renderQueueNotice(c, f, "Nothing was reviewed: the recovered runs changed since the page was shown. Check the new count and click again.")
	}
	if err != nil {
		return err
	}
	return s.renderQueue(c, f)
}
