// Package settings holds the appliance-wide settings an admin edits.
package settings

import (
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/backupchecks/backupchecks/app/silence"
)

// General is Settings → General.
type General struct {
	// MSPName heads the reports an MSP hands its customers.
	MSPName        string `json:"msp_name,omitempty"`
	TimeZone       string `json:"time_zone"`        // IANA name; the UI shows times and days in it
	BaseURL        string `json:"base_url"`         // how users reach the appliance; used for deep links
	DailyJobsStart string `json:"daily_jobs_start"` // YYYY-MM-DD; no missed runs are raised before it
	DayStart       string `json:"day_start"`        // HH:MM; a run before it belongs to the previous business day
	// SuccessNeedsReview puts successful runs in the review queue too;
	// off, they are reviewed automatically when recorded.
	SuccessNeedsReview bool `json:"success_needs_review"`
	// RequireTOTPAdmins sends an admin without two-factor codes to set
	// them up before anything else.
	RequireTOTPAdmins bool `json:"require_totp_admins,omitempty"`
	// Silence is the silence bound per kind of job where no operator,
	// schedule or history sets one (workstations: instead of the schedule).
	Silence silence.Defaults `json:"silence"`
	// NoSuccessTimes is N in the watch condition "no success within N ×
	// the job's silence bound".
	NoSuccessTimes int `json:"no_success_times"`
	// ReviewWhenRecovered reviews a failed, warning or missed run, as the
	// appliance, once a later run of its job succeeds. Off by default.
	ReviewWhenRecovered bool `json:"review_when_recovered,omitempty"`
	// TrustedProxies are the reverse proxies (addresses or CIDR ranges)
	// whose X-Forwarded-For and X-Forwarded-Proto are believed. None by
	// default: the connecting address is the client's.
	TrustedProxies []string  `json:"trusted_proxies,omitempty"`
	Saved          time.Time `json:"saved"` // zero until an admin saved the form once
}

// DefaultGeneral is what a new data directory starts with.
func DefaultGeneral() General {
	return General{TimeZone: "UTC", DayStart: "00:00", Silence: silence.DefaultDefaults(), NoSuccessTimes: silence.DefaultNoSuccessTimes}
}

// DayOffset is how far after midnight the business day starts.
func (g General) DayOffset() time.Duration {
	t, err := time.Parse("15:04", g.DayStart)
	if err != nil {
		return 0
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute
}

// Location returns the UI time zone (UTC if the stored name no longer loads).
func (g General) Location() *time.Location {
	if loc, ok := locations.Load(g.TimeZone); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(g.TimeZone)
	if err != nil {
		return time.UTC
	}
	locations.Store(g.TimeZone, loc)
	return loc
}

// locations keeps the zones loaded: every recorded run asks for its day,
// and loading a zone reads and parses its tzdata file.
var locations sync.Map // name → *time.Location

// FieldErrors maps a form field to what is wrong with it.
type FieldErrors map[string]string

func (f FieldErrors) Error() string {
	for _, msg := range f {
		return msg
	}
	return ""
}

// Normalize trims the fields and validates them.
func (g *General) Normalize() error {
	g.MSPName = strings.TrimSpace(g.MSPName)
	g.TimeZone = strings.TrimSpace(g.TimeZone)
	g.BaseURL = strings.TrimRight(strings.TrimSpace(g.BaseURL), "/")
	g.DailyJobsStart = strings.TrimSpace(g.DailyJobsStart)
	g.DayStart = strings.TrimSpace(g.DayStart)
	if g.DayStart == "" {
		g.DayStart = "00:00"
	}
	if g.Silence == (silence.Defaults{}) {
		g.Silence = silence.DefaultDefaults() // not given
	}
	if g.NoSuccessTimes == 0 {
		g.NoSuccessTimes = silence.DefaultNoSuccessTimes
	}
	errs := FieldErrors{}
	if len(g.MSPName) > 120 {
		errs["msp_name"] = "Keep the company name under 120 characters."
	}
	if _, err := time.LoadLocation(g.TimeZone); err != nil || g.TimeZone == "" || g.TimeZone == "Local" {
		errs["time_zone"] = "Choose a time zone from the list (an IANA name such as Europe/Amsterdam)."
	}
	if g.BaseURL != "" {
		if msg := CheckBaseURL(g.BaseURL); msg != "" {
			errs["base_url"] = msg
		}
	}
	if g.DailyJobsStart != "" {
		if _, err := time.Parse(time.DateOnly, g.DailyJobsStart); err != nil {
			errs["daily_jobs_start"] = "Enter the start date as YYYY-MM-DD."
		}
	}
	if t, err := time.Parse("15:04", g.DayStart); err != nil || t.Hour() > 12 {
		errs["day_start"] = "Enter the time the business day starts as HH:MM, between 00:00 and 12:00."
	}
	if d := g.Silence; d.Server < 1 || d.Server > silence.MaxHistoryDays {
		errs["silence_server"] = "Enter 1 to 35 days for servers and mail jobs."
	}
	if d := g.Silence; d.M365 < 1 || d.M365 > silence.MaxHistoryDays {
		errs["silence_m365"] = "Enter 1 to 35 days for Microsoft 365."
	}
	if d := g.Silence; d.Workstation < 0 || d.Workstation > 60 {
		errs["silence_workstation"] = "Enter 1 to 60 days for workstations, or 0 to treat them as servers."
	}
	for _, p := range g.TrustedProxies {
		if _, err := parseProxy(p); err != nil {
			errs["trusted_proxies"] = "\"" + p + "\" is not an address or range: enter addresses such as 10.0.0.5 or ranges such as 10.0.0.0/24, separated by spaces or commas."
			break
		}
	}
	if len(g.TrustedProxies) > 50 {
		errs["trusted_proxies"] = "Enter at most 50 trusted proxies; use ranges such as 10.0.0.0/24."
	}
	if g.NoSuccessTimes < 1 || g.NoSuccessTimes > 10 {
		errs["no_success_times"] = "Enter 1 to 10 times the job's silence bound."
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// CheckBaseURL explains what is wrong with a base URL, or returns "".
func CheckBaseURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "Enter the full address users open, such as https://backups.example.com."
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "The base URL must not contain credentials, a query or a fragment."
	}
	return ""
}

// ProxyPrefixes parses the trusted proxies (addresses or CIDR ranges);
// entries that do not parse are skipped (Normalize refuses them on save).
func ProxyPrefixes(list []string) []netip.Prefix {
	var out []netip.Prefix
	for _, s := range list {
		if p, err := parseProxy(s); err == nil {
			out = append(out, p)
		}
	}
	return out
}

func parseProxy(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		return p.Masked(), err
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}
