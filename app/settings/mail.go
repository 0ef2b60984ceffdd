package settings

import (
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/app/secret"
)

// MailImport is Settings → Mail import.
type MailImport struct {
	Enabled  bool          `json:"enabled"`
	Host     string        `json:"host"`
	Port     int           `json:"port"`
	Security string        `json:"security"` // tls, starttls, none (loopback only)
	Username string        `json:"username"`
	Auth     string        `json:"auth"` // password, or oauth2 (Microsoft 365 client credentials)
	Password secret.Sealed `json:"password,omitempty"`
	TenantID string        `json:"tenant_id,omitempty"`
	ClientID string        `json:"client_id,omitempty"`
	// ClientSecret is the app's secret for the client-credentials grant.
	ClientSecret secret.Sealed `json:"client_secret,omitempty"`
	// TokenURL is the OAuth2 token endpoint; empty means Microsoft's for the tenant.
	TokenURL  string    `json:"token_url,omitempty"`
	Folder    string    `json:"folder"`    // where reports arrive
	Processed string    `json:"processed"` // where imported mail goes (created if missing)
	Interval  int       `json:"interval"`  // minutes between polls
	Cutoff    string    `json:"cutoff"`    // YYYY-MM-DD; mail received before it is left alone
	MaxSizeMB int       `json:"max_size_mb"`
	Saved     time.Time `json:"saved"`
}

// DefaultMailImport is what a new appliance starts with: off.
func DefaultMailImport() MailImport {
	return MailImport{Port: 993, Security: "tls", Auth: "password", Folder: "INBOX", Processed: "Backupchecks/Processed", Interval: 5, MaxSizeMB: 25}
}

// IntervalDuration is the poll interval.
func (m MailImport) IntervalDuration() time.Duration { return time.Duration(m.Interval) * time.Minute }

// CutoffTime is the start of the cutoff day in loc (zero when none).
func (m MailImport) CutoffTime(loc *time.Location) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, m.Cutoff, loc)
	if err != nil {
		return time.Time{}
	}
	return t
}

// Normalize trims the fields, fills defaults and validates.
func (m *MailImport) Normalize() error {
	d := DefaultMailImport()
	m.Host, m.Username = strings.TrimSpace(m.Host), strings.TrimSpace(m.Username)
	m.Folder, m.Processed, m.Cutoff = strings.TrimSpace(m.Folder), strings.TrimSpace(m.Processed), strings.TrimSpace(m.Cutoff)
	if m.Folder == "" {
		m.Folder = d.Folder
	}
	if m.Security == "" {
		m.Security = d.Security
	}
	if m.Auth == "" {
		m.Auth = d.Auth
	}
	m.TenantID, m.ClientID, m.TokenURL = strings.TrimSpace(m.TenantID), strings.TrimSpace(m.ClientID), strings.TrimSpace(m.TokenURL)
	errs := FieldErrors{}
	if m.Enabled && m.Host == "" {
		errs["host"] = "Enter the IMAP server's host name."
	}
	if m.Port < 1 || m.Port > 65535 {
		errs["port"] = "Enter a port between 1 and 65535 (993 for TLS, 143 for STARTTLS)."
	}
	switch m.Security {
	case "tls", "starttls":
	case "none":
		if m.Host != "" && !isLoopback(m.Host) {
			errs["security"] = "Without encryption only a server on this machine (localhost) is allowed; choose TLS or STARTTLS."
		}
	default:
		errs["security"] = "Choose TLS, STARTTLS or none."
	}
	if m.Enabled && m.Username == "" {
		errs["username"] = "Enter the mailbox user name (the mailbox address for Microsoft 365)."
	}
	switch m.Auth {
	case "password":
	case "oauth2":
		if m.Enabled && (m.TenantID == "" || m.ClientID == "") {
			errs["client_id"] = "Enter the tenant ID and the app's client ID."
		}
		if m.TokenURL != "" {
			if u, err := url.Parse(m.TokenURL); err != nil || (u.Scheme != "https" && !isLoopback(u.Hostname())) {
				errs["token_url"] = "Enter the token endpoint as an https:// address, or leave it empty for Microsoft's."
			}
		}
	default:
		errs["auth"] = "Choose password or Microsoft 365 (OAuth2)."
	}
	if m.Processed == m.Folder && m.Processed != "" {
		errs["processed"] = "The processed folder must differ from the folder that is read."
	}
	if m.Interval < 1 || m.Interval > 1440 {
		errs["interval"] = "Poll every 1 to 1440 minutes."
	}
	if m.MaxSizeMB < 1 || m.MaxSizeMB > 50 {
		errs["max_size_mb"] = "Choose a maximum mail size of 1 to 50 MB."
	}
	if m.Cutoff != "" {
		if _, err := time.Parse(time.DateOnly, m.Cutoff); err != nil {
			errs["cutoff"] = "Enter the cutoff date as YYYY-MM-DD, or leave it empty."
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Addr is host:port.
func (m MailImport) Addr() string { return net.JoinHostPort(m.Host, strconv.Itoa(m.Port)) }
