package web

import (
	"net/url"
	"strings"
)

// localPath is raw when it is a path on this appliance, else fallback. It
// decides every redirect whose target came from the request (sign-in's
// "next", SSO's return, the forms' "return"), so none can send a browser to
// another site.
//
// Browsers drop TAB, CR and LF inside URLs and read a backslash as a slash,
// so "/\t/evil.example" and "/\evil.example" are "//evil.example" to them:
// another host. The value is therefore parsed as a URL and refused unless
// it has no scheme or host, starts with exactly one slash, and neither it
// nor its decoded path holds a control character, a space or a backslash.
func localPath(raw, fallback string) string {
	if raw == "" || len(raw) > 2048 || !strings.HasPrefix(raw, "/") || hasURLTrap(raw) {
		return fallback
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return fallback
	}
	if !strings.HasPrefix(u.Path, "/") || hasURLTrap(u.Path) {
		return fallback
	}
	return raw
}

// hasURLTrap reports a second leading slash or a character a browser
// removes or reads as a slash.
func hasURLTrap(s string) bool {
	if strings.HasPrefix(s, "//") {
		return true
	}
	for _, r := range s {
		if r < 0x21 || r == 0x7f || r == '\\' {
			return true
		}
	}
	return false
}
