package web

import (
	"errors"
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/summary"
	"github.com/backupchecks/backupchecks/views"
)

// reportsPage is Reports: a period and scope's figures, worst first.
func (s *Server) reportsPage(c *fiber.Ctx) error {
	d, status, err := s.reportData(c)
	if err != nil {
		return err
	}
	return render(c, status, views.ReportsPage(s.shell(c, "Reports", "reports"), d))
}

// reportPrint is the same report as a page to print or save as PDF.
func (s *Server) reportPrint(c *fiber.Ctx) error {
	d, status, err := s.reportData(c)
	if err != nil {
		return err
	}
	if g, err := s.Settings.General(); err == nil {
		d.MSPName = g.MSPName
	}
	d.HasLogo = s.hasLogo()
	return render(c, status, views.ReportPrint(s.shell(c, "Report", "reports"), d))
}

// reportData reads the form of the query and builds the report. A period
// that cannot be read shows the last 30 days with the reason (422).
func (s *Server) reportData(c *fiber.Ctx) (views.ReportData, int, error) {
	status := fiber.StatusOK
	d := views.ReportData{Query: reportQuery(c), Sort: summary.ByWorst}
	if c.Query("sort") == string(summary.ByName) {
		d.Sort = summary.ByName
	}
	p, sc, err := s.reportRequest(c)
	if errors.Is(err, summary.ErrPeriod) {
		d.Error, status = err.Error()+" The last 30 days are shown instead.", fiber.StatusUnprocessableEntity
		p, _, err = s.reportRequest(nil)
	}
	if err != nil {
		return d, 0, err
	}
	if d.Customers, err = s.Customers.List(""); err != nil {
		return d, 0, err
	}
	if sc.CustomerID != 0 {
		if d.Jobs, err = s.Jobs.List(jobs.Filter{CustomerID: sc.CustomerID, Archived: "all"}, func(uint64) string { return "" }); err != nil {
			return d, 0, err
		}
	}
	d.Report, err = s.Summary.Build(p, sc, d.Sort)
	return d, status, err
}

// reportRequest is the period and scope the query asks for; nil asks for
// the default.
func (s *Server) reportRequest(c *fiber.Ctx) (summary.Period, summary.Scope, error) {
	today, err := s.Daily.Today()
	if err != nil {
		return summary.Period{}, summary.Scope{}, err
	}
	if c == nil {
		p, err := summary.PeriodOf("", "", "", "", today)
		return p, summary.Scope{}, err
	}
	var sc summary.Scope
	sc.CustomerID, _ = strconv.ParseUint(c.Query("customer"), 10, 64)
	sc.JobID, _ = strconv.ParseUint(c.Query("job"), 10, 64)
	p, err := summary.PeriodOf(c.Query("period"), c.Query("month"), c.Query("from"), c.Query("to"), today)
	return p, sc, err
}

// reportQuery keeps the report form's fields, for the links that repeat it.
func reportQuery(c *fiber.Ctx) url.Values {
	v := url.Values{}
	for _, k := range []string{"period", "month", "from", "to", "customer", "job", "sort"} {
		if q := c.Query(k); q != "" {
			v.Set(k, q)
		}
	}
	return v
}
