// Package web serves the UI: routes, thin handlers (one file per action),
// and the middleware that enforces sessions, roles and CSRF on every route.
package web

import (
	"errors"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/time/rate"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/apitokens"
	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/background"
	"github.com/backupchecks/backupchecks/app/coveimport"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/daily"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/mailimport"
	"github.com/backupchecks/backupchecks/app/maintenance"
	"github.com/backupchecks/backupchecks/app/morning"
	"github.com/backupchecks/backupchecks/app/notify"
	"github.com/backupchecks/backupchecks/app/overrides"
	"github.com/backupchecks/backupchecks/app/parsers"
	"github.com/backupchecks/backupchecks/app/psa"
	"github.com/backupchecks/backupchecks/app/remarks"
	"github.com/backupchecks/backupchecks/app/review"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/app/silentjobs"
	"github.com/backupchecks/backupchecks/app/sso"
	"github.com/backupchecks/backupchecks/app/summary"
	"github.com/backupchecks/backupchecks/app/transfer"
	"github.com/backupchecks/backupchecks/app/watch"
)

// Deps is everything the handlers use.
type Deps struct {
	Accounts  *accounts.Service
	Customers *customers.Service
	Jobs      *jobs.Service
	Runs      *runs.Service
	Review    *review.Service
	Daily     *daily.Service
	Summary   *summary.Service
	Quiet     *silentjobs.Service // silent jobs, jobs without a recent success
	Morning   *morning.Service    // what needs review by customer; the one reader of the numbers pages show side by side
	Watch     *watch.Service
	Notify    *notify.Service
	Tokens    *apitokens.Service
	Transfer  *transfer.Service
	SSO       *sso.Service
	APILimit  APILimit // zero: DefaultAPILimit
	// SendReportNow queues a report schedule's latest report at once.
	SendReportNow func(scheduleID uint64) error
	Overrides     *overrides.Service
	Remarks       *remarks.Service
	Mail          *mailimport.Service
	Parsers       *parsers.Service
	MailPoller    MailPoller
	Cove          *coveimport.Service
	CovePoller    CovePoller
	Autotask      *psa.Service // tickets, company mapping, Settings → Autotask
	Settings      *settings.Service
	Maintenance   *maintenance.Service
	Retention     *mailimport.Retention
	Audit         audit.Log
	Background    *background.Runner // nil in tests that do not need it
	CSRFKey       []byte             // HMAC key for CSRF tokens (derived from the secrets key)
	BaseURL       string             // --base-url; empty = Settings → General, else the request's own
	MetricsToken  string             // bearer token that may scrape /metrics without a session
	Version       string
	Logger        *slog.Logger
	Metrics       *Metrics
}

// Server is the UI.
type Server struct {
	Deps
	started   time.Time
	setupDone atomic.Bool // once a user exists it stays true: no need to ask storage again
	apiLimits *limiters   // per API token
	staged    stagedFiles // imports between their dry run and "Import now"
}

// New builds the fiber app with every route registered.
func New(d Deps) *fiber.App {
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.Metrics == nil {
		d.Metrics = NewMetrics()
	}
	if d.APILimit.Burst == 0 {
		d.APILimit = DefaultAPILimit
	}
	s := &Server{Deps: d, started: time.Now(), apiLimits: &limiters{each: map[uint64]*rate.Limiter{}, lim: d.APILimit}}
	app := fiber.New(fiber.Config{
		DisableStartupMessage: true,
		Immutable:             true, // strings from the request outlive handlers (stored, streamed)
		BodyLimit:             4 << 20,
		ReadTimeout:           30 * time.Second,
		IdleTimeout:           120 * time.Second,
		ErrorHandler:          s.handleError,
	})
	app.Use(s.clientAddress, compressResponses(), s.requestLog, s.recoverPanic, s.securityHeaders, browserOnly(s.loadSession), browserOnly(s.csrf), browserOnly(s.requireSetup))
	s.routes(app)
	return app
}

// secureCookies reports whether cookies must carry Secure: the configured
// base URL, or the request itself, is https.
func (s *Server) secureCookies(c *fiber.Ctx) bool {
	if strings.HasPrefix(s.BaseURL, "https://") || c.Protocol() == "https" {
		return true
	}
	if s.BaseURL == "" {
		if g, err := s.Settings.General(); err == nil && strings.HasPrefix(g.BaseURL, "https://") {
			return true
		}
	}
	return false
}

// needsSetup reports whether no user exists yet.
func (s *Server) needsSetup() (bool, error) {
	if s.setupDone.Load() {
		return false, nil
	}
	need, err := s.Accounts.NeedsSetup()
	if err == nil && !need {
		s.setupDone.Store(true)
	}
	return need, err
}

func (s *Server) requireSetup(c *fiber.Ctx) error {
	p := c.Path()
	if p == "/setup" || p == "/healthz" || p == "/metrics" || strings.HasPrefix(p, "/assets/") {
		return c.Next()
	}
	need, err := s.needsSetup()
	if err != nil {
		return err
	}
	if need {
		return redirect(c, "/setup")
	}
	return c.Next()
}

// redirect sends a 303, or HX-Redirect for htmx so the whole page changes.
func redirect(c *fiber.Ctx, to string) error {
	if c.Get("HX-Request") == "true" && c.Get("HX-Boosted") != "true" {
		c.Set("HX-Redirect", to)
		return c.SendStatus(fiber.StatusNoContent)
	}
	return c.Redirect(to, fiber.StatusSeeOther)
}

var errForbidden = fiber.NewError(fiber.StatusForbidden, "You do not have permission to do that.")

func isFiberStatus(err error, code int) bool {
	var fe *fiber.Error
	return errors.As(err, &fe) && fe.Code == code
}
