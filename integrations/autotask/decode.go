package autotask

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/backupchecks/backupchecks/integrations/lenient"
)

// Autotask's JSON is decoded with encoding/json, which already matches
// member names case-insensitively ("companyID", "CompanyID") and ignores
// unknown members. The flex types add what differs between zones and
// versions: numbers sent as strings, nulls, dates with or without fraction.

// flexInt is an integer sent as a number, a numeric string or null.
type flexInt int64

func (n *flexInt) UnmarshalJSON(b []byte) error {
	v, ok := lenient.Int(b)
	if !ok && !lenient.IsNull(b) {
		return fmt.Errorf("not an integer: %s", snippet(b, 40))
	}
	*n = flexInt(v)
	return nil
}

// flexString is text sent as a string, a number, a boolean or null.
type flexString string

func (s *flexString) UnmarshalJSON(b []byte) error {
	*s = flexString(lenient.Text(b))
	return nil
}

// flexBool is a boolean sent as true/false, "true"/"false", 0/1 or null.
type flexBool bool

func (f *flexBool) UnmarshalJSON(b []byte) error {
	switch strings.ToLower(strings.Trim(string(bytes.TrimSpace(b)), `"`)) {
	case "true", "1":
		*f = true
	case "false", "0", "null", "":
		*f = false
	default:
		return fmt.Errorf("not a boolean: %s", snippet(b, 40))
	}
	return nil
}

// flexTime is a UTC time: "2006-01-02T15:04:05.000Z", any other fraction,
// no fraction, no zone (Autotask means UTC), null or "".
type flexTime time.Time

var timeLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02"}

func (t *flexTime) UnmarshalJSON(b []byte) error {
	s := lenient.Text(b)
	if s == "" {
		*t = flexTime{}
		return nil
	}
	for _, l := range timeLayouts {
		if v, err := time.Parse(l, s); err == nil {
			*t = flexTime(v.UTC())
			return nil
		}
	}
	return fmt.Errorf("not a date: %q", s)
}

// wireErrors is every shape of failure body seen: {"errors":["..."]}
// (strings, though objects would not break it) and ASP.NET's
// {"Message":"..."} on a 405.
type wireErrors struct {
	Errors  json.RawMessage `json:"errors"`
	Message json.RawMessage `json:"Message"`
}

// failureMessages returns the messages of a JSON failure body; isJSON false
// when the body is not JSON at all.
func failureMessages(body []byte) (msgs []string, isJSON bool) {
	var w wireErrors
	if len(bytes.TrimSpace(body)) == 0 || json.Unmarshal(body, &w) != nil {
		return nil, json.Valid(body)
	}
	var list []json.RawMessage
	switch {
	case json.Unmarshal(w.Errors, &list) == nil:
		for _, m := range list {
			if t := messageText(m); t != "" {
				msgs = append(msgs, t)
			}
		}
	case len(w.Errors) > 0 && !lenient.IsNull(w.Errors):
		msgs = append(msgs, messageText(w.Errors))
	}
	if t := lenient.Text(w.Message); t != "" {
		msgs = append(msgs, t)
	}
	return msgs, true
}

// messageText is one error entry: a string, or an object's "message".
func messageText(b json.RawMessage) string {
	var o struct {
		Message json.RawMessage `json:"message"`
	}
	if bytes.HasPrefix(bytes.TrimSpace(b), []byte("{")) && json.Unmarshal(b, &o) == nil && len(o.Message) > 0 {
		return lenient.Text(o.Message)
	}
	return lenient.Text(b)
}

// successErrors returns the messages of a 2xx body that carries "errors":
// Autotask has been seen to answer a refusal with 200.
func successErrors(body []byte) []string {
	var w struct {
		Errors json.RawMessage `json:"errors"`
	}
	if json.Unmarshal(body, &w) != nil || len(w.Errors) == 0 || lenient.IsNull(w.Errors) {
		return nil
	}
	msgs, _ := failureMessages(body)
	if len(msgs) == 0 && string(bytes.TrimSpace(w.Errors)) != "[]" {
		msgs = []string{lenient.Text(w.Errors)}
	}
	return msgs
}

// decode reads a success body into v; anything unreadable is a malformedError.
func decode(method, path string, body []byte, v any) error {
	if err := json.Unmarshal(body, v); err != nil {
		return &malformedError{method: method, path: path, err: err}
	}
	return nil
}

// snippet is the start of a body, for an error message, cut at a rune.
func snippet(b []byte, n int) string {
	if len(b) <= n {
		return strings.TrimSpace(string(b))
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(b[cut]) {
		cut--
	}
	return strings.TrimSpace(string(b[:cut])) + "…"
}

// truncate cuts s to n runes.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

var errNoItems = errors.New(`no "items" in a query answer`)
