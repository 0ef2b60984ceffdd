package duplicati

import (
	"regexp"
	"strings"

	"github.com/backupchecks/backupchecks/app/reports/report"
)

// templateHeader is the first line of the 2.1 e-mail template,
// "Duplicati Backup Report: <ParsedResult>".
var templateHeader = regexp.MustCompile(`^Duplicati (\S+) Report: (\S+)\s*$`)

// parseTemplate reads the 2.1 template: status from the header word, the
// name from "Backup Name:", no times (it prints only a duration), and as
// message the Log Messages lines followed by the Error Details text.
func parseTemplate(text string, m *report.Message) (report.Result, bool) {
	mm := templateHeader.FindStringSubmatch(firstLine(text))
	if mm == nil || !isBackup(mm[1]) {
		return report.Result{}, false
	}
	st, ok := status(mm[2])
	if !ok {
		return report.Result{}, false
	}
	lines := strings.Split(text, "\n")
	job := ""
	for _, l := range lines {
		if v, found := strings.CutPrefix(strings.TrimSpace(l), "Backup Name:"); found {
			job = v
			break
		}
	}
	if report.Clean(job) == "" {
		job = jobName("", m.Subject)
	}
	msg := append(section(lines, "Log Messages"), section(lines, "Error Details")...)
	return report.Result{Job: job, Status: st, Message: report.Lines(strings.Join(msg, "\n"))}, true
}

var underline = regexp.MustCompile(`^\s*(-{2,}|={2,})\s*$`)

// heading is true when lines[i] is a section title: text underlined by
// the next line.
func heading(lines []string, i int) bool {
	return i+1 < len(lines) && strings.TrimSpace(lines[i]) != "" &&
		!underline.MatchString(lines[i]) && underline.MatchString(lines[i+1])
}

// section is the body of the section titled name, up to the next title or
// the "---" rule above the footer.
func section(lines []string, name string) []string {
	var out []string
	for i := 0; i < len(lines); i++ {
		if !heading(lines, i) || report.Clean(lines[i]) != name {
			continue
		}
		for j := i + 2; j < len(lines); j++ {
			if heading(lines, j) || underline.MatchString(lines[j]) {
				break
			}
			out = append(out, lines[j])
		}
		break
	}
	return out
}
