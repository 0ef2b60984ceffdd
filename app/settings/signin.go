package settings

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/secret"
)

// SignIn is Settings → Sign-in: single sign-on with Microsoft Entra ID or
// any OpenID Connect provider, and whether local passwords stay allowed.
type SignIn struct {
	Enabled      bool          `json:"enabled"`
	Issuer       string        `json:"issuer"` // https://login.microsoftonline.com/<tenant>/v2.0
	ClientID     string        `json:"client_id"`
	ClientSecret secret.Sealed `json:"client_secret,omitempty"`
	// Tenants are the Entra tenant IDs (the tid claim) allowed; none: any.
	Tenants []string `json:"tenants,omitempty"`
	// RoleClaim holds the values that map to roles (Entra: groups or
	// roles); a user whose values map to none is refused.
	RoleClaim string   `json:"role_claim"`
	Admins    []string `json:"admins,omitempty"`
	Operators []string `json:"operators,omitempty"`
	Reporters []string `json:"reporters,omitempty"`
	// LocalPasswords off: only single sign-on, except for the first
	// admin, so nobody is locked out when the provider is.
	LocalPasswords bool      `json:"local_passwords"`
	Saved          time.Time `json:"saved,omitzero"`
}

// DefaultSignIn is a new appliance's: local passwords only.
func DefaultSignIn() SignIn { return SignIn{RoleClaim: "groups", LocalPasswords: true} }

// ProviderName names the provider on the sign-in button.
func (s SignIn) ProviderName() string {
	if strings.Contains(s.Issuer, "login.microsoftonline.com") {
		return "Microsoft"
	}
	if u, err := url.Parse(s.Issuer); err == nil && u.Host != "" {
		return u.Hostname()
	}
	return "single sign-on"
}

// ParseList reads IDs separated by commas, semicolons, spaces or lines.
func ParseList(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == '\r' || r == ' ' || r == '\t' }) {
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// Normalize validates the settings.
func (s *SignIn) Normalize() error {
	s.Issuer, s.ClientID, s.RoleClaim = strings.TrimRight(strings.TrimSpace(s.Issuer), "/"), strings.TrimSpace(s.ClientID), strings.TrimSpace(s.RoleClaim)
	if s.RoleClaim == "" {
		s.RoleClaim = "groups"
	}
	errs := FieldErrors{}
	if s.Issuer != "" || s.Enabled {
		u, err := url.Parse(s.Issuer)
		if err != nil || u.Host == "" || (u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname()))) {
			errs["issuer"] = "Enter the issuer as an https:// address, for Microsoft https://login.microsoftonline.com/<tenant ID>/v2.0."
		}
	}
	if s.Enabled && s.ClientID == "" {
		errs["client_id"] = "Enter the application (client) ID of the app registration."
	}
	if s.Enabled && len(s.Admins)+len(s.Operators)+len(s.Reporters) == 0 {
		errs["admins"] = "Map at least one group or value to a role: users who map to none cannot sign in."
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// SignIn returns Settings → Sign-in (the secret stays sealed).
func (s *Service) SignIn() (SignIn, error) { return s.store.SignIn() }

// SignInSecret opens the client secret.
func (s *Service) SignInSecret() (secret.Value, error) {
	c, err := s.store.SignIn()
	if err != nil {
		return secret.Value{}, err
	}
	return s.open(c.ClientSecret)
}

// SaveSignIn validates and stores the settings; an empty secret keeps the stored one.
func (s *Service) SaveSignIn(c SignIn, sec secret.Value, by audit.Actor) (SignIn, error) {
	old, err := s.store.SignIn()
	if err != nil {
		return c, err
	}
	if c.ClientSecret, err = s.seal(sec, old.ClientSecret); err != nil {
		return c, fmt.Errorf("seal the client secret: %w", err)
	}
	if err := c.Normalize(); err != nil {
		return c, err
	}
	if err := CheckSignInSecret(old, c, sec); err != nil {
		return c, asFields(err)
	}
	if c.Enabled && c.ClientSecret.IsZero() {
		return c, FieldErrors{"client_secret": "Enter the client secret of the app registration."}
	}
	var ch changes
	ch.diff("single sign-on", old.Enabled, c.Enabled)
	ch.diff("issuer", old.Issuer, c.Issuer)
	ch.diff("client ID", old.ClientID, c.ClientID)
	ch.diff("tenants", strings.Join(old.Tenants, ","), strings.Join(c.Tenants, ","))
	ch.diff("role claim", old.RoleClaim, c.RoleClaim)
	ch.diff("admins", strings.Join(old.Admins, ","), strings.Join(c.Admins, ","))
	ch.diff("operators", strings.Join(old.Operators, ","), strings.Join(c.Operators, ","))
	ch.diff("reporters", strings.Join(old.Reporters, ","), strings.Join(c.Reporters, ","))
	ch.diff("local passwords", old.LocalPasswords, c.LocalPasswords)
	if !sec.IsZero() {
		ch.note("client secret changed")
	}
	c.Saved = time.Now().UTC()
	return c, s.store.SaveSignIn(c, audit.New(by, audit.SettingsSignIn, "sign-in", ch.String()))
}
