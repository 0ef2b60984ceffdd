package web

import (
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/daily"
	"github.com/backupchecks/backupchecks/app/morning"
	"github.com/backupchecks/backupchecks/app/review"
	"github.com/backupchecks/backupchecks/views"
)

func (s *Server) dashboard(c *fiber.Ctx) error {
	sh := s.shell(c, "Dashboard", "dashboard")
	d := views.DashboardData{Version: s.Version, Uptime: roundDuration(time.Since(s.started))}
	users, err := s.Accounts.List()
	if err != nil {
		return err
	}
	for _, u := range users {
		switch {
		case u.Disabled:
			d.Disabled++
		case u.Role == accounts.Admin:
			d.Admins++
		case u.Role == accounts.Operator:
			d.Operators++
		default:
			d.Reporters++
		}
	}
	since := time.Now().Add(-24 * time.Hour)
	d.SignInsToday, err = s.Audit.CountSince(audit.LoginSuccess, since)
	if err != nil {
		return err
	}
	d.FailedSignIns, err = s.Audit.CountSince(audit.LoginFailure, since)
	if err != nil {
		return err
	}
	d.AuditToday, err = s.Audit.CountSince("", since)
	if err != nil {
		return err
	}
	g, err := s.Settings.General()
	if err != nil {
		return err
	}
	d.TimeZone, d.Configured = g.TimeZone, !g.Saved.IsZero()
	if err := s.operations(&d); err != nil {
		return err
	}
	if err := s.quiet(&d); err != nil {
		return err
	}
	d.Health = s.health(sh, d.Morning.Waiting)
	if s.Watch != nil {
		if d.Conditions, err = s.Watch.Latest(); err != nil {
			return err
		}
	}
	return render(c, fiber.StatusOK, views.DashboardPage(sh, d))
}

// operations fills the morning view and the counts read from it, and
// today's Daily Jobs counts.
func (s *Server) operations(d *views.DashboardData) error {
	var err error
	if d.Morning, err = s.Morning.View(); err != nil {
		return err
	}
	q := d.Morning.Queue
	d.Queue = review.Counts{Failed: q.Failed, Missed: q.Missed, Warning: q.Warning, Success: q.Success}
	d.WaitingMails, d.WaitingCove = d.Morning.Waiting.Mails, d.Morning.Waiting.Cove
	today, err := s.Daily.Today()
	if err != nil {
		return err
	}
	b, err := s.Daily.Board(today, daily.Filter{})
	if err != nil {
		return err
	}
	d.Today, d.TodayJobs = b.Counts, b.Total
	for _, g := range b.Groups {
		for _, r := range g.Rows {
			if st := r.Status(); st == "failed" || st == "missed" {
				d.CustomersFailing++
				break
			}
		}
	}
	return nil
}

// health checks each subsystem the appliance has today.
// waiting is the morning view's count of what waits for approval, so the
// Cove row and the dashboard's card say the same number.
func (s *Server) health(sh views.Shell, waiting morning.Waiting) []views.HealthCheck {
	var out []views.HealthCheck
	st := s.Maintenance.Store()
	start := time.Now()
	if err := st.Ping(); err != nil {
		out = append(out, views.HealthCheck{Name: "Database", Detail: "not answering: " + err.Error()})
	} else {
		out = append(out, views.HealthCheck{Name: "Database", OK: true, Detail: fmt.Sprintf("answers in %s", roundDuration(time.Since(start)))})
	}
	if du, err := st.Disk(); err != nil {
		out = append(out, views.HealthCheck{Name: "Disk", Detail: "cannot measure: " + err.Error()})
	} else if st.Dir() != "" {
		h := views.HealthCheck{Name: "Disk", OK: true, Warn: du.Low(),
			Detail: fmt.Sprintf("%s free; data directory uses %s", views.Bytes(du.FreeBytes), views.Bytes(du.DataBytes))}
		if du.Low() {
			h.Detail += " (below 2 GiB: free space soon)"
		}
		out = append(out, h)
	}
	if h, ok := s.mailHealth(sh); ok {
		out = append(out, h)
	}
	if h, ok := s.coveHealth(sh, waiting.Cove); ok {
		out = append(out, h)
	}
	if h, ok := s.autotaskHealth(sh); ok {
		out = append(out, h)
	}
	if s.Background != nil {
		for _, t := range s.Background.Statuses() {
			h := views.HealthCheck{Name: "Task: " + t.Name, OK: t.Failures == 0}
			switch {
			case t.LastErr != "":
				h.Detail = fmt.Sprintf("failed %d time(s) in a row, last at %s: %s", t.Failures, sh.Time(t.LastRun), t.LastErr)
			case t.LastRun.IsZero():
				h.Detail = "has not run yet; next run " + sh.Time(t.NextRun)
			default:
				h.Detail = "last ran " + views.Ago(time.Now(), t.LastRun) + "; next run " + sh.Time(t.NextRun)
			}
			out = append(out, h)
		}
	}
	return out
}

