package hypervbu

import (
	"strconv"
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/app/reports/report"
)

// readLog reads the time-stamped lines below the config block. VMs keep
// the order of the config's list; a VM only the log names is added after.
func readLog(lines []string, listed []string, zone *time.Location) run {
	var rn run
	byName := map[string]*vm{}
	find := func(name string) *vm {
		if v, ok := byName[name]; ok {
			return v
		}
		v := &vm{name: name}
		byName[name] = v
		rn.vms = append(rn.vms, v)
		return v
	}
	for _, n := range listed {
		find(n)
	}
	totalSeen, okSeen := false, false
	for _, l := range lines {
		mm := logLine.FindStringSubmatch(strings.TrimSpace(l))
		if mm == nil {
			continue
		}
		at, err := time.ParseInLocation("2006-01-02 15:04:05", mm[1], zone)
		level, text := strings.ToUpper(mm[2]), strings.TrimSpace(mm[3])
		if err == nil {
			switch {
			case strings.HasPrefix(text, "Process started") && rn.started == nil:
				rn.started = &at
			case strings.HasPrefix(text, "Process finished"):
				rn.ended = &at
			}
		}
		if t := bodyTotal.FindStringSubmatch(text); t != nil {
			rn.total, totalSeen = atoi(t[1]), true
		}
		if t := bodyOK.FindStringSubmatch(text); t != nil {
			rn.ok, okSeen = atoi(t[1]), true
		}
		var v *vm
		if t := vmTag.FindStringSubmatch(text); t != nil {
			if name := report.Clean(t[1]); name != "" {
				v, text = find(name), t[2]
			}
		}
		if level == "ERROR" {
			rn.anyError = true
			if v != nil {
				v.errors = append(v.errors, text)
			} else {
				rn.errors = append(rn.errors, text)
			}
		}
		if v != nil {
			if r := vmResult(text); r != "" {
				v.result = r
			}
		}
	}
	rn.counted = totalSeen && okSeen
	return rn
}

// vmResult maps "Export Successful", "Backup Successful", "Export failed",
// "Backup failed" (the script's words, case varies between versions).
func vmResult(text string) string {
	l := strings.ToLower(report.Clean(text))
	switch l {
	case "export successful", "backup successful":
		return report.Success
	case "export failed", "backup failed":
		return report.Failed
	}
	return ""
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0
	}
	return n
}
