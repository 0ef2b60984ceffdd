package views

import (
	"net/url"

	"github.com/a-h/templ"
)

// IsWebURL reports whether s is an absolute http or https address. Values
// that come from Autotask (a zone's web URL, a ticket's URL) go into href
// only when it holds: a javascript: or data: URL there would run in the
// appliance's page as soon as the Content Security Policy allowed it.
func IsWebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.User == nil
}

// webURL is s as an href; callers check IsWebURL first.
func webURL(s string) templ.SafeURL { return templ.SafeURL(s) }
