package summary

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/app/settings"
)

// Branding is what heads a customer's PDF: the MSP's name and logo.
type Branding struct {
	Name     string
	Logo     []byte // PNG or JPEG; nil: none
	LogoType string // "PNG" or "JPG"
}

// BrandingOf is the branding Settings → General and the logo give.
func BrandingOf(g settings.General, l settings.Logo) Branding {
	b := Branding{Name: g.MSPName}
	if !l.Empty() {
		b.Logo, b.LogoType = l.Data, "PNG"
		if l.Type == "image/jpeg" {
			b.LogoType = "JPG"
		}
	}
	return b
}

// PDFName is a file name from a report's title and period, in characters
// every file system takes.
func PDFName(title string, p Period) string {
	safe := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-':
			return r
		}
		return '-'
	}, title)
	return fmt.Sprintf("backup-report-%s-%s-%s.pdf", strings.Trim(safe, "-"), p.From, p.To)
}

// The PDF's colours, as the page's light theme has them.
var (
	pdfOK         = [3]int{31, 138, 76}
	pdfWarn       = [3]int{183, 121, 31}
	pdfBad        = [3]int{197, 48, 48}
	pdfMissed     = [3]int{128, 90, 213}
	pdfOverridden = [3]int{1, 114, 173}
	pdfNone       = [3]int{225, 228, 232}
	pdfMuted      = [3]int{110, 117, 125}
)

// pageWidth is A4's printable width in mm between 15 mm margins.
const pageWidth = 180.0

// WritePDF writes a report as a PDF an MSP can hand its customer: the
// heading, the summary, the weekly trend, the jobs, each job's calendar
// and the failures with their messages. The Go fonts are embedded, so
// every name prints as typed, accents and all.
func WritePDF(w io.Writer, r Report, title string, b Branding) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(15, 15, 15)
	pdf.SetAutoPageBreak(true, 18)
	pdf.AddUTF8FontFromBytes("go", "", goregular.TTF)
	pdf.AddUTF8FontFromBytes("go", "B", gobold.TTF)
	pdf.SetTitle("Backup report: "+title, true)
	if b.Name != "" {
		pdf.SetAuthor(b.Name, true)
	}
	pdf.SetCreator("Backupchecks", true)
	pdf.AliasNbPages("")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-13)
		pdf.SetFont("go", "", 8)
		setText(pdf, pdfMuted)
		pdf.CellFormat(0, 5, fmt.Sprintf("%s · %s · page %d of {nb}", title, r.Period.Label(), pdf.PageNo()), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	pdfHeading(pdf, r, title, b)
	pdfSummary(pdf, r)
	pdfTrend(pdf, r.Weeks)
	pdfJobs(pdf, r)
	pdfCalendars(pdf, r)
	pdfFailures(pdf, r)
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("write the PDF: %w", err)
	}
	return pdf.Output(w)
}

func setText(pdf *fpdf.Fpdf, c [3]int) { pdf.SetTextColor(c[0], c[1], c[2]) }
func setFill(pdf *fpdf.Fpdf, c [3]int) { pdf.SetFillColor(c[0], c[1], c[2]) }

func pdfHeading(pdf *fpdf.Fpdf, r Report, title string, b Branding) {
	top := pdf.GetY()
	if len(b.Logo) > 0 {
		opt := fpdf.ImageOptions{ImageType: b.LogoType, ReadDpi: true}
		if info := pdf.RegisterImageOptionsReader("logo", opt, bytes.NewReader(b.Logo)); info != nil && pdf.Error() == nil {
			// At most 45 × 18 mm, keeping the logo's proportions.
			w, h := info.Width(), info.Height()
			scale := min(45/w, 18/h)
			pdf.ImageOptions("logo", 15, top, w*scale, h*scale, false, opt, 0, "")
		}
	}
	if b.Name != "" {
		pdf.SetFont("go", "B", 11)
		setText(pdf, pdfOverridden)
		pdf.SetXY(15, top)
		pdf.CellFormat(pageWidth, 6, b.Name, "", 1, "R", false, 0, "")
	}
	pdf.SetY(top + 20)
	pdf.SetFont("go", "B", 18)
	pdf.SetTextColor(20, 20, 20)
	pdf.MultiCell(pageWidth, 8, "Backup report: "+title, "", "L", false)
	pdf.SetFont("go", "", 10)
	setText(pdf, pdfMuted)
	loc := r.Location
	if loc == nil {
		loc = time.UTC
	}
	pdf.CellFormat(pageWidth, 6, fmt.Sprintf("%s · %d business days · made %s", r.Period.Label(), r.Period.Days(), r.Generated.In(loc).Format("2 Jan 2006 15:04")), "", 1, "L", false, 0, "")
	pdf.Ln(4)
}

