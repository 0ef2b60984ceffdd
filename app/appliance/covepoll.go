package appliance

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/coveimport"
	"github.com/backupchecks/backupchecks/app/secret"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/integrations/cove"
)

const (
	// CovePollTimeout bounds one poll: a stuck API must not hold the poller.
	CovePollTimeout = 10 * time.Minute
	// CoveRetryAfter is how soon a poll that failed for a passing reason
	// is tried again.
	CoveRetryAfter = 5 * time.Minute
	// CoveTestTimeout bounds Test connection: the admin waits for it.
	CoveTestTimeout = 20 * time.Second
)

// CovePoller polls Cove on the configured interval, on demand, and tests
// a connection. One poll runs at a time.
type CovePoller struct {
	a       *Appliance
	running sync.Mutex
	mu      sync.Mutex
	last    time.Time // start of the last poll attempt in this process
	// retrySoon is set after a poll failed for a passing reason (Cove
	// unreachable, an error reply): the next try comes after RetryAfter
	// rather than a whole interval. Never after a refused login, which
	// would risk locking the API user out.
	retrySoon bool
	// Config adjusts the client's settings before each use (tests set a
	// quick backoff); nil leaves them as the settings page made them.
	Config func(*cove.Config)
	// TestTimeout bounds Test connection; 0 = CoveTestTimeout.
	TestTimeout time.Duration

	log     *slog.Logger
	metrics *coveMetrics
	audit   func(audit.Event) error
}

// tick is the scheduled task: poll when enabled and the interval has passed.
func (p *CovePoller) tick(ctx context.Context) error {
	cfg, err := p.a.Settings.Cove()
	if err != nil || !cfg.Enabled {
		return err // disabled: no call at all
	}
	p.mu.Lock()
	wait := cfg.IntervalDuration()
	if p.retrySoon {
		wait = min(wait, CoveRetryAfter)
	}
	due := time.Since(p.last) >= wait
	p.mu.Unlock()
	if !due {
		return nil
	}
	_, err = p.Poll(ctx)
	if errors.Is(err, coveimport.ErrPollRunning) {
		return nil
	}
	return err
}

// ErrCoveOff refuses a poll asked for while Cove polling is switched off.
var ErrCoveOff = errors.New("Cove polling is off; switch it on in Settings → Cove")

// PollNow is Poll for an admin's "poll now" outside the UI (the command
// line): it refuses while Cove polling is off, and when a poll is already
// running it waits for that one and answers with its outcome.
func (p *CovePoller) PollNow(ctx context.Context, by audit.Actor) (coveimport.PollResult, error) {
	cfg, err := p.a.Settings.Cove()
	if err != nil {
		return coveimport.PollResult{}, err
	}
	if !cfg.Enabled {
		return coveimport.PollResult{}, ErrCoveOff
	}
	res, err := p.PollAs(ctx, coveimport.Trigger{How: coveimport.CommandLine, By: by})
	if !errors.Is(err, coveimport.ErrPollRunning) {
		return res, err
	}
	p.running.Lock() // the running poll ends within CovePollTimeout
	p.running.Unlock()
	st, err := p.a.Cove.Status()
	if err != nil {
		return coveimport.PollResult{}, err
	}
	if st.Error != "" {
		return st.Result, errors.New(st.Explain)
	}
	return st.Result, nil
}

// Poll is a poll the appliance starts by itself (the schedule, the demo).
func (p *CovePoller) Poll(ctx context.Context) (coveimport.PollResult, error) {
	return p.PollAs(ctx, coveimport.Trigger{How: coveimport.Scheduled})
}

// PollAs reads Cove now and records the outcome for the UI, the log, the
// metrics and, when a person asked for it, the audit log.
func (p *CovePoller) PollAs(ctx context.Context, t coveimport.Trigger) (coveimport.PollResult, error) {
	if !p.running.TryLock() {
		return coveimport.PollResult{}, coveimport.ErrPollRunning
	}
	defer p.running.Unlock()
	start := time.Now()
	p.mu.Lock()
	p.last = start
	p.mu.Unlock()
	ctx, cancel := context.WithTimeout(ctx, CovePollTimeout)
	defer cancel()
	res, err := p.poll(ctx)
	p.mu.Lock()
	p.retrySoon = err != nil && !errors.Is(err, cove.ErrBadCredentials) && !errors.Is(err, cove.ErrPermission)
	p.mu.Unlock()
	st, _ := p.a.Cove.Status()
	st.Started, st.Duration, st.Result, st.Error, st.Explain = start.UTC(), time.Since(start), res, "", ""
	if err != nil {
		st.Error, st.Explain = err.Error(), cove.Explain(err)
	} else {
		st.LastSuccess = st.Started
	}
	if serr := p.a.Cove.SaveStatus(st); serr != nil && err == nil {
		err = fmt.Errorf("save the Cove poll's outcome: %w", serr)
	}
	p.report(t, res, err, st.Duration)
	return res, err
}

func (p *CovePoller) poll(ctx context.Context) (coveimport.PollResult, error) {
	cfg, err := p.a.Settings.Cove()
	if err != nil {
		return coveimport.PollResult{}, err
	}
	pw, err := p.a.Settings.CovePassword()
	if err != nil {
		return coveimport.PollResult{}, err
	}
	return p.a.Cove.Poll(ctx, p.source(cfg, pw))
}

// Test signs in with cfg (and the password typed, else the stored one)
// and counts the accounts a poll would read.
func (p *CovePoller) Test(ctx context.Context, cfg settings.Cove, typed secret.Value) (coveimport.ConnectionTest, error) {
	pw := typed
	if pw.IsZero() {
		saved, err := p.a.Settings.Cove()
		if err != nil {
			return coveimport.ConnectionTest{}, err
		}
		if err := settings.CheckCovePassword(saved, cfg, typed); err != nil {
			return coveimport.ConnectionTest{}, err
		}
		if pw, err = p.a.Settings.CovePassword(); err != nil {
			return coveimport.ConnectionTest{}, err
		}
	}
	limit := p.TestTimeout
	if limit <= 0 {
		limit = CoveTestTimeout
	}
	ctx, cancel := cove.Within(ctx, limit, "the connection test")
	defer cancel()
	return coveimport.Test(ctx, p.source(cfg, pw))
}

// Status is the last poll's outcome.
func (p *CovePoller) Status() (coveimport.PollStatus, error) { return p.a.Cove.Status() }

func (p *CovePoller) source(cfg settings.Cove, pw secret.Value) coveimport.ClientSource {
	c := cove.Config{URL: cfg.URL, Partner: cfg.Partner, Username: cfg.Username, Password: pw.Reveal(), PageSize: cfg.PageSize}
	if p.Config != nil {
		p.Config(&c)
	}
	return coveimport.ClientSource{Client: cove.New(c), PartnerID: cfg.PartnerID,
		Identity: fmt.Sprintf("%s|%s|%s|%d", cfg.URL, cfg.Partner, cfg.Username, cfg.PartnerID)}
}
