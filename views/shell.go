// Package views holds the templ components of every page and the small view
// models they render. Handlers in app/web fill the models; nothing here
// reads storage or knows about HTTP.
package views

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/backupchecks/backupchecks/app/accounts"
)

// Shell is what the layout around every page needs.
type Shell struct {
	Title   string
	Active  string // nav item: "dashboard", "settings", "account"
	User    *accounts.User
	CSRF    string
	Flash   Flash
	Loc     *time.Location // UI time zone
	Version string
}

// Flash is a one-time message shown at the top of the next page.
type Flash struct {
	Kind string // "success", "error", "warning"
	Text string
}

// IsAdmin reports whether the signed-in user may see admin pages.
func (s Shell) IsAdmin() bool { return s.User != nil && s.User.Role == accounts.Admin }

func (s Shell) csrfHeaders() string {
	b, _ := json.Marshal(map[string]string{"X-CSRF-Token": s.CSRF})
	return string(b)
}

// Theme is the data-theme attribute of <html>: "light" or "dark" when the
// signed-in user chose one, "" to follow the device (the CSS honours
// prefers-color-scheme then). The attribute only changes on a full page
// load, so the forms that change it (sign-in, the account's colours) are
// not boosted: htmx swaps the body and would keep the old <html>.
func (s Shell) Theme() string {
	if s.User == nil {
		return ""
	}
	switch s.User.Theme {
	case accounts.ThemeLight, accounts.ThemeDark:
		return string(s.User.Theme)
	}
	return ""
}

// Time formats t in the UI time zone; the zero time is "never".
func (s Shell) Time(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.In(s.loc()).Format("2006-01-02 15:04")
}

func (s Shell) loc() *time.Location {
	if s.Loc == nil {
		return time.UTC
	}
	return s.Loc
}

// Clock formats t's time of day (HH:MM) in the UI time zone.
func (s Shell) Clock(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(s.loc()).Format("15:04")
}

// Bytes formats a size for people.
func Bytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

// Ago formats a duration since t roughly ("3 min ago").
func Ago(now, t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h ago", int(d/time.Hour))
	}
	return fmt.Sprintf("%d days ago", int(d/(24*time.Hour)))
}

// FormErrors maps form fields to messages.
type FormErrors map[string]string

// CanOperate reports whether the user may change operational data
// (operators and admins; reporters only read).
func (s Shell) CanOperate() bool {
	return s.User != nil && s.User.Role.AtLeast(accounts.Operator)
}

// Now is the time the page is rendered at.
func (s Shell) Now() time.Time { return time.Now() }
