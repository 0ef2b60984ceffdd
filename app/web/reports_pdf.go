package web

import (
	"bytes"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/summary"
)

// reportPDF answers a customer's (or one job's) report as a PDF to hand
// the customer: the MSP's name and logo on top.
func (s *Server) reportPDF(c *fiber.Ctx) error {
	d, status, err := s.reportData(c)
	if err != nil {
		return err
	}
	if status != fiber.StatusOK {
		return fiber.NewError(status, d.Error)
	}
	if !d.Report.Scope.Detailed() {
		return fiber.NewError(fiber.StatusBadRequest, "Pick a customer first: a PDF report is one customer's.")
	}
	b, err := s.branding()
	if err != nil {
		return err
	}
	title := d.ScopeTitle()
	var out bytes.Buffer
	if err := summary.WritePDF(&out, d.Report, title, b); err != nil {
		return err
	}
	p := d.Report.Period
	c.Set("Content-Type", "application/pdf")
	c.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, summary.PDFName(title, p)))
	return c.Send(out.Bytes())
}

// branding is the MSP's name and logo for a report.
func (s *Server) branding() (summary.Branding, error) {
	g, err := s.Settings.General()
	if err != nil {
		return summary.Branding{}, err
	}
	l, err := s.Settings.Logo()
	if err != nil {
		return summary.Branding{}, err
	}
	return summary.BrandingOf(g, l), nil
}
