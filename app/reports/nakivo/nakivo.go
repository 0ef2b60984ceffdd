// Package nakivo reads the job report mails of NAKIVO Backup & Replication:
// an HTML body with a summary table (Job name, Job type, Status, Started,
// Finished, optional Message) and a VM table (VM, Status, …, Message).
package nakivo

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/backupchecks/backupchecks/app/reports/report"
)

// Parser is the NAKIVO entry of the parser list.
var Parser = report.Parser{Name: "nakivo", Recognises: "NAKIVO Backup & Replication job reports: the job report header and its VM table", Parse: parse}

const software = "NAKIVO Backup & Replication"

// parse claims a mail only when its HTML body names the product and holds
// a summary table with a job name, a job type and a status we can map.
func parse(m *report.Message) (report.Result, bool) {
	if !strings.Contains(m.HTML, "NAKIVO") {
		return report.Result{}, false // cheap test before building a DOM
	}
	doc, err := report.HTML(m.HTML)
	if err != nil || !strings.Contains(doc.Text(), software) {
		return report.Result{}, false
	}
	f := summary(doc)
	job := report.Clean(f["job name"])
	typ, okType := jobType(f["job type"])
	status, okStatus := runStatus(f["status"])
	if job == "" || !okType || !okStatus {
		return report.Result{}, false
	}
	r := report.Result{
		Software: software,
		Type:     typ,
		Job:      job,
		Status:   status,
		Message:  report.Lines(f["message"]),
		Objects:  vms(doc),
	}
	r.Started, r.Ended = times(f, m.Zone())
	return r, true
}

// summary reads the two-cell rows of the summary table as lower-case key →
// value. The first row of a key wins, so a later table cannot override it.
func summary(doc *goquery.Document) map[string]string {
	out := map[string]string{}
	doc.Find("tr").Each(func(_ int, tr *goquery.Selection) {
		cells := tr.ChildrenFiltered("td, th")
		if cells.Length() != 2 {
			return
		}
		key := strings.ToLower(strings.TrimSuffix(report.Clean(cells.First().Text()), ":"))
		if _, seen := out[key]; !seen && key != "" {
			out[key] = report.CellLines(cells.Last())
		}
	})
	return out
}

// jobType maps "Backup job for VMware", "Replication job for VMware", … onto
// a canonical type. A job kind we do not know is not claimed rather than
// given a wrong type.
func jobType(s string) (string, bool) {
	l := strings.ToLower(report.Clean(s))
	switch {
	case strings.HasPrefix(l, "backup copy job"):
		return "Backup Copy Job", true
	case strings.HasPrefix(l, "backup job"):
		return "Backup Job", true
	case strings.HasPrefix(l, "replication job"):
		return "Replication Job", true
	}
	return "", false
}

// runStatus maps the summary's status word; an unknown word is not claimed.
func runStatus(s string) (string, bool) {
	switch strings.ToLower(report.Clean(s)) {
	case "successful", "success", "succeeded", "completed":
		return report.Success, true
	case "failed", "error":
		return report.Failed, true
	case "warning", "partially successful", "successful with warnings":
		return report.Warning, true
	}
	return "", false
}

// objectStatus maps a VM row's status. An unknown word is a warning: the VM
// needs a look, but we cannot call it failed.
func objectStatus(s string) string {
	if st, ok := runStatus(s); ok {
		return st
	}
	return report.Warning
}

// vms reads the rows of the table whose header names VM and Status.
func vms(doc *goquery.Document) []report.Object {
	header, rows, ok := report.TableByHeader(doc, func(cells []string) bool {
		return report.Column(cells, "vm") >= 0 && report.Column(cells, "status") >= 0
	})
	if !ok {
		return nil
	}
	name, status, msg := report.Column(header, "vm"), report.Column(header, "status"), report.Column(header, "message")
	var out []report.Object
	for _, row := range rows {
		if o, ok := vmRow(row, name, status, msg); ok {
			out = append(out, o)
		}
	}
	return out
}

func vmRow(cells []string, name, status, msg int) (report.Object, bool) {
	n := report.Clean(cell(cells, name))
	if n == "" {
		return report.Object{}, false
	}
	return report.Object{
		Name:    n,
		Kind:    "VM",
		Status:  objectStatus(cell(cells, status)),
		Message: report.Lines(cell(cells, msg)),
	}, true
}

// cell is row[i], or "" when the row is short or the column missing.
func cell(row []string, i int) string {
	if i < 0 || i >= len(row) {
		return ""
	}
	return row[i]
}

// times reads Started and Finished; without Finished the end is the start
// plus Duration.
func times(f map[string]string, loc *time.Location) (started, ended *time.Time) {
	start, ok := parseTime(f["started"], loc)
	if !ok {
		return nil, nil
	}
	if end, ok := parseTime(f["finished"], loc); ok {
		return &start, &end
	}
	if d, ok := parseDuration(f["duration"]); ok {
		end := start.Add(d)
		return &start, &end
	}
	return &start, nil
}

var clock = regexp.MustCompile(`(?i)\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?`)

// parseTime reads "03 Mar 2026 23:00:00" (any month-name language) in the
// mail's offset.
func parseTime(s string, loc *time.Location) (time.Time, bool) {
	s = report.Clean(s)
	c := clock.FindString(s)
	if c == "" {
		return time.Time{}, false
	}
	y, mo, d, ok := report.LongDate(strings.Replace(s, c, " ", 1))
	if !ok {
		return time.Time{}, false
	}
	h, mi, sec, ok := report.Clock(c)
	if !ok {
		return time.Time{}, false
	}
	return report.At(y, mo, d, h, mi, sec, loc), true
}

var durationPart = regexp.MustCompile(`(\d+)\s*(day|hour|minute|min|second|sec)`)

// parseDuration reads "45 minutes 10 seconds", "1 hour 2 minutes".
func parseDuration(s string) (time.Duration, bool) {
	units := map[string]time.Duration{"day": 24 * time.Hour, "hour": time.Hour, "minute": time.Minute,
		"min": time.Minute, "second": time.Second, "sec": time.Second}
	var total time.Duration
	parts := durationPart.FindAllStringSubmatch(strings.ToLower(s), -1)
	for _, p := range parts {
		n, err := strconv.Atoi(p[1])
		if err != nil || n > 1_000_000 {
			return 0, false // absurd: do not invent an end time
		}
		total += time.Duration(n) * units[p[2]]
	}
	return total, len(parts) > 0
}
