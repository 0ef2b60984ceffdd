// Package synology reads the notification mails of Synology Hyper Backup and
// Synology Active Backup for Business (English and German DSM): a status
// sentence ("Backup task X on NAS has completed."), a block of "Key: value"
// fields and, for Active Backup, a device table. The mails come as
// multipart/alternative; the HTML part is read first and the plain-text part
// is the fallback, and both give the same result.
package synology

import (
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/app/reports/report"
)

// Parser is the Synology entry of the parser list.
var Parser = report.Parser{Name: "synology", Recognises: "Synology Hyper Backup and Active Backup for Business notifications (English and German), by their task and result lines", Parse: parse}

const (
	hyperBackup  = "Synology Hyper Backup"
	activeBackup = "Synology Active Backup for Business"
)

// Field keys (lower case, without the colon) in English and German.
var (
	keysTask     = []string{"task name", "aufgabenname"}
	keysTaskType = []string{"task type", "aufgabentyp"}
	keysStart    = []string{"start time", "startzeit"}
	keysEnd      = []string{"end time", "endzeit"}
	keysDuration = []string{"duration", "dauer"}
	keysReason   = []string{"reason", "ursache"}
)

// parse claims a mail only when its body carries a Synology report: the
// word Synology, a task name field and a status sentence (or, failing the
// sentence, a status sentence in the subject).
func parse(m *report.Message) (report.Result, bool) {
	for _, b := range bodies(m) {
		if r, ok := fromBody(m, b); ok {
			return r, true
		}
	}
	return report.Result{}, false
}

// bodies are the readings of the mail to try, HTML first: its tables give
// cells without guessing column widths.
func bodies(m *report.Message) []*body {
	var out []*body
	if strings.TrimSpace(m.HTML) != "" {
		if b, err := fromHTML(m.HTML); err == nil {
			out = append(out, b)
		}
	}
	if strings.TrimSpace(m.Text) != "" {
		out = append(out, fromText(m.Text))
	}
	return out
}

func fromBody(m *report.Message, b *body) (report.Result, bool) {
	if !strings.Contains(strings.ToLower(b.all), "synology") {
		return report.Result{}, false
	}
	job := report.Clean(b.field(keysTask))
	if job == "" {
		return report.Result{}, false
	}
	status, ok := b.status()
	if !ok {
		status, ok = subjectStatus(m.Subject)
	}
	if !ok {
		return report.Result{}, false
	}
	r := report.Result{
		Software: hyperBackup,
		Type:     "Backup Job",
		Job:      job,
		Status:   status,
		Message:  report.Lines(b.field(keysReason)),
	}
	if b.isActiveBackup() {
		r.Software = activeBackup
		r.Objects = b.objects(objectKind(b.field(keysTaskType)))
	}
	r.Started, r.Ended = b.times(m.Zone())
	return r, true
}

// isActiveBackup tells the two products apart by what only Active Backup
// prints: its name in the signature, a task type or a device table.
func (b *body) isActiveBackup() bool {
	return strings.Contains(strings.ToLower(b.all), "active backup") ||
		b.field(keysTaskType) != "" || b.table != nil
}

// times reads the start and the end: "End time" when printed (Active
// Backup), else start + "Duration" (Hyper Backup).
func (b *body) times(loc *time.Location) (started, ended *time.Time) {
	start, ok := parseTime(b.field(keysStart), loc)
	if !ok {
		return nil, nil
	}
	started = &start
	if end, ok := parseTime(b.field(keysEnd), loc); ok {
		return started, &end
	}
	if d, ok := parseDuration(b.field(keysDuration)); ok {
		end := start.Add(d)
		return started, &end
	}
	return started, nil
}

// objectKind maps the Active Backup task type onto an object kind.
func objectKind(taskType string) string {
	switch strings.ToLower(report.Clean(taskType)) {
	case "virtual machine", "virtuelle maschine":
		return "VM"
	}
	return "Device"
}

// objects turns the device table into objects, in order.
func (b *body) objects(kind string) []report.Object {
	t := b.table
	if t == nil {
		return nil
	}
	var out []report.Object
	for _, row := range t.rows {
		name := report.Clean(cell(row, 0))
		if name == "" {
			continue
		}
		out = append(out, report.Object{
			Name:    name,
			Kind:    kind,
			Status:  deviceStatus(cell(row, t.status)),
			Message: report.Lines(cell(row, t.details)),
		})
	}
	return out
}

// cell is row[i], or "" when the row is short or the column missing.
func cell(row []string, i int) string {
	if i < 0 || i >= len(row) {
		return ""
	}
	return row[i]
}

// deviceStatus maps a device table status. A word we do not know yet is a
// warning: the device needs a look, but we cannot call it failed.
func deviceStatus(s string) string {
	switch strings.ToLower(report.Clean(s)) {
	case "completed", "successful", "abgeschlossen", "erfolgreich":
		return report.Success
	case "failed", "fehlgeschlagen":
		return report.Failed
	}
	return report.Warning
}
