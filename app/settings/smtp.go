package settings

import (
	"fmt"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/secret"
)

// SMTP is Settings → Notifications → Mail: the server the appliance sends
// its own mail through (the daily digest, scheduled reports), and the
// digest's recipients and time.
type SMTP struct {
	Enabled  bool          `json:"enabled"`
	Host     string        `json:"host"`
	Port     int           `json:"port"`
	Security string        `json:"security"` // starttls, tls, none (loopback only)
	Username string        `json:"username,omitempty"`
	Password secret.Sealed `json:"password,omitempty"`
	From     string        `json:"from"` // "Backupchecks <backups@msp.example>"
	// Recipients receive the daily digest.
	Recipients []string `json:"recipients,omitempty"`
	Digest     bool     `json:"digest"`
	DigestAt   string   `json:"digest_at"` // HH:MM in the appliance's time zone
	// Weekdays sends the digest Monday to Friday only; Monday's covers the weekend.
	Weekdays bool      `json:"weekdays"`
	Saved    time.Time `json:"saved,omitzero"`
}

// DefaultSMTP is a new appliance's: off.
func DefaultSMTP() SMTP {
	return SMTP{Port: 587, Security: "starttls", DigestAt: "07:30", Weekdays: true}
}

// Addr is host:port.
func (m SMTP) Addr() string { return net.JoinHostPort(m.Host, strconv.Itoa(m.Port)) }

// DigestOffset is the digest's time after midnight.
func (m SMTP) DigestOffset() time.Duration {
	t, err := time.Parse("15:04", m.DigestAt)
	if err != nil {
		return 0
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute
}

// ParseAddresses reads addresses separated by commas, semicolons or lines,
// as people paste them, into plain addresses.
func ParseAddresses(s string) ([]string, error) {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == '\r' })
	var out []string
	for _, f := range fields {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		a, err := mail.ParseAddress(f)
		if err != nil {
			return nil, fmt.Errorf("%q is not a mail address", f)
		}
		out = append(out, a.Address)
	}
	return out, nil
}

// Normalize trims, fills defaults and validates.
func (m *SMTP) Normalize() error {
	d := DefaultSMTP()
	m.Host, m.Username, m.From, m.DigestAt = strings.TrimSpace(m.Host), strings.TrimSpace(m.Username), strings.TrimSpace(m.From), strings.TrimSpace(m.DigestAt)
	if m.Security == "" {
		m.Security = d.Security
	}
	if m.DigestAt == "" {
		m.DigestAt = d.DigestAt
	}
	errs := FieldErrors{}
	if m.Enabled && m.Host == "" {
		errs["smtp_host"] = "Enter the SMTP server's host name, such as smtp.office365.com."
	}
	if m.Port < 1 || m.Port > 65535 {
		errs["smtp_port"] = "Enter a port between 1 and 65535 (587 for STARTTLS, 465 for TLS)."
	}
	switch m.Security {
	case "tls", "starttls":
	case "none":
		if m.Host != "" && !isLoopback(m.Host) {
			errs["smtp_security"] = "Without encryption only a relay on this machine (localhost) is allowed: the password and customer names would cross the network in the clear. Choose STARTTLS or TLS."
		}
	default:
		errs["smtp_security"] = "Choose STARTTLS, TLS or none."
	}
	if m.From != "" {
		if a, err := mail.ParseAddress(m.From); err != nil {
			errs["smtp_from"] = "Enter the sender as an address, such as Backupchecks <backups@msp.example>."
		} else {
			m.From = a.String()
		}
	} else if m.Enabled {
		errs["smtp_from"] = "Enter the sender address the server allows this account to send as."
	}
	if _, err := time.Parse("15:04", m.DigestAt); err != nil {
		errs["digest_at"] = "Enter the digest's time as HH:MM, such as 07:30."
	}
	if m.Digest && len(m.Recipients) == 0 {
		errs["recipients"] = "Enter who receives the digest, or turn the digest off."
	}
	if len(m.Recipients) > 50 {
		errs["recipients"] = "Send the digest to at most 50 addresses; use a distribution list for more."
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// SMTP returns the mail settings (the password stays sealed).
func (s *Service) SMTP() (SMTP, error) { return s.store.SMTP() }

// SMTPPassword opens the stored SMTP password.
func (s *Service) SMTPPassword() (secret.Value, error) {
	m, err := s.store.SMTP()
	if err != nil {
		return secret.Value{}, err
	}
	return s.open(m.Password)
}

// SaveSMTP validates and stores the mail settings; an empty password keeps
// the stored one (it is never shown, so the form cannot send it back).
func (s *Service) SaveSMTP(m SMTP, password secret.Value, by audit.Actor) (SMTP, error) {
	old, err := s.store.SMTP()
	if err != nil {
		return m, err
	}
	if m.Password, err = s.seal(password, old.Password); err != nil {
		return m, fmt.Errorf("seal the SMTP password: %w", err)
	}
	if m.Username == "" {
		m.Password = nil // no sign-in, nothing to keep
	}
	if err := m.Normalize(); err != nil {
		return m, err
	}
	if m.Enabled && m.Username != "" && m.Password.IsZero() {
		return m, FieldErrors{"smtp_password": "Enter the SMTP account's password."}
	}
	var ch changes
	ch.diff("sending", old.Enabled, m.Enabled)
	ch.diff("host", old.Host, m.Host)
	ch.diff("port", old.Port, m.Port)
	ch.diff("security", old.Security, m.Security)
	ch.diff("username", old.Username, m.Username)
	ch.diff("sender", old.From, m.From)
	ch.diff("digest recipients", strings.Join(old.Recipients, ", "), strings.Join(m.Recipients, ", "))
	ch.diff("daily digest", old.Digest, m.Digest)
	ch.diff("digest at", old.DigestAt, m.DigestAt)
	ch.diff("weekdays only", old.Weekdays, m.Weekdays)
	if !password.IsZero() {
		ch.note("password changed")
	}
	m.Saved = time.Now().UTC()
	return m, s.store.SaveSMTP(m, audit.New(by, audit.SettingsNotify, "mail sending", ch.String()))
}
