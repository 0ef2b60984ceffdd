package duplicati

import (
	"strconv"
	"strings"

	"github.com/backupchecks/backupchecks/app/reports/report"
)

// resultText is the top level of a %RESULT% body: the unindented keys and
// the entries of the unindented lists. Sub-results (DeleteResults,
// TestResults, BackendStatistics, …) are indented and carry their own
// ParsedResult, which must not decide the run's status.
type resultText struct {
	keys  map[string]string
	lists map[string][]string
}

// readResult reads the top level of a %RESULT% body.
func readResult(text string) resultText {
	rt := resultText{keys: map[string]string{}, lists: map[string][]string{}}
	list := "" // the top-level list being read, "" when none
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, "\r")
		indented := line != "" && (line[0] == ' ' || line[0] == '\t')
		if list != "" {
			if !indented && strings.TrimSpace(line) == "]" {
				list = ""
				continue
			}
			// Entries are indented; an unindented line inside a list is
			// the continuation of a multi-line entry (an exception).
			if e := strings.TrimSuffix(report.Clean(line), ","); e != "" {
				rt.lists[list] = append(rt.lists[list], e)
			}
			continue
		}
		if indented {
			continue
		}
		key, value, found := strings.Cut(line, ":")
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		if !found || key == "" || strings.ContainsAny(key, " \t") {
			continue
		}
		switch {
		case value == "[":
			list = key
		case strings.HasPrefix(value, "[") && strings.HasSuffix(value, "]"):
			if e := strings.TrimSpace(value[1 : len(value)-1]); e != "" {
				rt.lists[key] = append(rt.lists[key], e)
			}
		}
		if _, seen := rt.keys[key]; !seen {
			rt.keys[key] = value
		}
	}
	return rt
}

// parseResult reads the %RESULT% text, or its fatal layout when the run
// never produced a result object.
func parseResult(text string, m *report.Message) (report.Result, bool) {
	rt := readResult(text)
	job := jobName(firstLine(text), m.Subject)
	_, hasResult := rt.keys["ParsedResult"]
	if _, hasOp := rt.keys["MainOperation"]; hasResult && hasOp {
		return fromResult(rt, job, m)
	}
	return fatal(rt, text, job)
}

func fromResult(rt resultText, job string, m *report.Message) (report.Result, bool) {
	st, ok := status(rt.keys["ParsedResult"])
	if !ok || !isBackup(rt.keys["MainOperation"]) {
		return report.Result{}, false
	}
	filesWithError, _ := strconv.ParseInt(rt.keys["FilesWithError"], 10, 64)
	warnings := rt.lists["Warnings"]
	r := report.Result{
		Job:     job,
		Status:  downgrade(st, filesWithError, warnings),
		Message: report.Lines(strings.Join(append(append([]string{}, rt.lists["Errors"]...), warnings...), "\n")),
	}
	zone := m.Zone()
	r.Started, r.Ended = ordered(reportTime(rt.keys["BeginTime"], zone), reportTime(rt.keys["EndTime"], zone))
	return r, true
}

// fatal reads the layout Duplicati sends when the operation threw before
// it had a result: "Failed: <message>", "Details: <exception>", "Log
// data:". Both keys and the product's name must be in the body, as the
// words alone are common in other mails.
func fatal(rt resultText, text, job string) (report.Result, bool) {
	failed, hasFailed := rt.keys["Failed"]
	_, hasDetails := rt.keys["Details"]
	if !hasFailed || !hasDetails || !strings.Contains(text, "Duplicati") {
		return report.Result{}, false
	}
	return report.Result{Job: job, Status: report.Failed, Message: report.Clean(failed)}, true
}
