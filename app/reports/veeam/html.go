// Package veeam parses the HTML job reports of Veeam products: Backup &
// Replication (backup, backup copy, replication, agent backup and
// configuration backup jobs), the standalone Agent for Microsoft Windows,
// and Backup for Microsoft 365. They share one report layout: a header
// "<Type> job: <name>" with the status beside it, the session's long date
// in the server locale, a statistics grid and an objects table.
package veeam

import (
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/backupchecks/backupchecks/app/reports/report"
)

// layout reports whether the body has the Veeam report layout and names
// the product in its footer.
func layout(m *report.Message, product string) (*goquery.Document, bool) {
	if !strings.Contains(m.HTML, "sessionDetails") || !strings.Contains(m.HTML, "processObjectsHeader") {
		return nil, false
	}
	doc, err := report.HTML(m.HTML)
	if err != nil || !strings.Contains(doc.Text(), product) {
		return nil, false
	}
	return doc, true
}

// headerCells finds the report header: the cell holding "<Type> job:
// <name>" and the status cell beside it, each with a job description.
func headerCells(doc *goquery.Document) (header, status *goquery.Selection) {
	doc.Find("div.jobDescription").EachWithBreak(func(_ int, d *goquery.Selection) bool {
		cell := d.Parent()
		if !strings.Contains(ownText(cell), ":") {
			return true
		}
		header, status = cell, cell.Next()
		return false
	})
	if header == nil || status.Length() == 0 {
		return nil, nil
	}
	return header, status
}

// ownText is a cell's text without its child elements (the description).
func ownText(s *goquery.Selection) string {
	var b strings.Builder
	s.Contents().Each(func(_ int, c *goquery.Selection) {
		if goquery.NodeName(c) == "#text" {
			b.WriteString(c.Text())
		}
	})
	return report.Clean(b.String())
}

func statusWord(s string) (string, bool) {
	switch strings.ToLower(report.Clean(s)) {
	case "success":
		return report.Success, true
	case "warning":
		return report.Warning, true
	case "error", "failed":
		return report.Failed, true
	}
	return "", false
}

// times reads the session's date (long form, server locale) with the
// Start time and End time cells; an end earlier than the start is on the
// next day.
func times(doc *goquery.Document, loc *time.Location) (*time.Time, *time.Time) {
	y, mo, d, ok := report.LongDate(doc.Find("td.sessionDetails").First().Text())
	if !ok {
		return nil, nil
	}
	cell := func(label string) (h, mi, s int, ok bool) {
		var text string
		doc.Find("td.sessionDetails").Closest("table").Find("td").EachWithBreak(func(_ int, td *goquery.Selection) bool {
			if strings.EqualFold(report.Clean(td.Text()), label) {
				text = td.Next().Text()
				return false
			}
			return true
		})
		return report.Clock(text)
	}
	h, mi, s, ok := cell("Start time")
	if !ok {
		return nil, nil
	}
	start := report.At(y, mo, d, h, mi, s, loc)
	h, mi, s, ok = cell("End time")
	if !ok {
		return &start, nil
	}
	end := report.At(y, mo, d, h, mi, s, loc)
	if end.Before(start) {
		end = end.AddDate(0, 0, 1)
	}
	return &start, &end
}

// objects reads the rows after the objects header, by column name. With
// kind "" each object's kind is its Type column (Backup for Microsoft 365).
func objects(doc *goquery.Document, kind string) []report.Object {
	head := doc.Find("tr.processObjectsHeader").First()
	col := map[string]int{}
	head.Find("td").Each(func(i int, td *goquery.Selection) { col[strings.ToLower(report.Clean(td.Text()))] = i })
	nameCol, statusCol, detailsCol, typeCol := index(col, "name", 0), index(col, "status", 1), index(col, "details", -1), index(col, "type", -1)
	var out []report.Object
	head.NextAll().Each(func(_ int, tr *goquery.Selection) {
		tds := tr.Find("td")
		if tds.Length() <= statusCol || tds.Length() <= nameCol {
			return
		}
		status, ok := statusWord(tds.Eq(statusCol).Text())
		if !ok {
			return
		}
		o := report.Object{Name: report.Clean(tds.Eq(nameCol).Text()), Kind: kind, Status: status}
		if kind == "" && typeCol >= 0 && typeCol < tds.Length() {
			o.Kind = report.Clean(tds.Eq(typeCol).Text())
		}
		if n, isVApp := strings.CutPrefix(o.Name, "(vApp)"); isVApp {
			o.Name, o.Kind = report.Clean(n), "vApp"
		}
		if detailsCol >= 0 && detailsCol < tds.Length() {
			o.Message = report.CellLines(tds.Eq(detailsCol))
		}
		out = append(out, o)
	})
	return out
}

func index(col map[string]int, name string, fallback int) int {
	if i, ok := col[name]; ok {
		return i
	}
	return fallback
}
