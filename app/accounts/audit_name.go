package accounts

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxAuditNameRunes bounds a name typed by an anonymous visitor before it
// goes into the permanent audit log: real usernames are far shorter, and a
// 60 KB "username" must not become 60 KB on disk per attempt.
const maxAuditNameRunes = 64

// AuditName is how a name typed at the sign-in form is recorded: normalised,
// control and invisible formatting characters (ESC, NUL, right-to-left
// overrides) removed, invalid UTF-8 replaced, and cut to 64 characters
// with "… (truncated)" added when it was longer.
func AuditName(typed string) string {
	s := strings.ToValidUTF8(typed, "\uFFFD")
	var b strings.Builder
	n, cut := 0, false
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			continue
		}
		if n == maxAuditNameRunes {
			cut = true
			break
		}
		b.WriteRune(r)
		n++
	}
	out := NormalizeUsername(b.String())
	if cut {
		out += "… (truncated)"
	}
	if out == "" && utf8.RuneCountInString(typed) > 0 {
		out = "(unprintable)"
	}
	return out
}
