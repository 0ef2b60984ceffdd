package autotasktest

import (
	"net/http"
	"strings"
)

// entityInformation is {Entity}/entityInformation[/fields|/userDefinedFields].
func entityInformation(t *Tenant, e *entity, r request) answer {
	if r.method != http.MethodGet {
		return notAllowed(r.method, http.MethodGet)
	}
	switch {
	case len(r.seg) == 2:
		return ok(map[string]any{"info": map[string]any{
			"name": e.single, "canCreate": e == tickets || e == ticketNotes, "canDelete": false, "canQuery": true,
			"canUpdate": e == tickets, "userAccessForCreate": "All", "userAccessForDelete": "None",
			"userAccessForQuery": "All", "userAccessForUpdate": "All",
			"hasUserDefinedFields": e.udfs, "supportsWebhookCallouts": e == tickets || e == companies,
		}})
	case len(r.seg) == 3 && r.seg[2] == "fields":
		return ok(map[string]any{"fields": t.fieldInfo(e)})
	case len(r.seg) == 3 && r.seg[2] == "userdefinedfields":
		return ok(map[string]any{"fields": []any{}})
	}
	return notFound()
}

// fieldInfo is the FieldInformation list of e with t's picklists. Values
// are strings even for integer fields; Tickets sends a missing parentValue
// as null and TicketNotes as "", since both are seen from real tenants.
func (t *Tenant) fieldInfo(e *entity) []map[string]any {
	out := make([]map[string]any, 0, len(e.fields))
	for _, f := range e.fields {
		fi := map[string]any{
			"name": f.name, "dataType": kindNames[f.kind], "length": f.length, "isRequired": f.required,
			"isReadOnly": f.readOnly, "isQueryable": !f.noQuery, "isReference": f.ref != "", "referenceEntityType": f.ref,
			"isPickList": f.picklist, "picklistValues": nil, "picklistParentValueField": f.parent,
			"isSupportedWebhookField": !f.readOnly,
		}
		if f.picklist {
			vals := []map[string]any{}
			for _, v := range t.picklists[strings.ToLower(e.name+"."+f.name)] {
				var parent any = v.ParentValue
				if v.ParentValue == "" && e == tickets {
					parent = nil
				}
				vals = append(vals, map[string]any{"value": v.Value, "label": v.Label, "isDefaultValue": v.IsDefault,
					"sortOrder": v.SortOrder, "parentValue": parent, "isActive": v.IsActive, "isSystem": v.IsSystem})
			}
			fi["picklistValues"] = vals
		}
		out = append(out, fi)
	}
	return out
}
