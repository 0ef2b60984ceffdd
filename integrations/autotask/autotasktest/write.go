package autotasktest

import (
	"fmt"
	"strconv"
	"unicode/utf8"
)

// changes are the writable fields a create or update body sets, by
// canonical name; nil = set to null. Member names are case-insensitive;
// read-only and unknown members are ignored, as Autotask does.
type changes map[string]any

func parseChanges(e *entity, body []byte) (changes, []string) {
	m := lowerKeys(body)
	if m == nil {
		return nil, []string{"Invalid request: the body is not a JSON object."}
	}
	out := changes{}
	var errs []string
	for k, raw := range m {
		f := e.field(k)
		if f == nil || f.readOnly {
			continue
		}
		v, ok := convert(f, raw)
		if !ok {
			errs = append(errs, onRecord(fmt.Sprintf("Invalid value for %s.", f.name)))
			continue
		}
		out[f.name] = v
	}
	return out, errs
}

// bodyID is the "id" member of an update body.
func bodyID(body []byte) (int64, bool) {
	v, ok := convert(&fieldDef{kind: kInt}, lowerKeys(body)["id"])
	id, isInt := v.(int64)
	return id, ok && isInt
}

// check validates a record about to be written: required fields (all of
// them for a create or PUT, those the body nulls for a PATCH), and for
// every field the body sets its length, reference and picklist. The caller
// holds the lock.
func (t *Tenant) check(e *entity, next record, set changes, full bool) []string {
	var errs []string
	for _, f := range e.fields {
		if _, inBody := set[f.name]; f.required && (full || inBody) && !present(next[f.name]) {
			errs = append(errs, onRecord(f.name+" is required."))
		}
	}
	for i := range e.fields {
		f := &e.fields[i]
		v, inBody := set[f.name]
		if !inBody || v == nil {
			continue
		}
		if s, isText := v.(string); isText && f.length > 0 && utf8.RuneCountInString(s) > f.length {
			errs = append(errs, onRecord(fmt.Sprintf("%s exceeds the maximum length of %d characters.", f.name, f.length)))
		}
		n, isInt := v.(int64)
		switch {
		case !isInt:
		case f.picklist:
			errs = append(errs, t.checkPick(e, f, n, next)...)
		case f.ref == "Company":
			c, found := t.data[companies][n]
			switch {
			case !found:
				errs = append(errs, onRecord(fmt.Sprintf("Value does not reference an existing entity for %s.", f.name)))
			case c["isActive"] != true:
				errs = append(errs, onRecord(fmt.Sprintf("Value references an inactive entity for %s: company %d is inactive.", f.name, n)))
			}
		case f.ref == "Resource":
			if _, found := t.data[resources][n]; !found {
				errs = append(errs, onRecord(fmt.Sprintf("Value does not reference an existing entity for %s.", f.name)))
			}
		}
	}
	return errs
}

// checkPick: the value must be in the tenant's picklist and active; a
// dependent value must belong to its parent's value.
func (t *Tenant) checkPick(e *entity, f *fieldDef, n int64, next record) []string {
	v, found := t.pick(e, f, n)
	switch {
	case !found:
		return []string{onRecord(fmt.Sprintf("Value %d does not exist in the picklist for %s.", n, f.name))}
	case !v.IsActive:
		return []string{onRecord(fmt.Sprintf("Value %d (%s) is inactive in the picklist for %s.", n, v.Label, f.name))}
	case f.parent != "":
		parent, _ := next[e.field(f.parent).name].(int64)
		if v.ParentValue != strconv.FormatInt(parent, 10) {
			return []string{onRecord(fmt.Sprintf("Value %d of %s does not belong to %s %d.", n, f.name, f.parent, parent))}
		}
	}
	return nil
}

// itemID is Autotask's answer to a write.
func itemID(id int64) answer { return ok(map[string]int64{"itemId": id}) }
