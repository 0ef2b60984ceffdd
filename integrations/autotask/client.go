// Package autotask is a client for the Autotask PSA REST API (v1.0): zone
// discovery, picklist metadata, companies, tickets, ticket notes and time
// entries, as far as a backup-monitoring appliance needs them. It is
// written against ../shared/reference/autotask-api.md, decodes leniently
// (Autotask's field casing and types drift between zones) and never creates
// a record twice on its own: a create whose outcome is unknown says so.
package autotask

import (
	"net/http"
	"strings"
	"sync"
	"time"
)

// DefaultDiscoveryURL is where every Autotask user's zone is looked up.
const DefaultDiscoveryURL = "https://webservices.autotask.net/atservicesrest/"

const (
	defaultTimeout  = 30 * time.Second
	defaultRetries  = 3
	defaultMaxPages = 200
	defaultBusyWait = 10 * time.Second
	busyPoll        = 200 * time.Millisecond // at least this between tries for a thread
	pageSize        = 500                    // Autotask's maximum and default page

	// Zones rarely move; a 401 re-resolves at once, so half a day is only
	// the bound on how long a moved zone goes unnoticed without one.
	zoneMaxAge = 12 * time.Hour

	maxBodyBytes  = 32 << 20
	maxBackoff    = 30 * time.Second
	maxRetryAfter = 60 * time.Second
)

// Config says whom to log in as. Zero values take the defaults noted on
// each field.
type Config struct {
	DiscoveryURL    string        // "" = DefaultDiscoveryURL; the zone lookup is sent without credentials
	Username        string        // the API user's user name (UserName header)
	Secret          string        // the API user's secret (Secret header)
	IntegrationCode string        // the API tracking identifier (ApiIntegrationCode header)
	Timeout         time.Duration // per HTTP request; 0 = 30s
	HTTPClient      *http.Client  // optional

	// Retries is how many attempts a retryable failure gets in all; 0 = 3,
	// 1 = no retry.
	Retries int
	// Backoff is the wait before attempt+1 after failed attempt number
	// attempt (1-based); nil = 1s, 2s, 4s... capped at 30s. A Retry-After
	// header overrides it.
	Backoff func(attempt int) time.Duration
	// BusyWait is how long requests refused by the thread limit (429:
	// other requests of this API user hold its 3 threads) keep waiting
	// their turn, however many attempts that takes; 0 = 10s. Nothing was
	// done by a refused request, so waiting is safe for a create too.
	BusyWait time.Duration
	// MaxPages caps one query; 0 = 200 pages of 500. More is an error,
	// never a silent truncation.
	MaxPages int
	// Observe, when set, hears of every request and every wait for a
	// thread (Prometheus series in the appliance).
	Observe Observer
	// Now ages the cached zone; nil = time.Now.
	Now func() time.Time
}

// Client talks to the Autotask database of one API user. It is safe for
// concurrent use; at most 3 requests per integration code are in flight in
// the whole process, which is Autotask's thread limit.
type Client struct {
	cfg   Config
	hc    *http.Client
	slots chan struct{}

	// lookupMu lets one goroutine look the zone up while the others wait
	// for its answer.
	lookupMu sync.Mutex

	mu      sync.Mutex
	zone    Zone
	zoneAt  time.Time // on cfg.Now; zero = no zone yet
	zoneGen uint64    // successful lookups so far
}

// New returns a client; it does not connect until the first call.
func New(cfg Config) *Client {
	if cfg.DiscoveryURL == "" {
		cfg.DiscoveryURL = DefaultDiscoveryURL
	}
	if !strings.HasSuffix(cfg.DiscoveryURL, "/") {
		cfg.DiscoveryURL += "/"
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = defaultTimeout
	}
	switch {
	case cfg.Retries == 0:
		cfg.Retries = defaultRetries
	case cfg.Retries < 0:
		cfg.Retries = 1
	}
	if cfg.Backoff == nil {
		cfg.Backoff = defaultBackoff
	}
	if cfg.BusyWait <= 0 {
		cfg.BusyWait = defaultBusyWait
	}
	if cfg.MaxPages <= 0 {
		cfg.MaxPages = defaultMaxPages
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	hc := cfg.HTTPClient
	if hc == nil {
		// No client-wide timeout: each attempt gets cfg.Timeout of its own.
		hc = &http.Client{}
	}
	return &Client{cfg: cfg, hc: hc, slots: slotsFor(cfg.IntegrationCode)}
}

func defaultBackoff(attempt int) time.Duration {
	d := time.Second
	for i := 1; i < attempt && d < maxBackoff; i++ {
		d *= 2
	}
	return min(d, maxBackoff)
}
