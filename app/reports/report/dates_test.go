package report

import (
	"testing"
	"time"
)

func TestLongDate(t *testing.T) {
	for s, want := range map[string]string{
		"02 March 2026":                      "2026-03-02",
		"Monday, March 2, 2026 11:30:00 PM":  "2026-03-02",
		"zaterdag 7 maart 2026":              "2026-03-07",
		"Mittwoch, 4. März 2026":             "2026-03-04",
		"jeudi 5 mars 2026":                  "2026-03-05",
		"Tuesday, March 3, 2026 11:30:00 PM": "2026-03-03",
		"dinsdag 15 december 2026 22:00:00":  "2026-12-15",
	} {
		y, m, d, ok := LongDate(s)
		if got := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Format(time.DateOnly); !ok || got != want {
			t.Errorf("%q: %s %v, want %s", s, got, ok, want)
		}
	}
	if _, _, _, ok := LongDate("no date here 12"); ok {
		t.Error("found a date in text without one")
	}
}

func TestClockAndDuration(t *testing.T) {
	if h, m, s, ok := Clock("11:30:05 PM"); !ok || h != 23 || m != 30 || s != 5 {
		t.Errorf("PM clock: %d:%d:%d", h, m, s)
	}
	if d, ok := Duration("0:52:00"); !ok || d != 52*time.Minute {
		t.Errorf("duration %v", d)
	}
	if d, ok := Duration("1:02:03:04"); !ok || d != 26*time.Hour+3*time.Minute+4*time.Second {
		t.Errorf("duration with days %v", d)
	}
}

func TestCleanAndLines(t *testing.T) {
	if got := Clean("  a\u00a0 b\t\nc "); got != "a b c" {
		t.Errorf("Clean: %q", got)
	}
	if got := Lines(" one \r\n\r\n  two  three\n"); got != "one\ntwo three" {
		t.Errorf("Lines: %q", got)
	}
}