func roundDuration(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return d.Round(time.Microsecond).String()
	case d < time.Second:
		return d.Round(time.Millisecond).String()
	case d < time.Hour:
		return d.Round(time.Second).String()
	}
	days := int(d / (24 * time.Hour))
	if days > 0 {
		return fmt.Sprintf("%dd %dh", days, int(d%(24*time.Hour)/time.Hour))
	}
	return d.Round(time.Minute).String()
}

// mailHealth is the mail import's state, when it is switched on: failing,
// stalled (nothing succeeded for three intervals) or fine.
func (s *Server) mailHealth(sh views.Shell) (views.HealthCheck, bool) {
	cfg, err := s.Settings.MailImport()
	if err != nil || !cfg.Enabled || s.MailPoller == nil {
		return views.HealthCheck{}, false
	}
	st, err := s.MailPoller.Status()
	h := views.HealthCheck{Name: "Mail import", OK: true}
	now := time.Now()
	switch {
	case err != nil:
		h.OK, h.Detail = false, "status unreadable: "+err.Error()
	case st.Started.IsZero():
		h.Warn, h.Detail = true, "switched on; the first import runs within a minute"
	case st.Result.Err != "":
		h.OK, h.Detail = false, fmt.Sprintf("last import %s failed: %s", views.Ago(now, st.Started), st.Result.Err)
	case st.Stalled(now, cfg.IntervalDuration()):
		h.Warn, h.Detail = true, "no import has succeeded since "+sh.Time(st.LastSuccess)
	default:
		h.Detail = fmt.Sprintf("last import %s: %d new runs, %d to the Inbox", views.Ago(now, st.Started), st.Result.NewRuns, st.Result.ToInbox)
	}
	return h, true
}

// coveHealth is the Cove import's state, when it is switched on: failing
// (with what the error means), stalled or fine. waiting is how many
// accounts wait for approval now: the poll's own count (Result.Pending)
// is as of the poll, and accounts approved since made it say 100 while
// the card beside it, counting now, said 54.
func (s *Server) coveHealth(sh views.Shell, waiting int) (views.HealthCheck, bool) {
	cfg, err := s.Settings.Cove()
	if err != nil || !cfg.Enabled || s.CovePoller == nil {
		return views.HealthCheck{}, false
	}
	st, err := s.CovePoller.Status()
	h := views.HealthCheck{Name: "Cove import", OK: true}
	now := time.Now()
	switch {
	case err != nil:
		h.OK, h.Detail = false, "status unreadable: "+err.Error()
	case st.Started.IsZero():
		h.Warn, h.Detail = true, "switched on; the first poll runs within a minute"
	case st.Error != "":
		h.OK, h.Detail = false, fmt.Sprintf("last poll %s failed: %s (%s waiting for approval now)", views.Ago(now, st.Started), st.Explain, accountsText(waiting))
	case st.Memory.Held != nil:
		h.Warn, h.Detail = true, "account list held since "+sh.Time(st.Memory.Held.Since)+": "+st.Memory.Held.Reason()
	case st.Stalled(now, cfg.IntervalDuration()):
		h.Warn, h.Detail = true, "no poll has succeeded since "+sh.Time(st.LastSuccess)
	default:
		h.Detail = fmt.Sprintf("last poll %s: %d accounts, %d new runs; %s waiting for approval now", views.Ago(now, st.Started), st.Result.Seen, st.Result.Runs, accountsText(waiting))
		h.Warn = waiting > 0 || st.Result.Errors > 0
	}
	return h, true
}

func accountsText(n int) string {
	if n == 1 {
		return "1 account"
	}
	return fmt.Sprintf("%d accounts", n)
}

// autotaskHealth is how the last calls to Autotask went, when the
// integration is on: failing (with what it means and what to do) or fine.
func (s *Server) autotaskHealth(sh views.Shell) (views.HealthCheck, bool) {
	if s.Autotask == nil || !s.Autotask.Enabled() {
		return views.HealthCheck{}, false
	}
	st, err := s.Autotask.Health()
	h := views.HealthCheck{Name: "Autotask", OK: true}
	now := time.Now()
	switch {
	case err != nil:
		h.OK, h.Detail = false, "status unreadable: "+err.Error()
	case st.Failing():
		h.OK, h.Detail = false, "failing since "+sh.Time(st.FailingSince)
		if st.Operation != "" {
			h.Detail += ", while trying to " + st.Operation
		}
		h.Detail += ": " + st.Explain
	case st.LastOK.IsZero():
		h.Warn, h.Detail = true, "switched on; not called yet (Settings → Autotask → Test connection)"
	default:
		h.Detail = "last call worked " + views.Ago(now, st.LastOK) + " (" + sh.Time(st.LastOK) + ")"
	}
	return h, true
}
