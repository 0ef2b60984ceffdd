package proxmoxve

import (
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/backupchecks/backupchecks/app/reports/report"
)

// logLine is one vzdump log line: "<vmid>: <date> <time> <LEVEL>: <text>".
type logLine struct{ vmid, stamp, text string }

var (
	// The vmid prefix is missing on job-level lines; the legacy HTML puts
	// a <font> tag between prefix and time stamp of an error.
	logRe   = regexp.MustCompile(`^(?:(\d+):\s+)?(?:<[^>]*>)?(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) ([A-Z]+): ?(.*)$`)
	startRe = regexp.MustCompile(`^Starting Backup of VM (\d+) \((qemu|lxc)\)`)
	failRe  = regexp.MustCompile(`^Backup of VM (\d+) failed - (.*)$`)
	vmidRe  = regexp.MustCompile(`^\d+$`)
)

// fromText reads the text part. It needs body evidence: the guest table's
// header with at least one row, or a "Starting Backup of VM" log line.
func fromText(text string) (body, bool) {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	var b body
	b.logs = logs(lines)
	hdr := header(lines)
	if hdr >= 0 {
		for _, l := range lines[hdr+1:] {
			f := strings.Fields(l)
			if len(f) < 2 || !vmidRe.MatchString(f[0]) {
				break
			}
			b.rows = append(b.rows, tableRow(f))
		}
	}
	if len(b.rows) == 0 && !hasStart(b.logs) {
		return body{}, false
	}
	b.message = message(lines, hdr)
	return b, true
}

// header is the index of the guest table's header line: "VMID  Name
// Status …" (new) or "VMID  NAME  STATUS …" (legacy), or -1.
func header(lines []string) int {
	for i, l := range lines {
		f := strings.Fields(l)
		if len(f) >= 3 && f[0] == "VMID" && strings.EqualFold(f[1], "name") && strings.EqualFold(f[2], "status") {
			return i
		}
	}
	return -1
}

// tableRow reads "<vmid> <name> <status> …". Guest names hold no spaces;
// a row whose name is empty shows the status second, and keeps the vmid
// as its name.
func tableRow(f []string) row {
	if len(f) < 3 || (isStatus(f[1]) && !isStatus(f[2])) {
		return row{id: f[0], name: f[0], status: f[1]}
	}
	return row{id: f[0], name: f[1], status: f[2]}
}

func isStatus(s string) bool {
	switch strings.ToLower(s) {
	case "ok", "err", "failed":
		return true
	}
	return false
}

func hasStart(logs []logLine) bool {
	for _, l := range logs {
		if startRe.MatchString(l.text) {
			return true
		}
	}
	return false
}

func logs(lines []string) []logLine {
	var out []logLine
	for _, l := range lines {
		if s := logRe.FindStringSubmatch(strings.TrimSpace(l)); s != nil {
			out = append(out, logLine{vmid: s[1], stamp: s[2], text: strings.TrimSpace(s[4])})
		}
	}
	return out
}

// message is the error vzdump prints above the table: everything before
// the header, without the new template's "Details" / "=======" heading.
// Without a table it is what precedes the log section.
func message(lines []string, hdr int) string {
	end := hdr
	if end < 0 {
		end = len(lines)
		for i, l := range lines {
			t := strings.TrimSpace(l)
			next := ""
			if i+1 < len(lines) {
				next = strings.TrimSpace(lines[i+1])
			}
			if t == "Detailed backup logs:" || (t == "Logs" && strings.HasPrefix(next, "===")) ||
				strings.HasPrefix(t, "vzdump ") || logRe.MatchString(t) {
				end = i
				break
			}
		}
	}
	var keep []string
	for _, l := range lines[:end] {
		if t := report.Clean(l); t != "" {
			keep = append(keep, t)
		}
	}
	// Drop the heading of the table or of the logs.
	for len(keep) > 0 && strings.Trim(keep[len(keep)-1], "=") == "" {
		keep = keep[:len(keep)-1]
		if n := len(keep); n > 0 && (keep[n-1] == "Details" || keep[n-1] == "Logs") {
			keep = keep[:n-1]
		}
	}
	return strings.Join(keep, "\n")
}

// fromHTML reads the HTML part when there is no usable text part: table
// rows whose first cell is a vmid, and the log in <pre>. The error above
// the table has no fixed markup there, so message stays empty.
func fromHTML(html string) (body, bool) {
	if !strings.Contains(html, "VMID") {
		return body{}, false // cheap test before building a DOM
	}
	doc, err := report.HTML(html)
	if err != nil {
		return body{}, false
	}
	var b body
	doc.Find("tr").Each(func(_ int, tr *goquery.Selection) {
		var f []string
		tr.Find("td").Each(func(_ int, td *goquery.Selection) {
			// The legacy table omits closing tags, so a cell's text may
			// run into the next ones: keep its first word.
			if w := strings.Fields(td.Text()); len(w) > 0 {
				f = append(f, w[0])
			} else {
				f = append(f, "")
			}
		})
		if len(f) >= 3 && vmidRe.MatchString(f[0]) {
			b.rows = append(b.rows, row{id: f[0], name: f[1], status: f[2]})
		}
	})
	b.logs = logs(strings.Split(doc.Find("pre").Text(), "\n"))
	if len(b.rows) == 0 && !hasStart(b.logs) {
		return body{}, false
	}
	return b, true
}
