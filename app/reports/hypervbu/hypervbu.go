// Package hypervbu reads the log mails of Digressive's Hyper-V Backup
// Utility (Hyper-V-Backup.ps1): a plain-text config block
// ("--- Running with the following config ---", "Utility Version:",
// "Hostname:", "VMs to backup:" …) followed by time-stamped log lines
// "YYYY-MM-DD HH:MM:SS [LEVEL] (VM:name) text". The subject is
// configurable, so the mail is recognised by that body alone.
package hypervbu

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/app/reports/report"
)

// Parser is the Hyper-V Backup Utility entry of the parser list.
var Parser = report.Parser{Name: "hyperv-backup-utility", Recognises: "Hyper-V Backup Utility logs: the 'Running with the following config' block and 'Utility Version:'", Parse: parse}

const (
	software = "Hyper-V Backup Utility"
	jobType  = "Backup Job"
	banner   = "--- Running with the following config ---"
)

var (
	logLine = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) \[([A-Za-z]+)\]\s*(.*)$`)
	vmTag   = regexp.MustCompile(`^\(VM:([^)]*)\)\s*(.*)$`)
	// counts is the tally the script prints last; the subject carries the
	// same numbers ("3/3 VMs Successful") but may be rewritten by the user.
	bodyTotal   = regexp.MustCompile(`^Number of VMs to Backup:\s*(\d+)`)
	bodyOK      = regexp.MustCompile(`^Backups Successful:\s*(\d+)`)
	subjectTall = regexp.MustCompile(`(\d+)\s*/\s*(\d+)\s+VMs Successful`)
)

// vm is one VM of the run as the log tells it.
type vm struct {
	name   string
	result string // "" until an Export|Backup Successful|failed line
	errors []string
}

// run is what the log lines say.
type run struct {
	started, ended *time.Time
	vms            []*vm
	errors         []string // [ERROR] lines not about one VM
	anyError       bool
	total, ok      int
	counted        bool // the body printed both tallies
}

func parse(m *report.Message) (report.Result, bool) {
	lines := strings.Split(strings.ReplaceAll(m.Text, "\r\n", "\n"), "\n")
	cfg, rest, ok := config(lines)
	if !ok {
		return report.Result{}, false
	}
	host := strings.TrimSuffix(report.Clean(cfg.host), ".")
	if report.Clean(host) == "" {
		return report.Result{}, false
	}
	rn := readLog(rest, cfg.vms, m.Zone())
	if !rn.counted {
		// Without the body's tally fall back to the subject, then to the
		// VMs' own results.
		if mm := subjectTall.FindStringSubmatch(m.Subject); mm != nil {
			rn.ok, _ = strconv.Atoi(mm[1])
			rn.total, _ = strconv.Atoi(mm[2])
		} else {
			rn.total = len(rn.vms)
			for _, v := range rn.vms {
				if v.result == report.Success {
					rn.ok++
				}
			}
		}
	}
	r := report.Result{
		Software: software,
		Type:     jobType,
		Job:      report.Clean(host),
		Message:  report.Lines(strings.Join(rn.errors, "\n")),
		Objects:  []report.Object{},
	}
	switch {
	case rn.ok < rn.total:
		r.Status = report.Failed
	case rn.anyError:
		r.Status = report.Warning
	default:
		r.Status = report.Success
	}
	for _, v := range rn.vms {
		r.Objects = append(r.Objects, object(v))
	}
	if rn.started != nil && rn.ended != nil && rn.ended.Before(*rn.started) {
		rn.started, rn.ended = nil, nil // a contradiction is no time at all
	}
	r.Started, r.Ended = rn.started, rn.ended
	return r, true
}

// object maps a VM: a successful export with [ERROR] lines is a warning;
// a VM without any result line never finished, which is a failure.
func object(v *vm) report.Object {
	o := report.Object{Name: v.name, Kind: "VM", Status: v.result, Message: report.Lines(strings.Join(v.errors, "\n"))}
	switch {
	case o.Status == "":
		o.Status = report.Failed
	case o.Status == report.Success && len(v.errors) > 0:
		o.Status = report.Warning
	}
	return o
}

// cfgBlock is the config block above the log.
type cfgBlock struct {
	host string
	vms  []string
}

// config reads the config block. Both the banner and "Utility Version:"
// must be there: they are the body evidence that this is the utility's log.
func config(lines []string) (cfgBlock, []string, bool) {
	var c cfgBlock
	start := -1
	for i, l := range lines {
		if strings.TrimSpace(l) == banner {
			start = i
			break
		}
	}
	if start < 0 {
		return c, nil, false
	}
	version, inList := false, false
	i := start + 1
	for ; i < len(lines); i++ {
		l := strings.TrimSpace(lines[i])
		if l == "---" || logLine.MatchString(l) {
			break // end of the config block
		}
		if inList {
			if !strings.Contains(l, ":") {
				if n := report.Clean(l); n != "" {
					c.vms = append(c.vms, n)
				}
				continue
			}
			inList = false
		}
		key, value, _ := strings.Cut(l, ":")
		switch strings.TrimSpace(key) {
		case "Utility Version":
			version = true
		case "Hostname":
			c.host = value
		case "VMs to backup":
			inList = true
			// Older versions list the VMs on the key's own line.
			for _, n := range strings.Split(value, ",") {
				if n = strings.TrimSuffix(report.Clean(n), "."); n != "" {
					c.vms = append(c.vms, n)
				}
			}
		}
	}
	return c, lines[i:], version
}
