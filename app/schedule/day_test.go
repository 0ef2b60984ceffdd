package schedule

import (
	"fmt"
	"testing"
	"time"
)

// Every day of a year, in zones with daylight saving at 02:00, at 00:00
// (Santiago) and none: business days tile time without gaps or overlaps,
// and a daily slot falls exactly once on its own business day — so a DST
// change can neither double a slot nor drop one.
func TestSlotsAndDaysAcrossDaylightSaving(t *testing.T) {
	for _, zone := range []string{"Europe/Amsterdam", "America/New_York", "America/Santiago", "Australia/Lord_Howe", "UTC"} {
		loc := mustZone(zone)
		for _, start := range []time.Duration{0, 2*time.Hour + 30*time.Minute, 6 * time.Hour} {
			c := NewClock(loc, start)
			for _, minute := range []int{0, 90, 150, 22*60 + 10, 23*60 + 59} {
				s := Schedule{Kind: Daily, Minute: minute, Grace: DefaultGrace}
				d := Day{2026, time.January, 1}
				_, prevTo := c.Bounds(d.Add(-1))
				for i := 0; i < 366; i++ {
					from, to := c.Bounds(d)
					where := fmt.Sprintf("%s start %v minute %d day %s", zone, start, minute, d)
					if !from.Equal(prevTo) || !from.Before(to) {
						t.Fatalf("%s: day [%v, %v) does not follow the previous day ending %v", where, from, to, prevTo)
					}
					slot, ok := s.Slot(c, d)
					if !ok || slot.Before(from) || !slot.Before(to) || c.DayOf(slot) != d {
						t.Fatalf("%s: slot %v outside its day [%v, %v)", where, slot, from, to)
					}
					if c.DayOf(from) != d || c.DayOf(to.Add(-time.Second)) != d {
						t.Fatalf("%s: DayOf disagrees with Bounds", where)
					}
					prevTo = to
					d = d.Add(1)
				}
			}
		}
	}
}

func TestDayOfUsesTheBusinessDayStart(t *testing.T) {
	c := NewClock(amsterdam, 6*time.Hour)
	at := time.Date(2026, 3, 10, 5, 59, 0, 0, amsterdam)
	if got := c.DayOf(at); got.String() != "2026-03-09" {
		t.Fatalf("05:59 with a 06:00 start belongs to %s", got)
	}
	if got := c.DayOf(at.Add(time.Minute)); got.String() != "2026-03-10" {
		t.Fatalf("06:00 belongs to %s", got)
	}
}

func TestExpects(t *testing.T) {
	cases := []struct {
		s    Schedule
		day  string
		want bool
	}{
		{Schedule{Kind: Weekdays}, "2026-11-27", true},  // Friday
		{Schedule{Kind: Weekdays}, "2026-11-28", false}, // Saturday
		{Schedule{Kind: Weekly, Days: []time.Weekday{time.Tuesday}}, "2026-11-24", true},
		{Schedule{Kind: Weekly, Days: []time.Weekday{time.Tuesday}}, "2026-11-25", false},
		{Schedule{Kind: Monthly, MonthDay: 31}, "2026-02-28", true}, // the last day of a short month
		{Schedule{Kind: Monthly, MonthDay: 30}, "2026-02-27", false},
		{Schedule{Kind: Monthly, MonthDay: 15}, "2026-02-15", true},
		{Schedule{Kind: None}, "2026-02-15", false},
	}
	for _, c := range cases {
		d, _ := ParseDay(c.day)
		if got := c.s.Expects(d); got != c.want {
			t.Errorf("%s on %s: %v, want %v", c.s.DaysText(), c.day, got, c.want)
		}
	}
}
