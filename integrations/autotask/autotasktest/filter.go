package autotasktest

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// matcher tests one record.
type matcher func(record) bool

// compileFilter turns a query's filter array (ANDed) into a matcher. Op
// names, field names and member names are case-insensitive, and string
// comparisons ignore case, as Autotask's SQL collation does.
func compileFilter(e *entity, raw json.RawMessage) (matcher, error) {
	var items []json.RawMessage
	if len(raw) == 0 || json.Unmarshal(raw, &items) != nil || len(items) == 0 {
		return nil, errors.New("A query must contain at least one filter condition.")
	}
	return compileGroup(e, "and", items)
}

func compileGroup(e *entity, op string, items []json.RawMessage) (matcher, error) {
	ms := make([]matcher, 0, len(items))
	for _, it := range items {
		m, err := compileCond(e, it)
		if err != nil {
			return nil, err
		}
		ms = append(ms, m)
	}
	if op == "or" {
		return func(r record) bool {
			for _, m := range ms {
				if m(r) {
					return true
				}
			}
			return false
		}, nil
	}
	return func(r record) bool {
		for _, m := range ms {
			if !m(r) {
				return false
			}
		}
		return true
	}, nil
}

func compileCond(e *entity, raw json.RawMessage) (matcher, error) {
	c := lowerKeys(raw)
	if c == nil {
		return nil, errors.New("Invalid filter: a condition is not an object.")
	}
	var op, field string
	_ = json.Unmarshal(c["op"], &op)
	_ = json.Unmarshal(c["field"], &field)
	op = strings.ToLower(strings.TrimSpace(op))
	if op == "and" || op == "or" {
		var items []json.RawMessage
		if json.Unmarshal(c["items"], &items) != nil || len(items) == 0 {
			return nil, fmt.Errorf("Invalid filter: the %s group has no items.", op)
		}
		return compileGroup(e, op, items)
	}
	var udf bool
	_ = json.Unmarshal(c["udf"], &udf)
	if udf {
		// The fake keeps no user-defined fields: every UDF is null.
		return compareOp(op, &fieldDef{name: field, kind: kString}, c["value"], func(record) any { return nil })
	}
	f := e.field(field)
	switch {
	case f == nil:
		return nil, fmt.Errorf("Unable to find %s in the %s entity.", field, e.single)
	case f.noQuery:
		return nil, fmt.Errorf("The field %s is not queryable.", f.name)
	}
	return compareOp(op, f, c["value"], func(r record) any { return r[f.name] })
}

// compareOp builds the test of one comparison on the value get returns.
func compareOp(op string, f *fieldDef, raw json.RawMessage, get func(record) any) (matcher, error) {
	switch op {
	case "exist":
		return func(r record) bool { return present(get(r)) }, nil
	case "notexist":
		return func(r record) bool { return !present(get(r)) }, nil
	case "in", "notin":
		var list []json.RawMessage
		if json.Unmarshal(raw, &list) != nil {
			return nil, fmt.Errorf("Invalid filter: %s needs a list of values for %s.", op, f.name)
		}
		vals := make([]any, len(list))
		for i, v := range list {
			cv, ok := convert(f, v)
			if !ok {
				return nil, invalidValue(f, v)
			}
			vals[i] = cv
		}
		in := func(r record) bool {
			v := get(r)
			for _, w := range vals {
				if c, ok := compare(v, w); ok && c == 0 {
					return true
				}
			}
			return false
		}
		if op == "notin" {
			return func(r record) bool { return !in(r) }, nil
		}
		return in, nil
	case "beginswith", "endswith", "contains":
		var s string
		if json.Unmarshal(raw, &s) != nil {
			v, _ := convert(&fieldDef{kind: kString}, raw)
			s, _ = v.(string)
		}
		s = strings.ToLower(s)
		test := map[string]func(string, string) bool{"beginswith": strings.HasPrefix, "endswith": strings.HasSuffix, "contains": strings.Contains}[op]
		return func(r record) bool {
			v := get(r)
			return v != nil && test(strings.ToLower(text(v)), s)
		}, nil
	}
	want, ok := convert(f, raw)
	if !ok {
		return nil, invalidValue(f, raw)
	}
	var test func(int) bool
	switch op {
	case "eq":
		test = func(c int) bool { return c == 0 }
	case "noteq":
		return func(r record) bool { c, ok := compare(get(r), want); return !ok || c != 0 }, nil
	case "gt":
		test = func(c int) bool { return c > 0 }
	case "gte":
		test = func(c int) bool { return c >= 0 }
	case "lt":
		test = func(c int) bool { return c < 0 }
	case "lte":
		test = func(c int) bool { return c <= 0 }
	default:
		return nil, fmt.Errorf("Invalid filter: unknown operator %q.", op)
	}
	return func(r record) bool { c, ok := compare(get(r), want); return ok && test(c) }, nil
}

func invalidValue(f *fieldDef, raw json.RawMessage) error {
	return fmt.Errorf("Invalid value %s for the field %s.", strings.TrimSpace(string(raw)), f.name)
}

// present: not null, and for text not empty.
func present(v any) bool {
	s, isText := v.(string)
	return v != nil && (!isText || s != "")
}

// compare orders a stored value against a filter value of the same field
// type; ok false when either is null. Text compares without case.
func compare(v, w any) (int, bool) {
	if v == nil && w == nil {
		return 0, true
	}
	switch v := v.(type) {
	case int64:
		if w, ok := w.(int64); ok {
			return cmpOrdered(v, w), true
		}
	case float64:
		if w, ok := w.(float64); ok {
			return cmpOrdered(v, w), true
		}
	case string:
		if w, ok := w.(string); ok {
			return strings.Compare(strings.ToLower(v), strings.ToLower(w)), true
		}
	case bool:
		if w, ok := w.(bool); ok {
			return cmpOrdered(b2i(v), b2i(w)), true
		}
	case time.Time:
		if w, ok := w.(time.Time); ok {
			return v.Compare(w), true
		}
	}
	return 0, false
}

func cmpOrdered[T int64 | float64 | int](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func text(v any) string {
	if t, ok := v.(time.Time); ok {
		return t.Format(wireTime)
	}
	return fmt.Sprint(v)
}
