package psa

import (
	"context"
	"crypto/subtle"
	"errors"
	"time"

	"github.com/backupchecks/backupchecks/app/secret"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/integrations/autotask"
)

// ErrNoSecret means neither a typed nor a stored secret is there to sign in with.
var ErrNoSecret = errors.New("enter the API user's secret: none is stored yet")

// formCallTimeout bounds what a click on Settings → Autotask waits for.
const formCallTimeout = 2 * time.Minute

// ConnectionTest is what "Test connection" found. Only the zone and the
// threshold must be readable for the connection to work; the API user's
// resource and the ticket picklists are reported, since a tenant's
// security level may close them, and each says what that means.
type ConnectionTest struct {
	Zone      autotask.Zone      // where the API user's database lives
	Threshold autotask.Threshold // the hourly request budget and its use
	User      autotask.Resource  // the API user's resource; zero when unreadable
	// UserUnreadable says why the resource could not be read; tickets do
	// not need it.
	UserUnreadable string
	// Picklists are the ticket picklists as read (queues, sources,
	// statuses, priorities, note types and publish values), unless
	// PicklistsUnreadable says why they could not be. Nothing is saved.
	Picklists           settings.Picklists
	PicklistsUnreadable string
}

// ResourceName is the API user's name as Autotask shows it on tickets.
func (t ConnectionTest) ResourceName() string { return t.User.Name() }

// TestConnection signs in with the form's settings cfg (not saved) and the
// typed secret, else the stored one, and reports the zone and the request
// threshold (a sign-in that works), then whether the ticket picklists and
// the API user's resource are readable; it changes nothing. The client is
// built for this test only, never the cached one, so a test cannot change
// what tickets use; it calls Autotask also while the integration is off,
// since testing before switching on is the point. The connection's health
// is recorded only when cfg is the saved, enabled connection.
func (s *Service) TestConnection(ctx context.Context, cfg settings.Autotask, typed secret.Value) (ConnectionTest, error) {
	api, saved, err := s.formClient(cfg, typed)
	if err != nil {
		return ConnectionTest{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, formCallTimeout)
	defer cancel()
	note := func(err error) {
		if saved {
			s.noteHealth("test the connection", err)
		}
	}
	var t ConnectionTest
	if t.Zone, err = api.Zone(ctx); err != nil {
		note(err)
		return t, &CallError{Op: "look up the API user's zone", Err: err}
	}
	if t.Threshold, err = api.Threshold(ctx); err != nil {
		note(err)
		return t, &CallError{Op: "read the request threshold", Err: err}
	}
	note(nil)
	if t.Picklists, err = s.readPicklists(ctx, api); err != nil {
		t.PicklistsUnreadable = autotask.Explain(err)
	}
	if t.User, err = api.APIUser(ctx); err != nil {
		t.User = autotask.Resource{}
		t.UserUnreadable = autotask.Explain(err)
	}
	return t, nil
}

// formClient builds a client from a form's settings: the typed secret,
// else the stored one, through s.connect (never the cache). saved tells
// whether it is the saved, enabled connection, whose health a call may
// record.
func (s *Service) formClient(cfg settings.Autotask, typed secret.Value) (API, bool, error) {
	stored, err := s.settings.AutotaskSecret()
	if err != nil {
		return nil, false, err
	}
	if cur, err := s.settings.Autotask(); err != nil {
		return nil, false, err
	} else if err := settings.CheckAutotaskSecret(cur, cfg, typed); err != nil {
		return nil, false, err
	}
	sec := typed
	if sec.IsZero() {
		sec = stored
	}
	if sec.IsZero() {
		return nil, false, ErrNoSecret
	}
	if cfg.DiscoveryURL == "" {
		cfg.DiscoveryURL = settings.DefaultAutotaskDiscoveryURL
	}
	saved := false
	if cur, err := s.settings.Autotask(); err == nil && cur.Enabled {
		saved = cur.DiscoveryURL == cfg.DiscoveryURL && cur.Username == cfg.Username && cur.IntegrationCode == cfg.IntegrationCode &&
			subtle.ConstantTimeCompare([]byte(sec.Reveal()), []byte(stored.Reveal())) == 1
	}
	return s.connect(cfg, sec), saved, nil
}
