package settings

import (
	"testing"

	"github.com/backupchecks/backupchecks/app/silence"
)

func TestGeneralValidation(t *testing.T) {
	cases := []struct {
		name  string
		in    General
		field string // "" = valid
	}{
		{"defaults", General{TimeZone: "UTC"}, ""},
		{"full", General{TimeZone: "Europe/Amsterdam", BaseURL: "https://backups.example.com/", DailyJobsStart: "2026-01-05"}, ""},
		{"unknown zone", General{TimeZone: "Mars/Olympus"}, "time_zone"},
		{"empty zone", General{TimeZone: " "}, "time_zone"},
		{"Local is not a zone", General{TimeZone: "Local"}, "time_zone"},
		{"no scheme", General{TimeZone: "UTC", BaseURL: "backups.example.com"}, "base_url"},
		{"ftp", General{TimeZone: "UTC", BaseURL: "ftp://backups.example.com"}, "base_url"},
		{"credentials", General{TimeZone: "UTC", BaseURL: "https://u:p@backups.example.com"}, "base_url"},
		{"query", General{TimeZone: "UTC", BaseURL: "https://backups.example.com/?x=1"}, "base_url"},
		{"bad date", General{TimeZone: "UTC", DailyJobsStart: "05-01-2026"}, "daily_jobs_start"},
		{"day starts at six", General{TimeZone: "UTC", DayStart: "06:00"}, ""},
		{"day start not a time", General{TimeZone: "UTC", DayStart: "6 am"}, "day_start"},
		{"day start in the afternoon", General{TimeZone: "UTC", DayStart: "13:00"}, "day_start"},
		{"workstations as servers", General{TimeZone: "UTC", Silence: silence.Defaults{Server: 3, M365: 2}}, ""},
		{"servers never silent", General{TimeZone: "UTC", Silence: silence.Defaults{M365: 2, Workstation: 3}}, "silence_server"},
		{"Microsoft 365 for months", General{TimeZone: "UTC", Silence: silence.Defaults{Server: 3, M365: 40}}, "silence_m365"},
		{"workstations unreadable", General{TimeZone: "UTC", Silence: silence.Defaults{Server: 3, M365: 2, Workstation: -1}}, "silence_workstation"},
		{"no success at once", General{TimeZone: "UTC", NoSuccessTimes: -1}, "no_success_times"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := c.in
			err := g.Normalize()
			if c.field == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			fe, ok := err.(FieldErrors)
			if !ok || fe[c.field] == "" {
				t.Fatalf("got %v, want an error on %s", err, c.field)
			}
		})
	}
	g := General{TimeZone: " UTC ", BaseURL: "https://b.example.com/"}
	_ = g.Normalize()
	if g.TimeZone != "UTC" || g.BaseURL != "https://b.example.com" || g.DayStart != "00:00" || g.DayOffset() != 0 {
		t.Fatalf("not normalised: %+v", g)
	}
}

func TestEveryOfferedZoneLoads(t *testing.T) {
	zones := TimeZones()
	if len(zones) < 300 {
		t.Fatalf("only %d zones offered", len(zones))
	}
	for _, z := range zones {
		g := General{TimeZone: z}
		if err := g.Normalize(); err != nil {
			t.Fatalf("offered zone %s does not validate: %v", z, err)
		}
	}
}

func TestDayOffset(t *testing.T) {
	if got := (General{DayStart: "06:30"}).DayOffset(); got.Minutes() != 390 {
		t.Fatalf("06:30 is %v after midnight", got)
	}
}
