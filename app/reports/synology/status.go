package synology

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/app/reports/report"
)

// outcomes map the end of a status sentence onto a status. Longer phrases
// come first: "was partially completed" also ends in "completed".
var outcomes = []struct{ suffix, status string }{
	{"teilweise abgeschlossen", report.Warning},
	{"partially completed", report.Warning},
	{"erfolgreich abgeschlossen", report.Success},
	{"wurde abgeschlossen", report.Success},
	{"has completed", report.Success},
	{"fehlgeschlagen", report.Failed},
	{"failed", report.Failed},
}

// sentenceStarts are how a status sentence begins ("Backup task X on …",
// "Backup of [X] on …", "Sicherungsaufgabe X auf …", "Sicherung von [X] auf …").
var sentenceStarts = []string{"backup ", "the backup ", "sicherung", "die sicherung"}

// status is the run status from the body's status sentence. The ABB
// "Result:" line names every status word, so only a whole sentence of the
// known shape counts, never a word search.
func (b *body) status() (string, bool) {
	for _, s := range b.sentences {
		if st, ok := sentenceStatus(s); ok {
			return st, true
		}
	}
	return "", false
}

// subjectStatus reads the same sentence from a subject such as
// "[NAS01] Hyper Backup - Backup task X on NAS01 has completed".
func subjectStatus(subject string) (string, bool) {
	s := report.Clean(subject)
	if i := strings.Index(s, " - "); i >= 0 {
		s = s[i+len(" - "):]
	}
	return sentenceStatus(s)
}

func sentenceStatus(s string) (string, bool) {
	l := strings.ToLower(strings.TrimRight(report.Clean(s), ".!"))
	if !hasAnyPrefix(l, sentenceStarts) || !(strings.Contains(l, " on ") || strings.Contains(l, " auf ")) {
		return "", false
	}
	for _, o := range outcomes {
		if strings.HasSuffix(l, " "+o.suffix) {
			return o.status, true
		}
	}
	return "", false
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// timeLayouts are the date formats DSM lets the admin choose, read in the
// mail's offset.
var timeLayouts = []string{
	"2006-01-02 15:04:05", "2006/01/02 15:04:05", "02.01.2006 15:04:05", "02/01/2006 15:04:05",
	"2006-01-02 15:04", "2006/01/02 15:04", "02.01.2006 15:04",
}

func parseTime(s string, loc *time.Location) (time.Time, bool) {
	s = report.Clean(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, layout := range timeLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

var durationPart = regexp.MustCompile(`(\d+)\s*([\p{L}]+)`)

// durationUnits map the start of a unit word, English or German.
var durationUnits = []struct {
	prefix string
	unit   time.Duration
}{
	{"day", 24 * time.Hour}, {"tag", 24 * time.Hour},
	{"hour", time.Hour}, {"stunde", time.Hour}, {"std", time.Hour},
	{"min", time.Minute},
	{"sec", time.Second}, {"sek", time.Second},
}

// parseDuration reads "1 hour(s) 5 minute(s) 12 second(s)" and
// "1 Stunde(n) 4 Minute(n) 12 Sekunde(n)"; an "H:MM:SS" form as well.
func parseDuration(s string) (time.Duration, bool) {
	if d, ok := report.Duration(s); ok {
		return d, true
	}
	var total time.Duration
	found := false
	for _, p := range durationPart.FindAllStringSubmatch(strings.ToLower(s), -1) {
		n, err := strconv.Atoi(p[1])
		if err != nil || n > 1_000_000 {
			return 0, false // absurd: do not invent an end time
		}
		for _, u := range durationUnits {
			if strings.HasPrefix(p[2], u.prefix) {
				total += time.Duration(n) * u.unit
				found = true
				break
			}
		}
	}
	return total, found
}
