// Package duplicati reads the report mails of Duplicati: the plain
// %RESULT% text (key/value lines with indented sub-results), its fatal
// layout (Failed:, Details:, Log data:), the JSON output format
// (--send-mail-result-output-format=Json) and the 2.1 e-mail template.
// Every layout is recognised by its body; the subject only supplies the
// backup name when the body does not.
package duplicati

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/app/reports/report"
)

// Parser is the Duplicati entry of the parser list.
var Parser = report.Parser{Name: "duplicati", Recognises: "Duplicati reports: the plain %RESULT% text, the JSON output format and the 2.1 template", Parse: parse}

const (
	software = "Duplicati"
	jobType  = "Backup Job"
)

// parse tries the layouts from the most to the least specific marker, so
// a JSON body is never mistaken for key/value text.
func parse(m *report.Message) (report.Result, bool) {
	text := strings.ReplaceAll(m.Text, "\r\n", "\n")
	if strings.TrimSpace(text) == "" {
		return report.Result{}, false
	}
	var (
		r  report.Result
		ok bool
	)
	switch {
	case strings.HasPrefix(strings.TrimSpace(text), "{"):
		r, ok = parseJSON(text, m)
	case templateHeader.MatchString(firstLine(text)):
		r, ok = parseTemplate(text, m)
	default:
		r, ok = parseResult(text, m)
	}
	if !ok || report.Clean(r.Job) == "" || r.Status == "" {
		return report.Result{}, false
	}
	r.Software, r.Type, r.Job = software, jobType, report.Clean(r.Job)
	r.Objects = []report.Object{} // Duplicati reports one backup set, no items
	return r, true
}

// status maps a ParsedResult word. Unknown (Duplicati's own "no result")
// and anything else are not mapped: the mail is then not claimed rather
// than given a made-up status.
func status(word string) (string, bool) {
	switch strings.ToLower(report.Clean(word)) {
	case "success":
		return report.Success, true
	case "warning":
		return report.Warning, true
	case "error", "fatal":
		return report.Failed, true
	}
	return "", false
}

// downgrade applies the rule that a Success with files that could not be
// read or with warnings is a warning: Duplicati itself still says Success.
func downgrade(st string, filesWithError int64, warnings []string) string {
	if st == report.Success && (filesWithError > 0 || len(warnings) > 0) {
		return report.Warning
	}
	return st
}

// isBackup is true for an empty operation (the layout does not print one)
// or Backup: other operations (Restore, Repair, …) are no backup runs.
func isBackup(op string) bool {
	op = report.Clean(op)
	return op == "" || strings.EqualFold(op, "Backup")
}

// reportFor reads the backup name from "Duplicati Backup report for NAME",
// the default first body line and subject; %PARSEDRESULT% prefixes such as
// "Success: " or "(Warning)" sit before "report for" and are skipped.
var reportFor = regexp.MustCompile(`(?i)\breport for\s+(.+)$`)

// jobName prefers the body's first line (never folded or re-encoded) and
// falls back to the subject.
func jobName(first, subject string) string {
	if strings.Contains(strings.ToLower(first), "duplicati") {
		if mm := reportFor.FindStringSubmatch(report.Clean(first)); mm != nil {
			return mm[1]
		}
	}
	if mm := reportFor.FindStringSubmatch(report.Clean(subject)); mm != nil {
		return mm[1]
	}
	return ""
}

func firstLine(text string) string {
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	return ""
}

// epochSuffix is the "(1772489922)" Duplicati 2.0.4+ appends to local
// times; it is absolute, so it wins over the locale-dependent text.
var epochSuffix = regexp.MustCompile(`\((\d{1,12})\)\s*$`)

// localLayouts are the forms a .NET DateTime prints in; the US form is what
// the reports carry, ISO forms appear with some server locales.
var localLayouts = []string{
	"1/2/2006 3:04:05 PM", "1/2/2006 15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04:05",
}

// reportTime reads a %RESULT% BeginTime/EndTime value.
func reportTime(s string, zone *time.Location) *time.Time {
	s = report.Clean(s)
	if mm := epochSuffix.FindStringSubmatch(s); mm != nil {
		if n, err := strconv.ParseInt(mm[1], 10, 64); err == nil && n > 0 {
			t := time.Unix(n, 0).In(zone)
			return &t
		}
		s = strings.TrimSpace(s[:len(s)-len(mm[0])])
	}
	for _, layout := range localLayouts {
		if t, err := time.ParseInLocation(layout, s, zone); err == nil && t.Year() > 1 {
			return &t
		}
	}
	return nil
}

// ordered drops both times when they contradict each other: a report
// cannot end before it started, and guessing which one is wrong would be
// worse than printing none.
func ordered(started, ended *time.Time) (*time.Time, *time.Time) {
	if started != nil && ended != nil && ended.Before(*started) {
		return nil, nil
	}
	return started, ended
}
