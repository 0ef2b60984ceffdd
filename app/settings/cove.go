package settings

import (
	"net/url"
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/app/secret"
)

// DefaultCoveURL is N-able's JSON-RPC endpoint.
const DefaultCoveURL = "https://api.backup.management/jsonapi"

// Cove is Settings → Integrations → Cove Data Protection.
type Cove struct {
	Enabled bool   `json:"enabled"`
	URL     string `json:"url"`
	// Partner is Login's "partner": the name exactly as the Cove console's
	// customer list shows it; may be empty for API users.
	Partner  string        `json:"partner"`
	Username string        `json:"username"`
	Password secret.Sealed `json:"password,omitempty"` // password or API-user token
	// PartnerID is whose devices are polled; 0 means the one Login returns.
	PartnerID int64 `json:"partner_id,omitempty"`
	Interval  int   `json:"interval"`  // minutes between polls
	PageSize  int   `json:"page_size"` // accounts per call
	// How long workstations may go without a session is Settings →
	// General's silence default for workstations (migrated from here).
	Saved time.Time `json:"saved"`
}

// DefaultCove is what a new appliance starts with: off.
func DefaultCove() Cove {
	return Cove{URL: DefaultCoveURL, Interval: 30, PageSize: 1000}
}

// IntervalDuration is the poll interval.
func (c Cove) IntervalDuration() time.Duration { return time.Duration(c.Interval) * time.Minute }

// Normalize trims the fields, fills defaults and validates.
func (c *Cove) Normalize() error {
	c.URL, c.Partner, c.Username = strings.TrimSpace(c.URL), strings.TrimSpace(c.Partner), strings.TrimSpace(c.Username)
	if c.URL == "" {
		c.URL = DefaultCoveURL
	}
	errs := FieldErrors{}
	if u, err := url.Parse(c.URL); err != nil || u.Host == "" || (u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname()))) {
		errs["url"] = "Enter the API address as an https:// URL (the default is " + DefaultCoveURL + ")."
	}
	if c.Enabled && c.Username == "" {
		errs["username"] = "Enter the API user's name (Management → Users → API Users in the Cove console)."
	}
	if c.PartnerID < 0 {
		errs["partner_id"] = "Enter a partner ID, or leave it empty to use the one the sign-in returns."
	}
	if c.Interval < 5 || c.Interval > 1440 {
		errs["interval"] = "Poll every 5 to 1440 minutes."
	}
	if c.PageSize < 50 || c.PageSize > 5000 {
		errs["page_size"] = "Choose a page size of 50 to 5000 accounts."
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}
