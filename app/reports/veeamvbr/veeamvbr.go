// Package veeamvbr parses the HTML job report of Veeam Backup &
// Replication: backup, backup copy, replication, agent backup and
// configuration backup jobs, in any server locale.
package veeamvbr

import (
	"regexp"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/backupchecks/backupchecks/app/reports/report"
)

// Parser is the registry entry.
var Parser = report.Parser{Name: "veeam-vbr", Parse: parse}

const software = "Veeam Backup & Replication"

// types maps the header label to the canonical job type and object kind.
var types = map[string]struct{ typ, kind string }{
	"backup job":               {"Backup Job", "VM"},
	"backup copy job":          {"Backup Copy Job", "VM"},
	"replication job":          {"Replication Job", "VM"},
	"agent backup job":         {"Agent Backup Job", "Machine"},
	"configuration backup job": {"Configuration Backup", "Server"},
}

var retry = regexp.MustCompile(`\s*\(Retry \d+\)\s*$`)

// parse recognises a report by its body: the "<Type> job: <name>" header
// with its description, the session details and the objects table, and the
// product named in the footer. Other Veeam mails (ONE alarms, licence
// notices) lack them.
func parse(m *report.Message) (report.Result, bool) {
	if !strings.Contains(m.HTML, "sessionDetails") || !strings.Contains(m.HTML, "processObjectsHeader") {
		return report.Result{}, false
	}
	doc, err := report.HTML(m.HTML)
	if err != nil {
		return report.Result{}, false
	}
	if !strings.Contains(doc.Text(), "Veeam Backup & Replication") {
		return report.Result{}, false // a footer of another Veeam product
	}
	header, statusCell := headerCells(doc)
	if header == nil {
		return report.Result{}, false
	}
	label, name, ok := strings.Cut(ownText(header), ":")
	kind, known := types[strings.ToLower(report.Clean(label))]
	if !ok || !known {
		return report.Result{}, false
	}
	status, ok := statusWord(ownText(statusCell))
	if !ok {
		return report.Result{}, false
	}
	res := report.Result{Software: software, Type: kind.typ, Job: jobName(name, kind.typ), Status: status}
	if res.Job == "" {
		return report.Result{}, false // a header without a name is no job report
	}
	res.Started, res.Ended = times(doc, m.Zone())
	res.Message = report.CellLines(doc.Find("td.sessionDetails").Closest("table").Find("span.small_label").First())
	res.Objects = objects(doc, kind.kind)
	return res, true
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

// jobName drops "(Retry N)" and, for a backup copy job, the source part
// after the last backslash ("Offsite Copy\Daily VMs").
func jobName(name, typ string) string {
	name = retry.ReplaceAllString(report.Clean(name), "")
	if typ == "Backup Copy Job" {
		if i := strings.LastIndex(name, `\`); i > 0 {
			name = name[:i]
		}
	}
	return report.Clean(name)
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

// objects reads the rows after the objects header, by column name.
func objects(doc *goquery.Document, kind string) []report.Object {
	head := doc.Find("tr.processObjectsHeader").First()
	col := map[string]int{}
	head.Find("td").Each(func(i int, td *goquery.Selection) { col[strings.ToLower(report.Clean(td.Text()))] = i })
	nameCol, statusCol, detailsCol := index(col, "name", 0), index(col, "status", 1), index(col, "details", -1)
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
