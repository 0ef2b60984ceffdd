package web

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/summary"
)

// reportExport answers one table of a report as CSV for a spreadsheet.
func (s *Server) reportExport(c *fiber.Ctx) error {
	table := c.Query("table")
	if !slices.Contains(summary.Tables, table) {
		return fiber.NewError(fiber.StatusBadRequest, "Choose a table to export: customers, jobs, weeks or failures.")
	}
	d, status, err := s.reportData(c)
	if err != nil {
		return err
	}
	if status != fiber.StatusOK {
		return fiber.NewError(status, d.Error)
	}
	var b bytes.Buffer
	if err := summary.WriteCSV(&b, d.Report, table); err != nil {
		return err
	}
	p := d.Report.Period
	c.Set("Content-Type", "text/csv; charset=utf-8")
	c.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="backupchecks-%s-%s-%s.csv"`, table, p.From, p.To))
	return c.Send(b.Bytes())
}