func pdfSummary(pdf *fpdf.Fpdf, r Report) {
	t := r.Total
	boxes := []struct{ figure, label string }{
		{t.RateText(), "success rate"},
		{fmt.Sprintf("%d / %d", t.Runs(), t.Expected), "runs / expected"},
		{fmt.Sprintf("%d", t.Success), fmt.Sprintf("successful (%d by override)", t.Overridden)},
		{fmt.Sprintf("%d · %d · %d", t.Warning, t.Failed, t.Missed), "warnings · failed · missed"},
	}
	w := pageWidth / float64(len(boxes))
	y := pdf.GetY()
	for i, bx := range boxes {
		x := 15 + float64(i)*w
		pdf.SetDrawColor(210, 214, 220)
		pdf.Rect(x+1, y, w-2, 20, "D")
		pdf.SetXY(x+1, y+2)
		pdf.SetFont("go", "B", 14)
		pdf.SetTextColor(20, 20, 20)
		if i == 0 {
			setText(pdf, rateColour(t))
		}
		pdf.CellFormat(w-2, 8, bx.figure, "", 2, "C", false, 0, "")
		pdf.SetFont("go", "", 8)
		setText(pdf, pdfMuted)
		pdf.CellFormat(w-2, 6, bx.label, "", 0, "C", false, 0, "")
	}
	pdf.SetXY(15, y+22)
	pdf.SetFont("go", "", 8)
	pdf.CellFormat(pageWidth, 5, fmt.Sprintf("Overridden runs count as successes, warnings do not. Longest failing streak: %d runs in a row.", t.Streak), "", 1, "L", false, 0, "")
	pdf.Ln(3)
}

// gradeColours and outcomeColours are the page's colours of a rate's
// grade and a calendar day's outcome.
var (
	gradeColours   = map[string][3]int{"ok": pdfOK, "warn": pdfWarn, "bad": pdfBad, "none": pdfMuted}
	outcomeColours = map[string][3]int{"overridden": pdfOverridden, "ok": pdfOK, "warn": pdfWarn, "bad": pdfBad, "missed": pdfMissed, "none": pdfNone}
)

func rateColour(t Tally) [3]int { return gradeColours[t.Grade()] }

func pdfSection(pdf *fpdf.Fpdf, title string, need float64) {
	if pdf.GetY()+need > 279 {
		pdf.AddPage()
	}
	pdf.Ln(2)
	pdf.SetFont("go", "B", 12)
	pdf.SetTextColor(20, 20, 20)
	pdf.CellFormat(pageWidth, 7, title, "", 1, "L", false, 0, "")
}

// pdfTrend draws the weeks as stacked bars, as the page does.
func pdfTrend(pdf *fpdf.Fpdf, weeks []Week) {
	if len(weeks) == 0 {
		return
	}
	const height = 32.0
	pdfSection(pdf, "Runs per week", height+14)
	most := 1
	for _, w := range weeks {
		most = max(most, w.Runs())
	}
	bar := min(12.0, pageWidth/float64(len(weeks))*0.6)
	step := pageWidth / float64(len(weeks))
	base := pdf.GetY() + height
	for i, w := range weeks {
		x := 15 + float64(i)*step + (step-bar)/2
		y := base
		for _, p := range w.Parts() {
			h := float64(p.Runs) / float64(most) * height
			y -= h
			setFill(pdf, outcomeColours[p.Outcome])
			pdf.Rect(x, y, bar, h, "F")
		}
		pdf.SetXY(15+float64(i)*step, base+1)
		pdf.SetFont("go", "", 7)
		setText(pdf, pdfMuted)
		pdf.CellFormat(step, 4, dayLabel(w.Start.Year, int(w.Start.Month), w.Start.Date), "", 0, "C", false, 0, "")
	}
	pdf.SetXY(15, base+6)
	pdfLegend(pdf, false)
}

