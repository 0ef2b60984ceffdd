// Package appliance assembles the running product from an open store: the
// use cases, the background tasks, the web UI and the control socket. The
// serve command and the end-to-end tests build it the same way.
package appliance

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/apitokens"
	"github.com/backupchecks/backupchecks/app/background"
	"github.com/backupchecks/backupchecks/app/control"
	"github.com/backupchecks/backupchecks/app/coveimport"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/daily"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/mailimport"
	"github.com/backupchecks/backupchecks/app/maintenance"
	"github.com/backupchecks/backupchecks/app/missed"
	"github.com/backupchecks/backupchecks/app/morning"
	"github.com/backupchecks/backupchecks/app/notify"
	"github.com/backupchecks/backupchecks/app/overrides"
	"github.com/backupchecks/backupchecks/app/parsers"
	"github.com/backupchecks/backupchecks/app/psa"
	"github.com/backupchecks/backupchecks/app/remarks"
	"github.com/backupchecks/backupchecks/app/review"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/app/schedule"
	"github.com/backupchecks/backupchecks/app/sessions"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/app/silentjobs"
	"github.com/backupchecks/backupchecks/app/sso"
	"github.com/backupchecks/backupchecks/app/summary"
	"github.com/backupchecks/backupchecks/app/transfer"
	"github.com/backupchecks/backupchecks/app/watch"
	"github.com/backupchecks/backupchecks/app/web"
	"github.com/backupchecks/backupchecks/storage"
)

// Options tune the assembly.
type Options struct {
	BaseURL      string
	MetricsToken string
	Version      string
	Logger       *slog.Logger
	GCEvery      time.Duration            // value-log cleanup interval; default 10 min
	Scheduler    []gocron.SchedulerOption // tests inject a fake clock
}

// Appliance is the assembled product.
type Appliance struct {
	Store       *storage.Store
	Accounts    *accounts.Service
	Customers   *customers.Service
	Jobs        *jobs.Service
	Runs        *runs.Service
	Review      *review.Service
	Recovered   *review.AutoReview // reviews runs whose job succeeded again, when the setting says so
	Overrides   *overrides.Service
	Remarks     *remarks.Service
	Mail        *mailimport.Service
	Parsers     *parsers.Service
	MailPoller  *MailPoller
	Cove        *coveimport.Service
	CovePoller  *CovePoller
	Autotask    *psa.Service
	Missed      *missed.Service
	Daily       *daily.Service
	Summary     *summary.Service
	Watch       *watch.Service
	Quiet       *silentjobs.Service // the silent jobs and those without a recent success
	Morning     *morning.Service    // what needs review by customer and business day; the one reader of the dashboard's numbers
	Notify      *notify.Service
	Tokens      *apitokens.Service
	Transfer    *transfer.Service
	SSO         *sso.Service
	Settings    *settings.Service
	Maintenance *maintenance.Service
	Retention   *mailimport.Retention
	Background  *background.Runner
	Web         *fiber.App
	Control     *control.Server
}

