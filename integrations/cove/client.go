// Package cove is a client for the N-able Cove Data Protection JSON-RPC
// management API: log in, keep the session visa alive, and page the device
// statistics an importer turns into backup runs. It is written against
// what public sources show of the API (Cove publishes no formal spec), so it
// decodes leniently and never trusts a reply's shape.
package cove

import (
	"net/http"
	"net/url"
	"sync"
	"time"
)

// DefaultURL is Cove's one JSON-RPC endpoint.
const DefaultURL = "https://api.backup.management/jsonapi"

const (
	defaultPageSize = 1000
	defaultMaxPages = 1000
	defaultTimeout  = 60 * time.Second
	defaultRetries  = 3
	// DefaultPageTimeout bounds one page of the account list (and a login),
	// retries included: a Cove that does not answer must not hold a poll
	// for the retries' sum of minutes.
	DefaultPageTimeout = 60 * time.Second

	// A visa lives 15 minutes on Cove's clock; logging in again two minutes
	// early keeps a slow call from starting with a visa about to expire.
	visaMaxAge = 13 * time.Minute

	maxReplyBytes = 256 << 20
	maxBackoff    = 30 * time.Second
	maxRetryAfter = 60 * time.Second
)

// Config says where and as whom to connect. Zero values take the defaults
// noted on each field.
type Config struct {
	URL      string        // "" = DefaultURL
	Partner  string        // Login "partner" param, may be empty (always sent)
	Username string        // console e-mail or API user name
	Password string        // password or API-user token
	PageSize int           // RecordsCount; 0 = 1000
	MaxPages int           // page cap; 0 = 1000; exceeding it is an error, never a silent truncation
	Timeout  time.Duration // per HTTP request; 0 = 60s
	// PageTimeout bounds one page of Statistics, or one Login, with its
	// retries; 0 = DefaultPageTimeout.
	PageTimeout time.Duration
	HTTPClient  *http.Client // optional

	// Now is the clock that ages the visa for the proactive re-login;
	// nil = time.Now.
	Now func() time.Time
	// Backoff is the wait before retry number attempt (1-based); nil = 1s,
	// 2s, 4s... capped at 30s. A Retry-After header overrides it.
	Backoff func(attempt int) time.Duration
	// MaxRetries is how often one call is retried after a transport error,
	// HTTP 5xx or 429; 0 = 3, negative = never.
	MaxRetries int
}

// Client talks to one Cove account. It is safe for concurrent use: calls
// share one session visa.
type Client struct {
	cfg  Config
	hc   *http.Client
	host string

	// loginMu lets one goroutine log in while the others wait for the
	// fresh visa instead of each starting a session of its own.
	loginMu sync.Mutex

	mu     sync.Mutex
	visa   string
	visaAt time.Time // when the current visa arrived, on cfg.Now
	logins uint64    // successful logins so far
}

// New returns a client; it does not connect until the first call.
func New(cfg Config) *Client {
	if cfg.URL == "" {
		cfg.URL = DefaultURL
	}
	if cfg.PageSize <= 0 {
		cfg.PageSize = defaultPageSize
	}
	if cfg.MaxPages <= 0 {
		cfg.MaxPages = defaultMaxPages
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = defaultTimeout
	}
	if cfg.PageTimeout <= 0 {
		cfg.PageTimeout = DefaultPageTimeout
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Backoff == nil {
		cfg.Backoff = defaultBackoff
	}
	switch {
	case cfg.MaxRetries == 0:
		cfg.MaxRetries = defaultRetries
	case cfg.MaxRetries < 0:
		cfg.MaxRetries = 0
	}
	hc := cfg.HTTPClient
	if hc == nil {
		// No client-wide timeout: each attempt gets cfg.Timeout of its own.
		hc = &http.Client{}
	}
	host := cfg.URL
	if u, err := url.Parse(cfg.URL); err == nil && u.Host != "" {
		host = u.Host
	}
	return &Client{cfg: cfg, hc: hc, host: host}
}

func defaultBackoff(attempt int) time.Duration {
	d := time.Second
	for i := 1; i < attempt && d < maxBackoff; i++ {
		d *= 2
	}
	return min(d, maxBackoff)
}

// session returns the visa to send, whether it is still fresh, and the
// login generation it belongs to.
func (c *Client) session() (visa string, fresh bool, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	fresh = c.visa != "" && c.cfg.Now().Sub(c.visaAt) < visaMaxAge
	return c.visa, fresh, c.logins
}

// adopt keeps the visa of a reply: Cove mints one per response and each
// stays valid 15 minutes from its own issue, so the newest is the best.
// An unchanged visa does not reset its age.
func (c *Client) adopt(visa string) {
	if visa == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if visa != c.visa {
		c.visa, c.visaAt = visa, c.cfg.Now()
	}
}

// loggedIn records the visa of a successful Login.
func (c *Client) loggedIn(visa string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.visa, c.visaAt = visa, c.cfg.Now()
	c.logins++
}
