// Package proxmoxve reads the backup mails of Proxmox VE's vzdump: the
// notification template of PVE 8.1 and later (an error line, "Details" with
// a guest table, "Logs" with the per-guest log) and the legacy sendmail
// format (a guest table with upper-case headers, then "Detailed backup
// logs:"). Both carry the same log lines, which give the times, the kind of
// each guest and the reason a guest failed.
package proxmoxve

import (
	"regexp"
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/app/reports/report"
)

// Parser is the Proxmox VE entry of the parser list.
var Parser = report.Parser{Name: "proxmox-ve", Recognises: "vzdump backup status mails (new notification template and the legacy format): the guest table and the vzdump log", Parse: parse}

const software = "Proxmox VE"

// body is what both the text and the HTML part reduce to.
type body struct {
	message string // the error printed above the guest table
	rows    []row
	logs    []logLine
}

// row is one line of the guest table.
type row struct{ id, name, status string }

// parse claims a mail only when its body holds a vzdump guest table or
// vzdump log lines: a subject alone (or a forward that quotes one) is not
// a report.
func parse(m *report.Message) (report.Result, bool) {
	b, ok := fromText(m.Text)
	if !ok {
		if b, ok = fromHTML(m.HTML); !ok {
			return report.Result{}, false
		}
	}
	job := host(m)
	if job == "" {
		return report.Result{}, false
	}
	r := report.Result{
		Software: software,
		Type:     "Backup Job",
		Job:      job,
		Message:  b.message,
		Objects:  objects(b),
	}
	r.Started, r.Ended = span(b.logs, m.Zone())
	r.Status = status(m.Subject, r)
	return r, true
}

var subjectRe = regexp.MustCompile(`(?i)vzdump backup status \(([^()\s]+)\)\s*:\s*(.*)`)

// host is the job name: vzdump mails carry no job name, so the node's
// name in the subject identifies the run. A subject that lost it (edited
// by a relay) falls back to the sender's domain, as root@<fqdn> sends.
func host(m *report.Message) string {
	if s := subjectRe.FindStringSubmatch(m.Subject); s != nil {
		return report.Clean(s[1])
	}
	if i := strings.LastIndexByte(m.From, '@'); i >= 0 && i+1 < len(m.From) {
		return report.Clean(strings.Trim(m.From[i+1:], "<> "))
	}
	return ""
}

// status is the subject's verdict; the objects and error decide only when
// the subject does not say (the README: the report's own result counts).
func status(subject string, r report.Result) string {
	if s := subjectRe.FindStringSubmatch(subject); s != nil {
		w := strings.ToLower(s[2])
		switch {
		case strings.HasPrefix(w, "backup successful"):
			return report.Success
		case strings.HasPrefix(w, "backup failed"):
			return report.Failed
		}
	}
	if r.Message != "" {
		return report.Failed
	}
	for _, o := range r.Objects {
		if o.Status != report.Success {
			return report.Failed
		}
	}
	return report.Success
}

// objects are the table rows in order, with their kind and error from the
// log. Without a table (vzdump aborted before any guest finished) the
// guests the log started are listed instead, so a failure is not lost.
func objects(b body) []report.Object {
	kinds, errs := map[string]string{}, map[string]string{}
	var started []string
	for _, l := range b.logs {
		if s := startRe.FindStringSubmatch(l.text); s != nil && l.vmid != "" {
			if _, seen := kinds[s[1]]; !seen {
				started = append(started, s[1])
			}
			kinds[s[1]] = kind(s[2])
		}
		if s := failRe.FindStringSubmatch(l.text); s != nil {
			if _, seen := errs[s[1]]; !seen {
				errs[s[1]] = report.Clean(s[2])
			}
		}
	}
	rows := b.rows
	if len(rows) == 0 {
		for _, id := range started {
			st := "ok"
			if _, failed := errs[id]; failed {
				st = "err"
			}
			rows = append(rows, row{id: id, name: id, status: st})
		}
	}
	out := make([]report.Object, 0, len(rows))
	for _, rw := range rows {
		o := report.Object{Name: report.Clean(rw.name), Kind: kinds[rw.id], Status: report.Success}
		if o.Kind == "" {
			o.Kind = "VM" // qemu is vzdump's default guest type
		}
		if !strings.EqualFold(rw.status, "ok") {
			o.Status = report.Failed
			o.Message = errs[rw.id]
		}
		if o.Name == "" {
			o.Name = rw.id
		}
		out = append(out, o)
	}
	return out
}

func kind(guestType string) string {
	if strings.EqualFold(guestType, "lxc") {
		return "Container"
	}
	return "VM"
}

// span is the first and last time stamp of the log, read in the Date
// header's offset (vzdump logs local time without a zone).
func span(logs []logLine, loc *time.Location) (*time.Time, *time.Time) {
	var first, last *time.Time
	for _, l := range logs {
		t, err := time.ParseInLocation(time.DateTime, l.stamp, loc)
		if err != nil {
			continue
		}
		if first == nil || t.Before(*first) {
			first = &t
		}
		if last == nil || t.After(*last) {
			last = &t
		}
	}
	return first, last
}
