// Package accounts holds users, roles, passwords, sign-in and its throttling.
package accounts

import (
	"errors"

	"github.com/backupchecks/backupchecks/app/secret"
	"strings"
	"time"
)

// Role decides what a user may do (DESIGN §1).
type Role string

const (
	Admin    Role = "admin"    // everything, plus settings, users, maintenance
	Operator Role = "operator" // works the review queue: may change operational data
	Reporter Role = "reporter" // reads everything, changes nothing
)

// Roles in descending power, for forms.
var Roles = []Role{Admin, Operator, Reporter}

func (r Role) rank() int {
	switch r {
	case Admin:
		return 3
	case Operator:
		return 2
	case Reporter:
		return 1
	}
	return 0
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r.rank() > 0 }

// AtLeast reports whether r has every right of min.
func (r Role) AtLeast(min Role) bool { return r.rank() >= min.rank() && r.Valid() }

// Label is the role's name as shown to people.
func (r Role) Label() string {
	switch r {
	case Admin:
		return "Admin"
	case Operator:
		return "Operator"
	case Reporter:
		return "Reporter"
	}
	return string(r)
}

// User is a person who can sign in.
type User struct {
	ID              uint64    `json:"id"`
	Username        string    `json:"username"`
	DisplayName     string    `json:"display_name"`
	Role            Role      `json:"role"`
	Disabled        bool      `json:"disabled"`
	PasswordHash    string    `json:"password_hash"`
	Epoch           uint32    `json:"epoch"` // bumped to end every session of the user
	Created         time.Time `json:"created"`
	LastLogin       time.Time `json:"last_login"`
	PasswordChanged time.Time `json:"password_changed"`
	// Two-factor codes (TOTP): the secret, sealed; the last time step a
	// code was accepted for (a code works once); the recovery codes'
	// hashes still unused; and a secret being enrolled, not yet confirmed.
	TOTP        secret.Sealed `json:"totp,omitempty"`
	TOTPStep    int64         `json:"totp_step,omitempty"`
	Recovery    []string      `json:"recovery,omitempty"`
	TOTPPending secret.Sealed `json:"totp_pending,omitempty"`
	// External is the single sign-on identity ("issuer|subject") of a user
	// created by signing in with it; such a user has no password.
	External string `json:"external,omitempty"`
	// Theme is the user's light / dark / device choice (theme.go).
	Theme Theme `json:"theme,omitempty"`
}

// HasTOTP reports whether the user signs in with a two-factor code.
func (u User) HasTOTP() bool { return !u.TOTP.IsZero() }

// Name is what the UI calls the user.
func (u User) Name() string {
	if u.DisplayName != "" {
		return u.DisplayName
	}
	return u.Username
}

// NormalizeUsername is the form under which usernames are unique.
func NormalizeUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

var (
	ErrUserNotFound     = errors.New("user not found")
	ErrUsernameTaken    = errors.New("that username is already taken")
	ErrBadCredentials   = errors.New("wrong username or password")
	ErrLastAdmin        = errors.New("this is the last active admin: make another user admin first")
	ErrSetupDone        = errors.New("setup is already done: sign in instead")
	ErrSessionNotValid  = errors.New("session expired or ended: sign in again")
	ErrWrongPassword    = errors.New("current password is wrong")
	ErrPasswordMismatch = errors.New("the two new passwords differ")
	ErrCannotChangeSelf = errors.New("you cannot change your own role, disable or delete yourself; ask another admin")
)

// ValidationError explains which form field is wrong.
type ValidationError struct{ Field, Message string }

func (e *ValidationError) Error() string { return e.Message }

func invalid(field, msg string) error { return &ValidationError{Field: field, Message: msg} }

// checkUsername enforces a simple, unambiguous username alphabet.
func checkUsername(name string) error {
	n := strings.TrimSpace(name)
	if len(n) < 2 || len(n) > 64 {
		return invalid("username", "Username must be 2 to 64 characters.")
	}
	for _, r := range n {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._@-", r)
		if !ok {
			return invalid("username", "Username may contain letters, digits and . _ @ - only.")
		}
	}
	return nil
}
