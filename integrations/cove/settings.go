package cove

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
)

// parseSettings flattens a row's Settings, documented as an array of
// single-key objects ([{"I1":"acme-fs01"},{"D09F00":"5"}]), into a map.
// It is lenient about what Cove might send instead: several keys per
// object, a plain object, numbers, booleans, arrays or objects as values
// (kept as their JSON text) and null (the same as missing).
//
// It is hand-written because a poll decodes about forty values for each of
// thousands of devices: values without escapes are substrings of s rather
// than copies, and keys repeat on every row so they come from intern.
func parseSettings(s string, intern map[string]string) (map[string]string, error) {
	p := settingsParser{s: s, intern: intern}
	p.space()
	switch p.peek() {
	case 0: // the row had no Settings member
		return nil, nil
	case 'n':
		return nil, p.literal("null")
	case '{':
		m := make(map[string]string)
		return m, p.object(m)
	case '[':
	default:
		return nil, errors.New("settings: neither a list nor an object")
	}
	m := make(map[string]string, strings.Count(s, "{"))
	p.i++
	p.space()
	if p.peek() == ']' {
		return m, nil
	}
	for {
		p.space()
		var err error
		if p.peek() == '{' {
			err = p.object(m)
		} else {
			_, err = p.skip() // null or other stray elements carry no setting
		}
		if err != nil {
			return nil, err
		}
		p.space()
		switch p.peek() {
		case ',':
			p.i++
		case ']':
			return m, nil
		default:
			return nil, errors.New("settings: unterminated list")
		}
	}
}

type settingsParser struct {
	s      string
	i      int
	intern map[string]string
}

var errTruncated = errors.New("settings: unexpected end")

// peek is the current byte, or 0 at the end.
func (p *settingsParser) peek() byte {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

func (p *settingsParser) space() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *settingsParser) literal(word string) error {
	if !strings.HasPrefix(p.s[p.i:], word) {
		return errors.New("settings: bad literal")
	}
	p.i += len(word)
	return nil
}

// object reads {"key":value,...} into m; p.i is at '{'.
func (p *settingsParser) object(m map[string]string) error {
	p.i++
	p.space()
	if p.peek() == '}' {
		p.i++
		return nil
	}
	for {
		p.space()
		key, escaped, err := p.str()
		if err != nil {
			return err
		}
		if !escaped {
			if k, ok := p.intern[key]; ok {
				key = k
			} else if p.intern != nil {
				key = strings.Clone(key) // do not pin this row's text for the whole page
				p.intern[key] = key
			}
		}
		p.space()
		if p.peek() != ':' {
			return errors.New("settings: missing ':'")
		}
		p.i++
		p.space()
		val, present, err := p.value()
		if err != nil {
			return err
		}
		if present {
			m[key] = val
		}
		p.space()
		switch p.peek() {
		case ',':
			p.i++
		case '}':
			p.i++
			return nil
		default:
			return errors.New("settings: unterminated object")
		}
	}
}

// value reads one value as text; present is false for null.
func (p *settingsParser) value() (v string, present bool, err error) {
	switch c := p.peek(); {
	case c == '"':
		v, _, err = p.str()
		return v, err == nil, err
	case c == 'n':
		return "", false, p.literal("null")
	case c == '[' || c == '{':
		raw, err := p.skip()
		if err != nil {
			return "", false, err
		}
		var b bytes.Buffer
		if err := json.Compact(&b, []byte(raw)); err != nil {
			return "", false, err
		}
		return b.String(), true, nil
	case c == 0:
		return "", false, errTruncated
	default: // a number, true or false: its JSON text is the value
		raw, err := p.skip()
		return raw, err == nil && raw != "", err
	}
}

// str reads a JSON string at p.i; escaped reports whether it needed
// unescaping (and so is a fresh copy).
func (p *settingsParser) str() (v string, escaped bool, err error) {
	if p.peek() != '"' {
		return "", false, errors.New("settings: expected a string")
	}
	start := p.i
	j := p.i + 1
	for ; j < len(p.s); j++ {
		if c := p.s[j]; c == '\\' {
			escaped = true
			j++
		} else if c == '"' {
			break
		}
	}
	if j >= len(p.s) {
		return "", false, errTruncated
	}
	p.i = j + 1
	if !escaped {
		return p.s[start+1 : j], false, nil
	}
	return unescape(p.s[start : j+1])
}

// skip passes over one value of any kind and returns its text.
func (p *settingsParser) skip() (string, error) {
	start, depth := p.i, 0
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case '"':
			if _, _, err := p.str(); err != nil {
				return "", err
			}
			if depth == 0 {
				return p.s[start:p.i], nil
			}
			continue
		case '[', '{':
			depth++
		case ']', '}':
			if depth == 0 {
				return p.s[start:p.i], nil
			}
			depth--
			if depth == 0 {
				p.i++
				return p.s[start:p.i], nil
			}
		case ',', ' ', '\t', '\n', '\r':
			if depth == 0 {
				return p.s[start:p.i], nil
			}
		}
		p.i++
	}
	if depth != 0 {
		return "", errTruncated
	}
	return p.s[start:p.i], nil
}

// unescape decodes a JSON string with escapes; apart from str so that its
// result escaping to the heap does not cost the common case an allocation.
func unescape(quoted string) (string, bool, error) {
	var v string
	if err := json.Unmarshal([]byte(quoted), &v); err != nil {
		return "", false, err
	}
	return v, true, nil
}
