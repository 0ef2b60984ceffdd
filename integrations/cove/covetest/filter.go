package covetest

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The filter subset the fake understands (§3.4): clauses joined by AND or
// &&, each "<code> <op> <value>" with op one of == != > >= < <= =~ in,
// optionally wrapped in parentheses. Values are integers, '…' or "…"
// strings, N.days().ago() style times and Session.<Status> constants.
// Anything else (OR, NOT, nesting, ANY, arithmetic) is answered with
// -32602 "unsupported filter" so that a test relying on it notices,
// rather than with a result the real service might not give.

// clause tests one device.
type clause func(d *device) bool

var (
	clauseRe  = regexp.MustCompile(`^\s*([A-Za-z][A-Za-z0-9@]*)\s*(==|!=|=~|>=|<=|>|<|(?i:in)\b)\s*(.*?)\s*$`)
	agoRe     = regexp.MustCompile(`^(\d+)\.(day|days|hour|hours|minute|minutes)\(\)\.ago\(\)$`)
	andRe     = regexp.MustCompile(`(?i)\s+AND\s+|&&`)
	sessionOf = map[string]int{"InProcess": 1, "Failed": 2, "Aborted": 3, "Completed": 5, "Interrupted": 6,
		"NotStarted": 7, "CompletedWithErrors": 8, "InProgressWithFaults": 9, "OverQuota": 10,
		"NoSelection": 11, "Restarted": 12}
)

func unsupportedFilter(f, why string) *rpcError {
	return invalidParams(fmt.Sprintf("unsupported filter %q: %s", f, why))
}

// parseFilter compiles a filter; nil means no filter.
func (s *Server) parseFilter(f string, now time.Time) (clause, *rpcError) {
	if strings.TrimSpace(f) == "" {
		return nil, nil
	}
	if strings.ContainsAny(f, "\\") {
		return nil, unsupportedFilter(f, "escapes")
	}
	parts, err := splitAnd(f)
	if err != nil {
		return nil, unsupportedFilter(f, err.Error())
	}
	var all []clause
	for _, p := range parts {
		c, rerr := s.parseClause(f, unwrap(p), now)
		if rerr != nil {
			return nil, rerr
		}
		all = append(all, c)
	}
	return func(d *device) bool {
		for _, c := range all {
			if !c(d) {
				return false
			}
		}
		return true
	}, nil
}

// splitAnd cuts a filter at AND / && outside quotes and refuses the
// operators the fake does not implement.
func splitAnd(f string) ([]string, error) {
	// Blank out quoted text so operators inside strings are not seen.
	masked := []byte(f)
	var quote byte
	for i, c := range masked {
		switch {
		case quote != 0 && c == quote:
			quote = 0
		case quote != 0:
			masked[i] = '_'
		case c == '\'' || c == '"':
			quote = c
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unterminated string")
	}
	m := string(masked)
	up := " " + strings.ToUpper(m) + " "
	for _, bad := range []string{" OR ", "||", " NOT ", "!(", " ANY "} {
		if strings.Contains(up, bad) {
			return nil, fmt.Errorf("%s is not implemented", strings.TrimSpace(bad))
		}
	}
	var parts []string
	last := 0
	for _, loc := range andRe.FindAllStringIndex(m, -1) {
		parts = append(parts, f[last:loc[0]])
		last = loc[1]
	}
	return append(parts, f[last:]), nil
}

// unwrap strips parentheses around a whole clause: "(T7 >= 1)".
func unwrap(c string) string {
	for c = strings.TrimSpace(c); len(c) >= 2 && c[0] == '(' && closes(c) == len(c)-1; {
		c = strings.TrimSpace(c[1 : len(c)-1])
	}
	return c
}

// closes is the index of the parenthesis that closes c[0], or -1.
func closes(c string) int {
	depth := 0
	for i := 0; i < len(c); i++ {
		switch c[i] {
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				return i
			}
		}
	}
	return -1
}

func (s *Server) parseClause(f, text string, now time.Time) (clause, *rpcError) {
	m := clauseRe.FindStringSubmatch(text)
	if m == nil {
		return nil, unsupportedFilter(f, fmt.Sprintf("cannot read %q", text))
	}
	col, skip, rerr := s.check(m[1])
	if rerr != nil {
		return nil, rerr
	}
	if skip {
		return nil, unsupportedFilter(f, fmt.Sprintf("unknown column %q", m[1]))
	}
	op := strings.ToLower(m[2])
	var lits []literal
	if op == "in" {
		list := strings.TrimSpace(m[3])
		if len(list) < 2 || list[0] != '(' || list[len(list)-1] != ')' {
			return nil, unsupportedFilter(f, "in needs (a, b, ...)")
		}
		for _, item := range strings.Split(list[1:len(list)-1], ",") {
			l, err := parseLiteral(strings.TrimSpace(item), now)
			if err != nil {
				return nil, unsupportedFilter(f, err.Error())
			}
			lits = append(lits, l)
		}
	} else {
		l, err := parseLiteral(m[3], now)
		if err != nil {
			return nil, unsupportedFilter(f, err.Error())
		}
		if op == "=~" && !l.quoted {
			return nil, unsupportedFilter(f, "=~ needs a quoted pattern")
		}
		lits = []literal{l}
	}
	return func(d *device) bool {
		v := s.value(d, col)
		switch op {
		case "==":
			return lits[0].equals(v)
		case "!=":
			return !lits[0].equals(v)
		case "=~":
			return wildcard(strings.ToLower(lits[0].text), strings.ToLower(v))
		case "in":
			for _, l := range lits {
				if l.equals(v) {
					return true
				}
			}
			return false
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || !lits[0].isInt {
			return false // a missing or non-numeric value never compares
		}
		switch op {
		case ">":
			return n > lits[0].n
		case ">=":
			return n >= lits[0].n
		case "<":
			return n < lits[0].n
		}
		return n <= lits[0].n
	}, nil
}

type literal struct {
	text   string
	n      int64
	isInt  bool
	quoted bool
}

func parseLiteral(v string, now time.Time) (literal, error) {
	if len(v) >= 2 && (v[0] == '\'' || v[0] == '"') && v[len(v)-1] == v[0] {
		return literal{text: v[1 : len(v)-1], quoted: true}, nil
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return literal{text: v, n: n, isInt: true}, nil
	}
	if m := agoRe.FindStringSubmatch(v); m != nil {
		n, _ := strconv.ParseInt(m[1], 10, 64)
		unit := map[byte]time.Duration{'d': 24 * time.Hour, 'h': time.Hour, 'm': time.Minute}[m[2][0]]
		t := now.Add(-time.Duration(n) * unit).Unix()
		return literal{text: strconv.FormatInt(t, 10), n: t, isInt: true}, nil
	}
	if name, ok := strings.CutPrefix(v, "Session."); ok {
		if n, ok := sessionOf[name]; ok {
			return literal{text: strconv.Itoa(n), n: int64(n), isInt: true}, nil
		}
	}
	return literal{}, fmt.Errorf("cannot read the value %q", v)
}

// equals compares numerically for integer literals, else as text, ignoring
// case as Cove seems to.
func (l literal) equals(v string) bool {
	if l.isInt {
		n, err := strconv.ParseInt(v, 10, 64)
		return err == nil && n == l.n
	}
	return strings.EqualFold(v, l.text)
}

// wildcard matches s against a pattern with * (any run) and ? (one byte).
func wildcard(pattern, s string) bool {
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p++
			i++
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}
