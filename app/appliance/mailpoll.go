package appliance

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/backupchecks/backupchecks/app/mailimport"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/integrations/imapmail"
	"github.com/backupchecks/backupchecks/storage"
)

// MailPoller runs mail import on the configured interval, on demand, and
// tests a connection. One poll runs at a time.
type MailPoller struct {
	a       *Appliance
	st      *storage.Store
	running sync.Mutex
	mu      sync.Mutex
	last    time.Time // start of the last poll attempt in this process
}

// tick is the scheduled task: poll when enabled and the interval has passed.
func (p *MailPoller) tick(context.Context) error {
	cfg, err := p.a.Settings.MailImport()
	if err != nil || !cfg.Enabled {
		return err // disabled: no connection at all
	}
	p.mu.Lock()
	due := time.Since(p.last) >= cfg.IntervalDuration()
	p.mu.Unlock()
	if !due {
		return nil
	}
	_, err = p.Poll()
	if errors.Is(err, mailimport.ErrPollRunning) {
		return nil
	}
	return err
}

// Poll connects and imports now, recording the outcome for the UI.
func (p *MailPoller) Poll() (mailimport.PollResult, error) {
	if !p.running.TryLock() {
		return mailimport.PollResult{}, mailimport.ErrPollRunning
	}
	defer p.running.Unlock()
	start := time.Now()
	p.mu.Lock()
	p.last = start
	p.mu.Unlock()
	res, err := p.poll()
	if err != nil && res.Err == "" {
		res.Errors++
		res.Err = err.Error()
	}
	st, _ := p.st.PollStatus()
	st.Started, st.Took, st.Result = start.UTC(), time.Since(start), res
	if res.Errors == 0 {
		st.LastSuccess = st.Started
	}
	if serr := p.st.SavePollStatus(st); serr != nil && err == nil {
		err = serr
	}
	return res, err
}

func (p *MailPoller) poll() (mailimport.PollResult, error) {
	cfg, err := p.a.Settings.MailImport()
	if err != nil {
		return mailimport.PollResult{}, err
	}
	sec, err := p.a.Settings.MailSecrets()
	if err != nil {
		return mailimport.PollResult{}, err
	}
	mb, closeFn, err := OpenMailbox(imapConfig(cfg, sec))
	if err != nil {
		return mailimport.PollResult{}, err
	}
	defer closeFn()
	g, _ := p.a.Settings.General()
	return p.a.Mail.Poll(mb, p.st, mailimport.PollConfig{Folder: cfg.Folder, Processed: cfg.Processed, Cutoff: cfg.CutoffTime(g.Location())})
}

// Test signs in with cfg (and the secrets typed, else the stored ones) and
// reports what the server offers, without importing anything.
func (p *MailPoller) Test(cfg settings.MailImport, typed settings.MailSecrets) (mailimport.ConnectionTest, error) {
	sec, err := p.a.Settings.MailSecrets()
	if err != nil {
		return mailimport.ConnectionTest{}, err
	}
	saved, err := p.a.Settings.MailImport()
	if err != nil {
		return mailimport.ConnectionTest{}, err
	}
	if err := settings.CheckMailSecrets(saved, cfg, typed); err != nil {
		return mailimport.ConnectionTest{}, err
	}
	if !typed.Password.IsZero() {
		sec.Password = typed.Password
	}
	if !typed.ClientSecret.IsZero() {
		sec.ClientSecret = typed.ClientSecret
	}
	c, err := imapmail.Dial(imapConfig(cfg, sec))
	if err != nil {
		return mailimport.ConnectionTest{}, err
	}
	defer c.Close()
	var t mailimport.ConnectionTest
	t.Capabilities = c.Capabilities()
	if t.Folders, err = c.Folders(); err != nil {
		return t, err
	}
	_, t.Messages, err = c.Select(cfg.Folder)
	return t, err
}

// Status is the last poll's outcome.
func (p *MailPoller) Status() (mailimport.PollStatus, error) { return p.st.PollStatus() }

func imapConfig(cfg settings.MailImport, sec settings.MailSecrets) imapmail.Config {
	c := imapmail.Config{Addr: cfg.Addr(), Security: imapmail.Security(cfg.Security), Username: cfg.Username, Password: sec.Password.Reveal(), Timeout: 30 * time.Second}
	if cfg.Auth == "oauth2" {
		tokenURL := cfg.TokenURL
		if tokenURL == "" {
			tokenURL = imapmail.Microsoft365TokenURL(cfg.TenantID)
		}
		c.Token = imapmail.ClientCredentials(tokenURL, cfg.ClientID, sec.ClientSecret.Reveal())
	}
	return c
}
