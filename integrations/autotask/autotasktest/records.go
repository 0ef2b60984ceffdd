package autotasktest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// record is one stored item by canonical field name. Values are int64,
// float64, string, bool or time.Time; an absent field is null.
type record map[string]any

func (r record) id() int64 { n, _ := r["id"].(int64); return n }

func (r record) clone() record {
	out := make(record, len(r))
	for k, v := range r {
		out[k] = v
	}
	return out
}

// wireTime is how Autotask writes times: UTC with milliseconds.
const wireTime = "2006-01-02T15:04:05.000Z"

// wire is r as Autotask answers it: every field of e (or only include),
// nulls for absent ones, and an empty userDefinedFields where e has them.
func (r record) wire(e *entity, include []string) map[string]any {
	out := map[string]any{}
	put := func(f *fieldDef) {
		v, ok := r[f.name]
		switch {
		case !ok:
			out[f.name] = nil
		case f.kind == kDate:
			out[f.name] = v.(time.Time).UTC().Format(wireTime)
		default:
			out[f.name] = v
		}
	}
	if len(include) == 0 {
		for i := range e.fields {
			put(&e.fields[i])
		}
		if e.udfs {
			out["userDefinedFields"] = []any{}
		}
		return out
	}
	for _, name := range include {
		if f := e.field(name); f != nil {
			put(f)
		}
	}
	return out
}

// convert reads a JSON value as field f's type; ok false when it cannot
// be one. JSON null is (nil, true).
func convert(f *fieldDef, raw json.RawMessage) (any, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, true
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return nil, false
	}
	return convertValue(f.kind, v)
}

func convertValue(k kind, v any) (any, bool) {
	switch k {
	case kInt:
		switch v := v.(type) {
		case float64:
			if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
				return int64(v), true
			}
		case string:
			n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			return n, err == nil
		}
	case kFloat:
		switch v := v.(type) {
		case float64:
			return v, true
		case string:
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return f, err == nil
		}
	case kString:
		switch v := v.(type) {
		case string:
			return v, true
		case float64, bool:
			return fmt.Sprint(v), true
		}
	case kBool:
		switch v := v.(type) {
		case bool:
			return v, true
		case string:
			b, err := strconv.ParseBool(v)
			return b, err == nil
		case float64:
			return v != 0, v == 0 || v == 1
		}
	case kDate:
		if s, ok := v.(string); ok {
			t, err := parseTime(s)
			return t, err == nil
		}
	}
	return nil, false
}

// parseTime takes what Autotask accepts: yyyy-mm-ddThh:mm:ss(.ms), with or
// without a zone (none means UTC), or a bare date.
func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, l := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("not a date: %q", s)
}

// lowerKeys decodes a JSON object with its member names lower-cased, for
// Autotask's case-insensitive bodies; when two names differ only in case
// the later one wins, as in a JSON.NET reader. nil when body is not an
// object.
func lowerKeys(body []byte) map[string]json.RawMessage {
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil
	}
	out := map[string]json.RawMessage{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil
		}
		out[strings.ToLower(key)] = v
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('}') {
		return nil
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil // trailing data after the object
	}
	return out
}
