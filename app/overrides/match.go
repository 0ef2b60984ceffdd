package overrides

import (
	"fmt"
	"regexp"
	"strings"
)

// Mode is how a pattern is compared, always ignoring case.
type Mode string

const (
	Contains Mode = "contains"
	Exact    Mode = "exact"
	Prefix   Mode = "starts"
	Suffix   Mode = "ends"
	Regex    Mode = "regex"
)

// Modes in the order a form offers them.
var Modes = []Mode{Contains, Exact, Prefix, Suffix, Regex}

// Label says the mode in words.
func (m Mode) Label() string {
	switch m {
	case Exact:
		return "is exactly"
	case Prefix:
		return "starts with"
	case Suffix:
		return "ends with"
	case Regex:
		return "matches regex"
	}
	return "contains"
}

// Match is an optional text condition; an empty pattern matches anything.
type Match struct {
	Mode    Mode   `json:"mode,omitempty"`
	Pattern string `json:"pattern,omitempty"`
}

// Set reports whether the match constrains anything.
func (m Match) Set() bool { return m.Pattern != "" }

func (m Match) String() string { return m.Mode.Label() + " “" + m.Pattern + "”" }

// check validates the match and returns its matcher.
func (m Match) compile() (func(string) bool, error) {
	if !m.Set() {
		return func(string) bool { return true }, nil
	}
	p := strings.ToLower(m.Pattern)
	switch m.Mode {
	case Contains, "":
		return func(s string) bool { return strings.Contains(strings.ToLower(s), p) }, nil
	case Exact:
		return func(s string) bool { return strings.EqualFold(strings.TrimSpace(s), strings.TrimSpace(m.Pattern)) }, nil
	case Prefix:
		return func(s string) bool { return strings.HasPrefix(strings.ToLower(s), p) }, nil
	case Suffix:
		return func(s string) bool { return strings.HasSuffix(strings.ToLower(s), p) }, nil
	case Regex:
		re, err := regexp.Compile("(?i)" + m.Pattern)
		if err != nil {
			return nil, fmt.Errorf("the pattern is not a valid regular expression: %v", strings.TrimPrefix(err.Error(), "error parsing regexp: "))
		}
		return re.MatchString, nil
	}
	return nil, fmt.Errorf("unknown match mode %q", m.Mode)
}
