package digest

import (
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/schedule"
	"github.com/backupchecks/backupchecks/app/settings"
)

func TestDue(t *testing.T) {
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	clock := schedule.NewClock(ams, 0)
	cfg := settings.SMTP{Enabled: true, Digest: true, Recipients: []string{"a@b.example"}, DigestAt: "07:30", Weekdays: true}
	every := cfg
	every.Weekdays = false
	for _, c := range []struct {
		name     string
		cfg      settings.SMTP
		at       time.Time
		due      bool
		from, to string
	}{
		{"Thursday before the time", cfg, time.Date(2026, 12, 3, 7, 29, 0, 0, ams), false, "", ""},
		{"Thursday at the time", cfg, time.Date(2026, 12, 3, 7, 30, 0, 0, ams), true, "2026-12-02", "2026-12-02"},
		// 06:45 UTC is 07:45 in Amsterdam: the zone decides.
		{"the zone's wall clock", cfg, time.Date(2026, 12, 3, 6, 45, 0, 0, time.UTC), true, "2026-12-02", "2026-12-02"},
		{"late in the day still due", cfg, time.Date(2026, 12, 3, 23, 50, 0, 0, ams), true, "2026-12-02", "2026-12-02"},
		{"Saturday, weekdays only", cfg, time.Date(2026, 12, 5, 9, 0, 0, 0, ams), false, "", ""},
		{"Monday covers the weekend", cfg, time.Date(2026, 12, 7, 9, 0, 0, 0, ams), true, "2026-12-04", "2026-12-06"},
		{"Saturday, every day", every, time.Date(2026, 12, 5, 9, 0, 0, 0, ams), true, "2026-12-04", "2026-12-04"},
		{"Monday, every day", every, time.Date(2026, 12, 7, 9, 0, 0, 0, ams), true, "2026-12-06", "2026-12-06"},
		// On 25 October the clocks go back at 03:00: at 07:20 on the wall
		// 8 h 20 min have passed since midnight, and it is not yet 07:30.
		{"DST end, before the wall's time", every, time.Date(2026, 10, 25, 7, 20, 0, 0, ams), false, "", ""},
		{"DST end, at the wall's time", every, time.Date(2026, 10, 25, 7, 30, 0, 0, ams), true, "2026-10-24", "2026-10-24"},
		{"off", settings.SMTP{Digest: true, Recipients: cfg.Recipients, DigestAt: "07:30"}, time.Date(2026, 12, 3, 9, 0, 0, 0, ams), false, "", ""},
		{"no recipients", settings.SMTP{Enabled: true, Digest: true, DigestAt: "07:30"}, time.Date(2026, 12, 3, 9, 0, 0, 0, ams), false, "", ""},
	} {
		day, from, to, ok := Due(c.at, c.cfg, clock)
		if ok != c.due || (ok && (from.String() != c.from || to.String() != c.to || day != schedule.DayOfDate(c.at.In(ams)))) {
			t.Errorf("%s: due %v for %s, %s–%s; want %v, %s–%s", c.name, ok, day, from, to, c.due, c.from, c.to)
		}
	}
}
