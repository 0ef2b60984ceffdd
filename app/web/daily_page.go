package web

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/daily"
	"github.com/backupchecks/backupchecks/app/remarks"
	"github.com/backupchecks/backupchecks/app/schedule"
	"github.com/backupchecks/backupchecks/views"
)

// dailyPage is Daily Jobs: one business day, default today.
func (s *Server) dailyPage(c *fiber.Ctx) error {
	d, err := s.dailyData(c)
	if err != nil {
		return err
	}
	cs, err := s.Customers.List("")
	if err != nil {
		return err
	}
	d.Customers = cs
	return render(c, fiber.StatusOK, views.DailyPage(s.shell(c, "Daily Jobs", "daily"), d))
}

// dailyData reads the day and filter of the query and builds the board.
func (s *Server) dailyData(c *fiber.Ctx) (views.DailyData, error) {
	day, err := s.Daily.Today()
	if err != nil {
		return views.DailyData{}, err
	}
	if q := c.Query("day"); q != "" {
		d, err := schedule.ParseDay(q)
		if err != nil {
			return views.DailyData{}, fiber.NewError(fiber.StatusBadRequest, "Choose the day as YYYY-MM-DD, or open Daily Jobs for today.")
		}
		day = d
	}
	f := daily.Filter{Status: c.Query("status")}
	f.CustomerID, _ = strconv.ParseUint(c.Query("customer"), 10, 64)
	b, err := s.Daily.Board(day, f)
	if err != nil {
		return views.DailyData{}, err
	}
	rems, err := s.remarksOnBoard(b)
	return views.DailyData{Board: b, Filter: f, Remarks: rems}, err
}

// remarksOnBoard finds each row's remarks: those on its runs of the day,
// or for a job without a run, the open ones about it or its customer.
func (s *Server) remarksOnBoard(b daily.Board) (map[uint64][]remarks.Remark, error) {
	list, err := s.Remarks.List()
	if err != nil || len(list) == 0 {
		return nil, err
	}
	out := map[uint64][]remarks.Remark{}
	for _, g := range b.Groups {
		for _, row := range g.Rows {
			seen := map[uint64]bool{}
			var on []remarks.Remark
			for _, r := range row.Runs {
				for _, m := range remarks.OnRun(list, r.ID, r.JobID, g.Customer.ID, r.Time) {
					if !seen[m.ID] {
						seen[m.ID] = true
						on = append(on, m)
					}
				}
			}
			if len(row.Runs) == 0 {
				on = remarks.OpenAbout(list, row.Job.ID, g.Customer.ID)
			}
			if len(on) > 0 {
				out[row.Job.ID] = on
			}
		}
	}
	return out, nil
}