func dayLabel(y, m, d int) string {
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Format("2 Jan")
}

// pdfLegend names the colours; a calendar's also tells days without a run.
func pdfLegend(pdf *fpdf.Fpdf, calendar bool) {
	pdf.SetFont("go", "", 7)
	type entry struct {
		label string
		day   Day
	}
	entries := []entry{{"success", Day{Status: runs.Success}}, {"overridden", Day{Status: runs.Success, Overridden: true}},
		{"warning", Day{Status: runs.Warning}}, {"failed", Day{Status: runs.Failed}}, {"missed", Day{Status: runs.Missed}}}
	if calendar {
		entries = append(entries, entry{"expected, no run yet", Day{Expected: true}}, entry{"not expected", Day{}})
	}
	for _, l := range entries {
		x, y := pdf.GetXY()
		pdfDayCell(pdf, l.day, x, y+1, 3, 3)
		pdf.SetX(x + 4)
		setText(pdf, pdfMuted)
		pdf.CellFormat(pdf.GetStringWidth(l.label)+5, 5, l.label, "", 0, "L", false, 0, "")
	}
	pdf.Ln(6)
}

func pdfJobs(pdf *fpdf.Fpdf, r Report) {
	pdfSection(pdf, "Jobs", 20)
	cols := []struct {
		head  string
		width float64
	}{{"Job", 52}, {"Expected", 15}, {"Runs", 12}, {"Success", 16}, {"Warning", 14}, {"Failed", 12}, {"Missed", 13}, {"Rate", 22}, {"Last success", 24}}
	header := func() {
		pdf.SetFont("go", "B", 8)
		setText(pdf, pdfMuted)
		for i, c := range cols {
			align := "R"
			if i == 0 {
				align = "L"
			}
			pdf.CellFormat(c.width, 6, c.head, "B", 0, align, false, 0, "")
		}
		pdf.Ln(-1)
	}
	header()
	for _, j := range r.Jobs {
		if pdf.GetY() > 270 {
			pdf.AddPage()
			header()
		}
		pdf.SetFont("go", "", 8)
		pdf.SetTextColor(20, 20, 20)
		success := fmt.Sprint(j.Success)
		if j.Overridden > 0 {
			success = fmt.Sprintf("%d (%d ov.)", j.Success, j.Overridden)
		}
		cells := []string{fit(pdf, j.Job.Name, cols[0].width-2), fmt.Sprint(j.Expected), fmt.Sprint(j.Runs()), success,
			fmt.Sprint(j.Warning), fmt.Sprint(j.Failed), fmt.Sprint(j.Missed), j.RateText(), j.SuccessText(r.Generated)}
		for i, c := range cells {
			align := "R"
			if i == 0 {
				align = "L"
			}
			switch i {
			case len(cells) - 2:
				setText(pdf, rateColour(j.Tally))
			case len(cells) - 1:
				pdf.SetTextColor(20, 20, 20)
			}
			pdf.CellFormat(cols[i].width, 6, c, "", 0, align, false, 0, "")
		}
		pdf.Ln(-1)
	}
}

// fit shortens s with an ellipsis to width mm in the current font.
func fit(pdf *fpdf.Fpdf, s string, width float64) string {
	if pdf.GetStringWidth(s) <= width {
		return s
	}
	rs := []rune(s)
	for len(rs) > 1 && pdf.GetStringWidth(string(rs)+"…") > width {
		rs = rs[:len(rs)-1]
	}
	return string(rs) + "…"
}

