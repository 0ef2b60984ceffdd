package web

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/settings"
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
	c.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, pdfName(title, p)))
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
	return brandingOf(g, l), nil
}

func brandingOf(g settings.General, l settings.Logo) summary.Branding {
	b := summary.Branding{Name: g.MSPName}
	if !l.Empty() {
		b.Logo, b.LogoType = l.Data, "PNG"
		if l.Type == "image/jpeg" {
			b.LogoType = "JPG"
		}
	}
	return b
}

// pdfName is a file name from the report's title and period, in
// characters every file system takes.
func pdfName(title string, p summary.Period) string {
	safe := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-':
			return r
		}
		return '-'
	}, title)
	return fmt.Sprintf("backup-report-%s-%s-%s.pdf", strings.Trim(safe, "-"), p.From, p.To)
}
