package web

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/review"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/views"
)

// newsLimit bounds the run IDs a poll may name: the page shows at most
// review.PageSize rows.
const newsLimit = review.PageSize

// queueNews answers Run Checks' poll without moving a row: a bar saying
// how many runs arrived since the page was drawn and how many of its rows
// others reviewed, the rows reviewed since the last poll marked done in
// place (out of band), and the counts. The page sends the runs it shows
// (seen) and those not yet marked done (open).
func (s *Server) queueNews(c *fiber.Ctx, f review.Filter) error {
	seen, open := idList(c.Query("seen")), idList(c.Query("open"))
	// Only the queue's runs and counts: the rows are not redrawn, so their
	// remarks and ticket cells are not read on every poll.
	q, err := s.Review.Page(f, review.PageSize)
	if err != nil {
		return err
	}
	d := views.ReviewData{Queue: q, Filter: f}
	fresh := 0
	for _, g := range d.Queue.Groups {
		for _, jg := range g.Jobs {
			for _, r := range jg.Runs {
				if !seen[r.ID] {
					fresh++
				}
			}
		}
	}
	me := actor(c).Name
	sh := s.shell(c, "Run Checks", "review")
	byOthers := 0
	var marks []runs.Run
	for id := range seen {
		r, err := s.Runs.Get(id)
		if err != nil || r.Reviewed.IsZero() {
			continue // gone, or still waiting
		}
		if r.ReviewedBy != me {
			byOthers++
		}
		if open[id] {
			marks = append(marks, r)
		}
	}
	if err := render(c, fiber.StatusOK, views.QueueNews(d, fresh, byOthers)); err != nil {
		return err
	}
	w := c.Response().BodyWriter()
	for _, r := range marks {
		rems, err := s.remarksOnRuns([]runs.Run{r}, s.customerOfJob)
		if err != nil {
			return err
		}
		offer, err := s.runOffer(r)
		if err != nil {
			return err
		}
		rec, err := s.recoveryOf(r)
		if err != nil {
			return err
		}
		if err := views.OthersRow(sh, r, rems[r.ID], offer, rec).Render(c.UserContext(), w); err != nil {
			return err
		}
	}
	return views.ReviewCounts(d, true).Render(c.UserContext(), w)
}

// idList reads "1,2,3" into a set, ignoring what is not an ID and
// anything past newsLimit.
func idList(s string) map[uint64]bool {
	out := map[uint64]bool{}
	for _, p := range strings.Split(s, ",") {
		if len(out) == newsLimit {
			break
		}
		if id, err := strconv.ParseUint(strings.TrimSpace(p), 10, 64); err == nil && id != 0 {
			out[id] = true
		}
	}
	return out
}
