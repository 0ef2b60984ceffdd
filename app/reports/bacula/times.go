package bacula

import (
	"strconv"
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/app/reports/report"
)

// times reads the summary's Start time and End time in the mail's offset
// (the director prints local time without a zone). An end before the start
// cannot be right, so it is dropped rather than reported.
func times(start, end string, loc *time.Location) (started, ended *time.Time) {
	s, ok := parseTime(start, loc)
	if !ok {
		return nil, nil
	}
	if e, ok := parseTime(end, loc); ok && !e.Before(s) {
		return &s, &e
	}
	return &s, nil
}

// parseTime reads "03-Mär-2026 12:30:02", the director's "%d-%b-%Y
// %H:%M:%S" whose month abbreviation follows its locale, and the ISO form
// some builds print instead.
func parseTime(s string, loc *time.Location) (time.Time, bool) {
	fs := strings.Fields(s)
	if len(fs) < 2 {
		return time.Time{}, false
	}
	if t, err := time.ParseInLocation("2006-01-02 15:04:05", fs[0]+" "+fs[1], loc); err == nil {
		return t, true
	}
	parts := strings.Split(fs[0], "-")
	if len(parts) != 3 {
		return time.Time{}, false
	}
	d, errD := strconv.Atoi(parts[0])
	y, errY := strconv.Atoi(parts[2])
	mon, okM := report.Month(parts[1])
	h, mi, sec, okC := report.Clock(fs[1])
	if errD != nil || errY != nil || !okM || !okC || y < 1970 || y > 9999 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := report.At(y, mon, d, h, mi, sec, loc)
	if t.Day() != d {
		return time.Time{}, false // 31-Feb: time.Date would roll it into March
	}
	return t, true
}
