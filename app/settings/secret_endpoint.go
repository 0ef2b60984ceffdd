package settings

import (
	"strings"

	"github.com/backupchecks/backupchecks/app/secret"
)

// A stored secret is only ever sent where it was entered for. When a form
// moves a connection to another endpoint (a URL, a mail server, an
// issuer) and leaves the secret blank, the stored one is not carried
// along: the admin types it again. Otherwise anyone who may edit the form
// could point it at a listener of their own and receive the secret.

// ReenterSecret refuses to send or keep a stored secret for a changed
// endpoint; Field names the form field to fill in.
type ReenterSecret struct {
	Field, Sentence string
}

func (e *ReenterSecret) Error() string { return e.Sentence }

// Fields is the refusal as a form's field errors.
func (e *ReenterSecret) Fields() FieldErrors { return FieldErrors{e.Field: e.Sentence} }

// asFields turns a Check's refusal into field errors for a save.
func asFields(err error) error {
	if re, ok := err.(*ReenterSecret); ok {
		return re.Fields()
	}
	return err
}

// sameEndpoint compares two endpoints as typed: case, surrounding space
// and a trailing slash aside.
func sameEndpoint(a, b string) bool {
	norm := func(s string) string { return strings.TrimRight(strings.ToLower(strings.TrimSpace(s)), "/") }
	return norm(a) == norm(b)
}

// secretFollows says whether a blank typed secret may stand for the
// stored one when the endpoint went from old to cur.
func secretFollows(typed secret.Value, stored secret.Sealed, old, cur string) bool {
	return !typed.IsZero() || len(stored) == 0 || sameEndpoint(old, cur)
}

// CheckAutotaskSecret refuses the stored Autotask secret for settings a
// whose discovery URL differs from the saved one, unless a secret is typed.
func CheckAutotaskSecret(saved, a Autotask, typed secret.Value) error {
	if secretFollows(typed, saved.Secret, autotaskEndpoint(saved), autotaskEndpoint(a)) {
		return nil
	}
	return &ReenterSecret{"secret", "Enter the API user's secret again: the discovery URL changed, and the stored secret is only sent where it was entered for."}
}

func autotaskEndpoint(a Autotask) string {
	if a.DiscoveryURL == "" {
		return DefaultAutotaskDiscoveryURL
	}
	return a.DiscoveryURL
}

// CheckCovePassword is CheckAutotaskSecret for Cove's URL.
func CheckCovePassword(saved, c Cove, typed secret.Value) error {
	if secretFollows(typed, saved.Password, saved.URL, c.URL) {
		return nil
	}
	return &ReenterSecret{"password", "Enter the API user's token or password again: the Cove URL changed, and the stored one is only sent where it was entered for."}
}

// CheckMailSecrets is CheckAutotaskSecret for the mailbox: the password
// belongs to the server (host and port), the client secret to the token
// endpoint (tenant or token URL).
func CheckMailSecrets(saved, m MailImport, typed MailSecrets) error {
	if !secretFollows(typed.Password, saved.Password, saved.Addr(), m.Addr()) {
		return &ReenterSecret{"password", "Enter the mailbox password again: the server changed, and the stored password is only sent where it was entered for."}
	}
	if !secretFollows(typed.ClientSecret, saved.ClientSecret, saved.TenantID+"|"+saved.TokenURL, m.TenantID+"|"+m.TokenURL) {
		return &ReenterSecret{"client_secret", "Enter the app's client secret again: the tenant or token URL changed, and the stored secret is only sent where it was entered for."}
	}
	return nil
}

// CheckSignInSecret is CheckAutotaskSecret for the identity provider's issuer.
func CheckSignInSecret(saved, c SignIn, typed secret.Value) error {
	if secretFollows(typed, saved.ClientSecret, saved.Issuer, c.Issuer) {
		return nil
	}
	return &ReenterSecret{"client_secret", "Enter the client secret again: the issuer changed, and the stored secret is only sent where it was entered for."}
}