// New wires everything around st. Call Start to begin background work.
func New(st *storage.Store, o Options) (*Appliance, error) {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.GCEvery == 0 {
		o.GCEvery = 10 * time.Minute
	}
	a := &Appliance{Store: st}
	a.Accounts = accounts.NewService(st, sessions.NewManager(st), accounts.NewThrottle())
	a.Accounts.Cipher = st.Cipher()
	a.Settings = settings.NewService(st)
	a.Customers = customers.NewService(st)
	a.Jobs = jobs.NewService(st, func(id uint64) error { _, err := st.Customer(id); return err })
	a.Jobs.Settings = a.thresholds
	a.Runs = runs.NewService(st)
	a.Runs.Generation = st.Generation
	a.Runs.SuccessNeedsReview = func() bool {
		g, err := a.Settings.General()
		return err == nil && g.SuccessNeedsReview
	}
	a.Runs.DayOf = func(t time.Time) string {
		cal, _ := a.calendar() // on a settings read error the UTC day still keys the run consistently
		return cal.Clock.DayOf(t).String()
	}
	a.Missed = &missed.Service{Jobs: a.Jobs, Runs: a.Runs, Calendar: a.calendar, Now: time.Now}
	a.Daily = &daily.Service{Jobs: a.Jobs, Runs: a.Runs, Customers: a.Customers, Calendar: a.calendar, Now: time.Now, Generation: st.Generation}
	a.Overrides = overrides.NewService(st, a.Jobs, a.Runs)
	a.Runs.Adjust = a.Overrides.Adjust
	a.Remarks = remarks.NewService(st)
	a.Mail = mailimport.NewService(st, a.Jobs, a.Runs)
	a.Mail.MaxSize = func() int {
		if m, err := a.Settings.MailImport(); err == nil && m.MaxSizeMB > 0 {
			return m.MaxSizeMB << 20
		}
		return mailimport.DefaultMaxSize
	}
	a.Parsers = parsers.NewService(st, a.Mail)
	a.Mail.Rules = a.Parsers.Compiled
	a.Settings.Cipher = st.Cipher()
	a.MailPoller = &MailPoller{a: a, st: st}
	a.Cove = coveimport.NewService(st, a.Jobs, a.Runs, a.Customers)
	a.Cove.Approved = a.Missed.Infer
	metrics := web.NewMetrics()
	a.CovePoller = &CovePoller{a: a, log: o.Logger, metrics: newCoveMetrics(metrics.Registry, a.Cove), audit: st.RecordAudit}
	a.Autotask = psa.NewService(st, a.Settings, newAutotaskMetrics(metrics.Registry).connect, a.Customers, a.Jobs, a.Runs)
	instance, err := st.ApplianceID()
	if err != nil {
		return nil, err
	}
	a.Autotask.Instance, a.Autotask.Log = instance, o.Logger
	a.Summary = &summary.Service{Jobs: a.Jobs, Runs: a.Runs, Customers: a.Customers, Remarks: a.Remarks,
		OpenTickets: a.Autotask.OpenTicketsByJob, Calendar: a.calendar, Now: time.Now, ScheduleStore: st}
	a.Quiet = &silentjobs.Service{Jobs: a.Jobs, Runs: a.Runs, Customers: a.Customers, Now: time.Now, Location: func() *time.Location {
		cal, _ := a.calendar() // on a settings read error the calendar's zone is UTC
		return cal.Clock.Loc
	}}
	a.Morning = &morning.Service{Runs: a.Runs, Jobs: a.Jobs, Customers: a.Customers, WaitingMails: a.Mail.Waiting, WaitingCove: a.Cove.Waiting,
		Now: time.Now, Generation: st.Generation, Clock: func() (schedule.Clock, error) {
			cal, err := a.calendar()
			return cal.Clock, err
		}}
	a.Review = &review.Service{Runs: a.Runs, Jobs: a.Jobs, Customers: a.Customers, Generation: st.Generation}
	a.Recovered = &review.AutoReview{Review: a.Review, Enabled: func() bool {
		g, err := a.Settings.General()
		return err == nil && g.ReviewWhenRecovered
	}}
	a.Maintenance = maintenance.NewService(st, o.Version)
	a.Retention = &mailimport.Retention{Store: st, Now: time.Now, Cutoff: func(now time.Time) (time.Time, error) {
		r, err := a.Settings.Retention()
		return r.Cutoff(now), err
	}}
	created, err := st.Created()
	if err != nil {
		return nil, err
	}
	a.Watch = watch.New(watch.Sources{Settings: a.Settings, Mail: a.MailPoller.Status, Cove: a.CovePoller.Status,
		Autotask: func() (bool, psa.Health, error) {
			if !a.Autotask.Enabled() {
				return false, psa.Health{}, nil
			}
			h, err := a.Autotask.Health()
			return true, h, err
		},
		Queue: a.Morning.Queue, LastBackup: a.Maintenance.LastGoodBackup, Created: created, Quiet: a.Quiet})
	a.Notify = notify.NewService(st, st.Cipher())
	a.Notify.Describe = a.describeEvent
	a.Notify.Mailer = a.sendMail
	a.Tokens = apitokens.NewService(st, a.Accounts)
	a.Transfer = &transfer.Service{Store: st, Now: time.Now}
	a.SSO = &sso.Service{Settings: a.Settings, Accounts: a.Accounts, Client: &http.Client{Timeout: 20 * time.Second}}
	a.Accounts.LocalAllowed = a.localPasswordAllowed
	runner, err := background.New(o.Logger, o.Scheduler...)
	if err != nil {
		return nil, err
	}
	a.Background = runner
	err = runner.Every("value-log cleanup", o.GCEvery, func(context.Context) error {
		_, err := st.CollectGarbage()
		return err
	})
	if err != nil {
		return nil, err
	}
	err = runner.Every("original mail retention", mailimport.RetentionEvery, func(context.Context) error {
		_, err := a.Retention.Apply()
		return err
	})
	if err != nil {
		return nil, err
	}
	// Reviews runs whose job succeeded again, whatever source brought the
	// success; with the setting off a pass only reads the settings.
	err = runner.Every("recovered runs", RecoveredEvery, func(context.Context) error {
		_, err := a.Recovered.Pass()
		return err
	})
	if err != nil {
		return nil, err
	}
	// Checked every minute; it polls only when enabled and its own
	// interval has passed, so a changed interval applies at once.
	err = runner.Every("mail import", time.Minute, a.MailPoller.tick)
	if err != nil {
		return nil, err
	}
	err = runner.Every("cove import", time.Minute, a.CovePoller.tick)
	if err != nil {
		return nil, err
	}
	// Checked every minute like the polls: it syncs only while the
	// integration is on, every Settings → Autotask sync interval.
	err = runner.Every("autotask sync", time.Minute, psa.NewSyncer(a.Autotask).Tick)
	if err != nil {
		return nil, err
	}
	// Opt-in automatic tickets (per customer or job): with the integration
	// off or no rule switched on a pass reads one or two records and makes
	// no call. It also runs at start, so a create a restart cut short is
	// found by its marker at once.
	err = runner.EveryFromStart("autotask automatic tickets", time.Minute, func(ctx context.Context) error {
		_, err := a.Autotask.AutoTicketPass(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	err = runner.Every("notifications", NotifyEvery, a.notifyTick)
	if err != nil {
		return nil, err
	}
	err = runner.EveryFromStart("schedules and missed runs", MissedEvery, func(context.Context) error {
		_, err := a.Missed.Pass()
		return err
	})
	if err != nil {
		return nil, err
	}
	a.Web = web.New(web.Deps{
		Accounts: a.Accounts, Customers: a.Customers, Jobs: a.Jobs, Runs: a.Runs, Review: a.Review, Daily: a.Daily, Summary: a.Summary, Quiet: a.Quiet, Morning: a.Morning, Watch: a.Watch, Notify: a.Notify, SendReportNow: a.SendReportNow, Tokens: a.Tokens, Transfer: a.Transfer, SSO: a.SSO, Overrides: a.Overrides, Remarks: a.Remarks, Mail: a.Mail, Parsers: a.Parsers, MailPoller: a.MailPoller, Cove: a.Cove, CovePoller: a.CovePoller, Autotask: a.Autotask, Settings: a.Settings, Maintenance: a.Maintenance, Retention: a.Retention, Audit: st, Background: runner,
		CSRFKey: deriveKey(st.SecretKeyMaterial(), "csrf"), BaseURL: o.BaseURL, MetricsToken: o.MetricsToken,
		Version: o.Version, Logger: o.Logger, Metrics: metrics,
	})
	a.Control = &control.Server{Accounts: a.Accounts, Maintenance: a.Maintenance, CovePoll: a.CovePoller.PollNow, Logger: o.Logger}
	return a, nil
}

// localPasswordAllowed is Settings → Sign-in's rule: with single sign-on
// on and passwords off, only the first admin still signs in with one.
func (a *Appliance) localPasswordAllowed(u accounts.User) bool {
	cfg, err := a.Settings.SignIn()
	if err != nil || !cfg.Enabled || cfg.LocalPasswords {
		return true
	}
	first, err := a.Accounts.FirstAdmin()
	return err == nil && u.ID == first
}

// thresholds are Settings → General's silence bounds and the N of "no
// success within N × the bound".
func (a *Appliance) thresholds() (jobs.Thresholds, error) {
	g, err := a.Settings.General()
	return jobs.Thresholds{Defaults: g.Silence, NoSuccessTimes: g.NoSuccessTimes}, err
}

// RecoveredEvery is how often runs whose job succeeded again are reviewed
// (when Settings → General says so).
const RecoveredEvery = time.Minute

// MissedEvery is how often schedules are refreshed and missed runs raised.
const MissedEvery = 5 * time.Minute

// calendar is the settings' view of days: zone, day start, daily-jobs start.
func (a *Appliance) calendar() (missed.Calendar, error) {
	g, err := a.Settings.General()
	if err != nil {
		return missed.Calendar{Clock: schedule.NewClock(time.UTC, 0)}, err
	}
	cal := missed.Calendar{Clock: schedule.NewClock(g.Location(), g.DayOffset())}
	if d, err := schedule.ParseDay(g.DailyJobsStart); err == nil {
		cal.Start = d
	}
	return cal, nil
}

// deriveKey gives each purpose its own key, so a leak of one (a CSRF token
// oracle, say) says nothing about the key that seals stored secrets.
func deriveKey(master []byte, purpose string) []byte {
	m := hmac.New(sha256.New, master)
	m.Write([]byte("backupchecks/" + purpose))
	return m.Sum(nil)
}

// Start begins the background tasks and, for an on-disk store, the control socket.
func (a *Appliance) Start() error {
	a.Background.Start()
	if dir := a.Store.Dir(); dir != "" {
		return a.Control.Listen(dir)
	}
	return nil
}

// Shutdown drains HTTP, stops the control socket and background tasks, and
// closes the store, in that order, so nothing writes to a closed store.
func (a *Appliance) Shutdown(ctx context.Context) error {
	var errs []error
	if err := a.Web.ShutdownWithContext(ctx); err != nil {
		errs = append(errs, err)
	}
	if err := a.Control.Shutdown(ctx); err != nil {
		errs = append(errs, err)
	}
	if err := a.Background.Shutdown(); err != nil {
		errs = append(errs, err)
	}
	a.Autotask.StopRefreshing()
	if err := a.Store.Close(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}