// pdfCalendars draws each job's days as coloured cells, 31 to a line.
func pdfCalendars(pdf *fpdf.Fpdf, r Report) {
	if len(r.Jobs) == 0 || r.Jobs[0].Days == nil {
		return
	}
	pdfSection(pdf, "Calendar", 20)
	const perLine, name = 31, 50.0
	cell := (pageWidth - name) / perLine
	for _, j := range r.Jobs {
		for start := 0; start < len(j.Days); start += perLine {
			if pdf.GetY() > 272 {
				pdf.AddPage()
			}
			pdf.SetFont("go", "", 7.5)
			pdf.SetTextColor(20, 20, 20)
			label := ""
			if start == 0 {
				label = fit(pdf, j.Job.Name, name-14)
			}
			d := j.Days[start].Day
			y := pdf.GetY()
			pdf.CellFormat(name-12, 5, label, "", 0, "L", false, 0, "")
			setText(pdf, pdfMuted)
			pdf.CellFormat(12, 5, dayLabel(d.Year, int(d.Month), d.Date), "", 0, "R", false, 0, "")
			for i, day := range j.Days[start:min(start+perLine, len(j.Days))] {
				x := 15 + name + float64(i)*cell
				pdfDayCell(pdf, day, x+0.3, y+0.6, cell-0.6, 3.8)
			}
			pdf.SetXY(15, y+5)
		}
	}
	pdf.Ln(1)
	pdfLegend(pdf, true)
}

func pdfDayCell(pdf *fpdf.Fpdf, d Day, x, y, w, h float64) {
	o := d.Outcome()
	if o == "norun" { // expected, nothing ran: an outline, as on the page
		pdf.SetDrawColor(pdfBad[0], pdfBad[1], pdfBad[2])
		pdf.SetLineWidth(0.4)
		pdf.Rect(x+0.2, y+0.2, w-0.4, h-0.4, "D")
		pdf.SetLineWidth(0.2)
		return
	}
	setFill(pdf, outcomeColours[o])
	pdf.Rect(x, y, w, h, "F")
}

func pdfFailures(pdf *fpdf.Fpdf, r Report) {
	if len(r.Jobs) == 0 || r.Jobs[0].Days == nil {
		return
	}
	pdfSection(pdf, "Failures and missed runs", 20)
	if len(r.Failures) == 0 {
		pdf.SetFont("go", "", 9)
		setText(pdf, pdfMuted)
		pdf.CellFormat(pageWidth, 6, "None in this period.", "", 1, "L", false, 0, "")
		return
	}
	loc := r.Location
	if loc == nil {
		loc = time.UTC
	}
	for _, f := range r.Failures {
		if pdf.GetY() > 265 {
			pdf.AddPage()
		}
		pdf.SetFont("go", "B", 8)
		if f.Run.Status == runs.Missed {
			setText(pdf, pdfMissed)
		} else {
			setText(pdf, pdfBad)
		}
		pdf.CellFormat(14, 5, string(f.Run.Status), "", 0, "L", false, 0, "")
		pdf.SetTextColor(20, 20, 20)
		pdf.CellFormat(30, 5, f.Run.Time.In(loc).Format("2 Jan 2006 15:04"), "", 0, "L", false, 0, "")
		pdf.CellFormat(pageWidth-44, 5, fit(pdf, f.Job.Name, pageWidth-46), "", 1, "L", false, 0, "")
		if f.Run.Message != "" {
			pdf.SetFont("go", "", 8)
			setText(pdf, pdfMuted)
			pdf.SetX(29)
			pdf.MultiCell(pageWidth-14, 4, f.Run.Message, "", "L", false)
		}
		pdf.Ln(1)
	}
	if r.MoreFailures > 0 {
		pdf.SetFont("go", "", 8)
		setText(pdf, pdfMuted)
		pdf.MultiCell(pageWidth, 5, fmt.Sprintf("%d older failures are not listed; a shorter period lists them.", r.MoreFailures), "", "L", false)
	}
}
