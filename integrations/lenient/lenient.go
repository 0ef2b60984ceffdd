// Package lenient reads JSON scalars the way the cloud APIs Backupchecks
// talks to really send them: numbers as strings, integral floats, nulls.
// The Cove and Autotask clients both decode through it.
package lenient

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// IsNull reports whether b is the JSON null.
func IsNull(b []byte) bool { return string(bytes.TrimSpace(b)) == "null" }

// Int reads a JSON number or numeric string; false for anything else.
func Int(b []byte) (int64, bool) {
	b = bytes.TrimSpace(b)
	s := string(b)
	if len(b) > 0 && b[0] == '"' {
		if json.Unmarshal(b, &s) != nil {
			return 0, false
		}
	}
	return ParseInt(s)
}

// ParseInt accepts "42" and integral floats such as "42.0" or "4.2e1".
func ParseInt(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || f < math.MinInt64 || f >= math.MaxInt64 {
		return 0, false
	}
	return int64(f), true
}

// Text is a JSON value as text: a string's content, anything else as
// written, "" for null.
func Text(b []byte) string {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || IsNull(b) {
		return ""
	}
	var s string
	if b[0] == '"' && json.Unmarshal(b, &s) == nil {
		return s
	}
	return string(b)
}
