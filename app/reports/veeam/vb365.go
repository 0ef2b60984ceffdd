package veeam

import (
	"strings"

	"github.com/backupchecks/backupchecks/app/reports/report"
)

// VB365 is the registry entry of Veeam Backup for Microsoft 365.
var VB365 = report.Parser{Name: "veeam-vb365", Recognises: "Veeam Backup for Microsoft 365 job reports: the organisation header and the Type/Name objects table", Parse: parseVB365}

const vb365Software = "Veeam Backup for Microsoft 365"

// parseVB365 reads the Veeam layout with an "Organization:" description and
// the Microsoft 365 footer; objects take their kind from the Type column
// (Mailbox, OneDrive, Site, Team).
func parseVB365(m *report.Message) (report.Result, bool) {
	doc, ok := layout(m, vb365Software)
	if !ok {
		return report.Result{}, false
	}
	header, statusCell := headerCells(doc)
	if header == nil || !strings.Contains(header.Find("div.jobDescription").Text(), "Organization") {
		return report.Result{}, false
	}
	label, name, ok := strings.Cut(ownText(header), ":")
	if !ok || !strings.EqualFold(report.Clean(label), "backup job") {
		return report.Result{}, false
	}
	status, ok := statusWord(ownText(statusCell))
	job := report.Clean(name)
	if !ok || job == "" {
		return report.Result{}, false
	}
	res := report.Result{Software: vb365Software, Type: "Microsoft 365 Backup Job", Job: job, Status: status}
	res.Started, res.Ended = times(doc, m.Zone())
	res.Message = report.CellLines(doc.Find("td.sessionDetails").Closest("table").Find("span.small_label").First())
	res.Objects = objects(doc, "")
	return res, true
}
