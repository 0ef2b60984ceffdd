package digest

import (
	"time"

	"github.com/backupchecks/backupchecks/app/schedule"
	"github.com/backupchecks/backupchecks/app/settings"
)

// Due says whether the digest is to be sent at now and, if so, the day it
// is for and the business days it covers: the day before, or on a Monday
// when it goes out on weekdays only, Friday to Sunday. It is due from its
// time until the end of that day, so an appliance that was down at the
// time sends it when it comes back; the outbox sends each day's once.
func Due(now time.Time, cfg settings.SMTP, clock schedule.Clock) (day, from, to schedule.Day, ok bool) {
	if !cfg.Digest || len(cfg.Recipients) == 0 {
		return day, from, to, false
	}
	if day, ok = MailDay(now, cfg, clock.Loc); !ok {
		return day, from, to, false
	}
	wd := day.Weekday()
	if cfg.Weekdays && (wd == time.Saturday || wd == time.Sunday) {
		return day, from, to, false
	}
	from, to = day.Add(-1), day.Add(-1)
	if cfg.Weekdays && wd == time.Monday {
		from = day.Add(-3)
	}
	return day, from, to, true
}

// MailDay is the day in loc that now falls on, and whether the day's mail
// time (Settings → Notifications: the digest and scheduled reports) has
// come, read off the clock on the wall, so also right on a DST day.
func MailDay(now time.Time, cfg settings.SMTP, loc *time.Location) (schedule.Day, bool) {
	local := now.In(loc)
	wall := time.Duration(local.Hour())*time.Hour + time.Duration(local.Minute())*time.Minute
	return schedule.DayOfDate(local), cfg.Enabled && wall >= cfg.DigestOffset()
}
