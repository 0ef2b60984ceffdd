// Package bacula reads the job reports that Bareos and Bacula directors
// mail through bsmtp: a text/plain job log ("03-Mar 23:05 bareos-dir JobId
// 4711: …") that ends in the summary block the director writes after
// every job ("Bareos bareos-dir 23.0.4 (26Jul24):" followed by indented
// "Key: value" lines). Bareos is a fork of Bacula and kept the format, so
// one reader serves both; the product word that opens the summary block
// (written by the director itself, unlike the configurable subject and
// sender) says whose report it is.
package bacula

import (
	"regexp"
	"strings"

	"github.com/backupchecks/backupchecks/app/reports/report"
)

// Bareos is the Bareos entry of the parser list.
var Bareos = report.Parser{Name: "bareos", Recognises: "Bareos bsmtp job reports: the job summary block naming Bareos, any termination status", Parse: parseBareos}

// Bacula is the Bacula (community and Enterprise) entry of the parser list.
var Bacula = report.Parser{Name: "bacula", Recognises: "Bacula bsmtp job reports: the job summary block naming Bacula, any termination status", Parse: parseBacula}

func parseBareos(m *report.Message) (report.Result, bool) { return parse(m, "Bareos") }
func parseBacula(m *report.Message) (report.Result, bool) { return parse(m, "Bacula") }

// logLine is one job-log line: date, clock, daemon, JobId, then the text.
// The date is matched loosely because its month follows the director's
// locale ("03-Mär").
var logLine = regexp.MustCompile(`^\S+ +\d{1,2}:\d{2}(?::\d{2})? +\S+ +JobId +(\d+): (.*)$`)

// header opens the summary block: "Bareos bareos-dir 23.0.4 (26Jul24):",
// "Bacula Enterprise bk-dir 18.0.1 (28Feb24):", older Bacula "Bacula
// 5.2.6 (21Feb12): 22-Feb-2012 …". A failed job tags it "Error: ".
var header = regexp.MustCompile(`^(?:(?:Warning|Error|Fatal error): )?(Bareos|Bacula)(?: Enterprise)? \S.*\(\S+\):`)

// tags mark the job-log lines that make up the run's message.
var tags = []string{"Warning: ", "Error: ", "Fatal error: "}

// parse claims a mail only when its text body holds a summary block of
// this product with a job name and a backup termination we can map: the
// subject and sender are configurable and prove nothing on their own.
func parse(m *report.Message, product string) (report.Result, bool) {
	// Cheap tests first: most mails are not job logs at all.
	if !strings.Contains(m.Text, product) || !strings.Contains(m.Text, "Termination:") {
		return report.Result{}, false
	}
	lines := strings.Split(strings.ReplaceAll(m.Text, "\r\n", "\n"), "\n")
	for i, l := range lines {
		jobID, text, ok := logText(l)
		if !ok {
			continue
		}
		h := header.FindStringSubmatch(text)
		if len(h) < 2 {
			continue
		}
		r, ok := fromSummary(summary(lines[i+1:]), m)
		if !ok {
			continue // a header without a usable block: look further
		}
		if h[1] != product {
			return report.Result{}, false // the other product's report
		}
		r.Software = product
		r.Message = messages(lines, i, jobID)
		return r, true
	}
	return report.Result{}, false
}

// logText splits a job-log line into its JobId and its text.
func logText(line string) (jobID, text string, ok bool) {
	sm := logLine.FindStringSubmatch(strings.TrimRight(line, "\r"))
	if len(sm) < 3 {
		return "", "", false
	}
	return sm[1], sm[2], true
}

// summary reads the indented "Key: value" lines that follow the header as
// lower-case key → cleaned value, up to the first line that is not
// indented. The first line of a key wins.
func summary(lines []string) map[string]string {
	f := map[string]string{}
	for _, l := range lines {
		if l == "" || (l[0] != ' ' && l[0] != '\t') || report.Clean(l) == "" {
			break
		}
		k, v, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		k = strings.ToLower(report.Clean(k))
		if _, seen := f[k]; !seen && k != "" {
			f[k] = report.Clean(v)
		}
	}
	return f
}

// jobSuffix is the run stamp the director appends to the job name.
var jobSuffix = regexp.MustCompile(`\.\d{4}-\d{2}-\d{2}_\d{2}\.\d{2}\.\d{2}_\d+$`)

// quoted is the client name in `Client: "fs01-fd" 23.0.4 (26Jul24) …`.
var quoted = regexp.MustCompile(`"([^"]*)"`)

// fromSummary builds the result from the summary fields, or declines when
// the job name or the termination is missing or not a backup's.
func fromSummary(f map[string]string, m *report.Message) (report.Result, bool) {
	job := report.Clean(jobSuffix.ReplaceAllString(f["job"], ""))
	status, ok := termination(f["termination"])
	// TrimSpace knows more white space than Clean; an all-blank name is
	// not a job name.
	if !ok || strings.TrimSpace(job) == "" {
		return report.Result{}, false
	}
	r := report.Result{Type: "Backup Job", Job: job, Status: status, Objects: []report.Object{}}
	if c := client(f["client"]); c != "" {
		r.Objects = append(r.Objects, report.Object{Name: c, Kind: "Client", Status: status})
	}
	r.Started, r.Ended = times(f["start time"], f["end time"], m.Zone())
	return r, true
}

// termination maps the summary's Termination line. Only backups are
// claimed: restores, verifies, copies and migrations have no canonical
// type yet, and an unclaimed mail is safer than a wrongly typed run.
func termination(s string) (string, bool) {
	switch strings.ToLower(report.Clean(strings.Trim(s, "* "))) {
	case "backup ok":
		return report.Success, true
	case "backup ok -- with warnings":
		return report.Warning, true
	case "backup error", "backup fatal error", "backup canceled", "backup cancelled",
		"backup failed -- incomplete", "backup failed":
		return report.Failed, true
	}
	return "", false
}

// client is the client name: the quoted name, or the first word when an
// older director prints it unquoted.
func client(s string) string {
	if sm := quoted.FindStringSubmatch(s); len(sm) == 2 {
		s = sm[1]
	} else if fs := strings.Fields(s); len(fs) > 0 {
		s = fs[0]
	}
	s = report.Clean(s)
	if strings.TrimSpace(s) == "" {
		return ""
	}
	return s
}

// messages are the tagged job-log lines of the summary's job, the summary
// header itself excepted (it is tagged "Error: " on a failed job, but it is
// not an error of its own). Untagged lines, such as the indented
// `Cannot open "…"` continuation of a warning, are left out.
func messages(lines []string, headerAt int, jobID string) string {
	var out []string
	for i, l := range lines {
		if i == headerAt {
			continue
		}
		id, text, ok := logText(l)
		if !ok || id != jobID {
			continue
		}
		for _, t := range tags {
			if strings.HasPrefix(text, t) {
				if c := report.Clean(text); c != "" {
					out = append(out, c)
				}
				break
			}
		}
	}
	return strings.Join(out, "\n")
}
