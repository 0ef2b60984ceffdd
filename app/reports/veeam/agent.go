package veeam

import (
	"regexp"
	"strings"

	"github.com/backupchecks/backupchecks/app/reports/report"
)

// Agent is the registry entry of the standalone Veeam Agent for Microsoft
// Windows (not managed by a Backup & Replication server).
var Agent = report.Parser{Name: "veeam-agent-windows", Recognises: "Veeam Agent for Microsoft Windows reports: the agent job header and the machine's session details", Parse: parseAgent}

const agentSoftware = "Veeam Agent for Microsoft Windows"

var agentMode = regexp.MustCompile(`(?i)\s*\((Full|Incremental)\)\s*$`)

// parseAgent reads "Agent Backup job: <job> (Full|Incremental)" with the
// agent's footer. Its one object is the machine; the Details block under it
// is both the run's message and the machine's.
func parseAgent(m *report.Message) (report.Result, bool) {
	doc, ok := layout(m, agentSoftware)
	if !ok {
		return report.Result{}, false
	}
	header, statusCell := headerCells(doc)
	if header == nil {
		return report.Result{}, false
	}
	label, name, ok := strings.Cut(ownText(header), ":")
	if !ok || !strings.EqualFold(report.Clean(label), "agent backup job") {
		return report.Result{}, false
	}
	status, ok := statusWord(ownText(statusCell))
	job := report.Clean(agentMode.ReplaceAllString(report.Clean(name), ""))
	if !ok || job == "" {
		return report.Result{}, false
	}
	res := report.Result{Software: agentSoftware, Type: "Backup Job", Job: job, Status: status}
	res.Started, res.Ended = times(doc, m.Zone())
	res.Message = report.CellLines(doc.Find("tr.processObjectsHeader").Last().NextAll().Find("span.small_label").First())
	res.Objects = objects(doc, "Machine")
	for i := range res.Objects {
		res.Objects[i].Message = res.Message
	}
	return res, true
}
