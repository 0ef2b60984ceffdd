package summary

import (
	"testing"

	"github.com/backupchecks/backupchecks/app/schedule"
)

func day(s string) schedule.Day {
	d, err := schedule.ParseDay(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestScheduleDue(t *testing.T) {
	monthly := Schedule{Every: "month", Day: 3}
	weekly := Schedule{Every: "week", Day: 1} // Mondays
	for _, c := range []struct {
		sch      Schedule
		on       string
		due      bool
		from, to string
	}{
		{monthly, "2026-12-03", true, "2026-11-01", "2026-11-30"},
		{monthly, "2026-03-03", true, "2026-02-01", "2026-02-28"},
		{monthly, "2026-01-03", true, "2025-12-01", "2025-12-31"},
		{monthly, "2026-12-04", false, "", ""},
		{weekly, "2026-12-07", true, "2026-11-30", "2026-12-06"},
		{weekly, "2026-12-08", false, "", ""},
		{Schedule{Every: "week", Day: 7}, "2026-12-06", true, "2026-11-29", "2026-12-05"},
	} {
		p, ok := c.sch.Due(day(c.on))
		if ok != c.due || (ok && (p.From.String() != c.from || p.To.String() != c.to)) {
			t.Errorf("%+v on %s: %v %s–%s, want %v %s–%s", c.sch, c.on, ok, p.From, p.To, c.due, c.from, c.to)
		}
	}
	if p := monthly.Last(day("2026-12-20")); p.From.String() != "2026-11-01" {
		t.Errorf("the last monthly report before the 20th covers %s–%s", p.From, p.To)
	}
	if p := weekly.Last(day("2026-12-10")); p.From.String() != "2026-11-30" || p.To.String() != "2026-12-06" {
		t.Errorf("the last weekly report before Thursday covers %s–%s", p.From, p.To)
	}
	if got := (Schedule{Every: "month", Day: 22}).Describe(); got != "on the 22nd of each month, the month before" {
		t.Errorf("describe: %q", got)
	}
}

func TestScheduleValidation(t *testing.T) {
	ok := Schedule{CustomerID: 1, Every: "month", Day: 28, Recipients: []string{"a@b.example"}}
	for field, bad := range map[string]Schedule{
		"customer":   {Every: "month", Day: 1, Recipients: ok.Recipients},
		"day":        {CustomerID: 1, Every: "month", Day: 29, Recipients: ok.Recipients},
		"every":      {CustomerID: 1, Every: "year", Day: 1, Recipients: ok.Recipients},
		"recipients": {CustomerID: 1, Every: "week", Day: 3},
	} {
		var se *ScheduleError
		if err := bad.Validate(); err == nil || !IsScheduleInvalid(err) {
			t.Errorf("%s: %v", field, err)
		} else if se = err.(*ScheduleError); se.Field != field {
			t.Errorf("%+v: error on %s, want %s", bad, se.Field, field)
		}
	}
	if err := ok.Validate(); err != nil {
		t.Error(err)
	}
}
