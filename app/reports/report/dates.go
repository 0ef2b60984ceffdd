package report

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// months maps month names and abbreviations in the languages backup
// servers report in (en, nl, de, fr) to their month.
var months = map[string]time.Month{}

func init() {
	names := [][]string{
		{"january", "jan", "januari", "januar", "jänner", "janvier", "janv"},
		{"february", "feb", "februari", "februar", "février", "fevrier", "févr", "fevr"},
		{"march", "mar", "maart", "mrt", "märz", "marz", "mär", "mars"},
		{"april", "apr", "avril", "avr"},
		{"may", "mei", "mai"},
		{"june", "jun", "juni", "juin"},
		{"july", "jul", "juli", "juillet", "juil"},
		{"august", "aug", "augustus", "août", "aout"},
		{"september", "sep", "sept", "septembre"},
		{"october", "oct", "oktober", "okt", "octobre"},
		{"november", "nov", "novembre"},
		{"december", "dec", "dezember", "dez", "décembre", "decembre", "déc"},
	}
	for i, ns := range names {
		for _, n := range ns {
			months[n] = time.Month(i + 1)
		}
	}
}

// Month reads a month name or abbreviation in any of the known languages.
func Month(s string) (time.Month, bool) {
	m, ok := months[strings.Trim(strings.ToLower(s), ".,")]
	return m, ok
}

var dateWords = regexp.MustCompile(`\p{L}+\.?|\d+`)

// LongDate finds a calendar date written out with a month name, in any
// order and language: "02 March 2026", "Monday, March 2, 2026",
// "zaterdag 7 maart 2026", "Mittwoch, 4. März 2026", "jeudi 5 mars 2026".
func LongDate(s string) (y int, m time.Month, d int, ok bool) {
	for _, w := range dateWords.FindAllString(s, -1) {
		if n, err := strconv.Atoi(w); err == nil {
			switch {
			case len(w) == 4 && y == 0:
				y = n
			case n >= 1 && n <= 31 && d == 0 && len(w) <= 2:
				d = n
			}
			continue
		}
		if mm, found := Month(w); found && m == 0 {
			m = mm
		}
	}
	return y, m, d, y != 0 && m != 0 && d != 0
}

// Clock reads "23:30:00", "23:30" or "11:30:00 PM".
func Clock(s string) (h, min, sec int, ok bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"15:04:05", "15:04", "3:04:05 PM", "3:04 PM", "3:04:05PM"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Hour(), t.Minute(), t.Second(), true
		}
	}
	return 0, 0, 0, false
}

// Duration reads "0:52:00", "1:02:03:04" (days first) or "52:10".
func Duration(s string) (time.Duration, bool) {
	parts := strings.Split(strings.TrimSpace(s), ":")
	if len(parts) < 2 || len(parts) > 4 {
		return 0, false
	}
	var total time.Duration
	units := []time.Duration{24 * time.Hour, time.Hour, time.Minute, time.Second}[4-len(parts):]
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return 0, false
		}
		total += time.Duration(n) * units[i]
	}
	return total, true
}

// At is the instant of a date and clock time in loc.
func At(y int, m time.Month, d, h, min, sec int, loc *time.Location) time.Time {
	return time.Date(y, m, d, h, min, sec, 0, loc)
}
