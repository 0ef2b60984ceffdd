// Package proxmoxbs reads the job mails of Proxmox Backup Server: garbage
// collection, verify, sync, prune and tape backup. Each is a short
// text/plain body of "Key: value" lines (Job ID, Datastore, …) and one
// result sentence ("Pruning successful.", "Synchronization failed: …"); a
// failed verification lists the snapshots or groups that failed. The
// templates print no times.
package proxmoxbs

import (
	"regexp"
	"strings"

	"github.com/backupchecks/backupchecks/app/reports/report"
)

// Parser is the Proxmox Backup Server entry of the parser list.
var Parser = report.Parser{Name: "proxmox-backup-server", Recognises: "Proxmox Backup Server notifications: garbage collection, verify, sync, prune and tape jobs", Parse: parse}

const software = "Proxmox Backup Server"

// outcome is one job kind's result sentences as the templates print them.
type outcome struct {
	typ     string
	ok      string // the whole success line
	failure string // the start of the failure line
}

var outcomes = []outcome{
	{"Garbage Collection", "Garbage collection successful.", "Garbage collection failed"},
	{"Verify", "Verification successful.", "Verification failed"},
	{"Sync", "Synchronization successful.", "Synchronization failed"},
	{"Prune", "Pruning successful.", "Pruning failed"},
	{"Tape Backup", "Tape Backup successful.", "Tape Backup failed"},
}

// verifyList introduces the failed snapshots of a verification.
const verifyList = "Verification failed on these snapshots/groups"

// parse claims a mail only when its body has a "Datastore:" line and one
// of the result sentences: a PBS subject alone proves nothing, and other
// PBS notifications (updates, certificates, tape media) are not job runs.
func parse(m *report.Message) (report.Result, bool) {
	lines := strings.Split(strings.ReplaceAll(m.Text, "\r\n", "\n"), "\n")
	fields := keyValues(lines)
	datastore := fields["datastore"]
	if datastore == "" {
		return report.Result{}, false
	}
	o, at, failed, ok := result(lines)
	if !ok {
		return report.Result{}, false
	}
	r := report.Result{
		Software: software,
		Type:     o.typ,
		Job:      fields["job id"],
		Status:   report.Success,
		Objects:  []report.Object{},
	}
	// Garbage collection has no job; a tape backup started by hand has no
	// Job ID. The datastore then names the run.
	if o.typ == "Garbage Collection" || r.Job == "" {
		r.Job = datastore
	}
	if failed {
		r.Status = report.Failed
		r.Message, r.Objects = failure(lines, at)
	}
	return r, true
}

var keyRe = regexp.MustCompile(`^([A-Za-z][A-Za-z ]*):\s+(\S.*)$`)

// keyValues reads the "Key: value" lines, lower-case key → cleaned value;
// the first of a key wins.
func keyValues(lines []string) map[string]string {
	out := map[string]string{}
	for _, l := range lines {
		if s := keyRe.FindStringSubmatch(strings.TrimSpace(l)); s != nil {
			k := strings.ToLower(report.Clean(s[1]))
			if _, seen := out[k]; !seen {
				out[k] = report.Clean(s[2])
			}
		}
	}
	return out
}

// result finds the result sentence: which job kind, on which line, and
// whether it failed.
func result(lines []string) (outcome, int, bool, bool) {
	for i, l := range lines {
		t := report.Clean(l)
		for _, o := range outcomes {
			if t == o.ok {
				return o, i, false, true
			}
			if rest, found := strings.CutPrefix(t, o.failure); found &&
				(strings.HasPrefix(rest, ":") || (o.typ == "Verify" && strings.HasPrefix(t, verifyList))) {
				return o, i, true, true
			}
		}
	}
	return outcome{}, 0, false, false
}

var snapshotRe = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)

// failure is the run message and, for a verification, the failed
// snapshots/groups listed under it. Another failure's error may run on
// over the following lines up to the first empty one.
func failure(lines []string, at int) (string, []report.Object) {
	objs := []report.Object{}
	if at < 0 || at >= len(lines) {
		return "", objs
	}
	first := report.Clean(lines[at])
	if strings.HasPrefix(first, verifyList) {
		for _, l := range lines[at+1:] {
			t := report.Clean(l)
			if t == "" {
				continue
			}
			if strings.ContainsAny(t, " <>") || !strings.Contains(t, "/") {
				break // "Please visit the web interface …" and what follows
			}
			kind := "Group"
			if snapshotRe.MatchString(t) {
				kind = "Snapshot"
			}
			objs = append(objs, report.Object{Name: t, Kind: kind, Status: report.Failed})
		}
		return verifyList, objs
	}
	msg := []string{first}
	for _, l := range lines[at+1:] {
		t := report.Clean(l)
		if t == "" || strings.HasPrefix(t, "Please visit the web interface") {
			break
		}
		msg = append(msg, t)
	}
	return strings.Join(msg, "\n"), objs
}
