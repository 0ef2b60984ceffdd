package veeam

import (
	"regexp"
	"strings"

	"github.com/backupchecks/backupchecks/app/reports/report"
)

// VBR is the registry entry of Veeam Backup & Replication.
var VBR = report.Parser{Name: "veeam-vbr", Recognises: "Veeam Backup & Replication job reports: the HTML report header with the job type and name, and its objects table", Parse: parseVBR}

const vbrSoftware = "Veeam Backup & Replication"

// types maps the header label to the canonical job type and object kind.
var types = map[string]struct{ typ, kind string }{
	"backup job":               {"Backup Job", "VM"},
	"backup copy job":          {"Backup Copy Job", "VM"},
	"replication job":          {"Replication Job", "VM"},
	"agent backup job":         {"Agent Backup Job", "Machine"},
	"configuration backup job": {"Configuration Backup", "Server"},
}

var retry = regexp.MustCompile(`\s*\(Retry \d+\)\s*$`)

// parseVBR recognises a report by its body: the "<Type> job: <name>" header
// with its description, the session details and the objects table, and the
// product named in the footer. Other Veeam mails (ONE alarms, licence
// notices) lack them.
func parseVBR(m *report.Message) (report.Result, bool) {
	doc, ok := layout(m, vbrSoftware) // another Veeam product's footer is not ours
	if !ok {
		return report.Result{}, false
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
	res := report.Result{Software: vbrSoftware, Type: kind.typ, Job: jobName(name, kind.typ), Status: status}
	if res.Job == "" {
		return report.Result{}, false // a header without a name is no job report
	}
	res.Started, res.Ended = times(doc, m.Zone())
	res.Message = report.CellLines(doc.Find("td.sessionDetails").Closest("table").Find("span.small_label").First())
	res.Objects = objects(doc, kind.kind)
	return res, true
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
