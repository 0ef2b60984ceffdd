package autotasktest

import (
	"slices"
	"strconv"
	"strings"

	"github.com/backupchecks/backupchecks/integrations/autotask"
)

// pv is a picklist value in the seed tables below.
func pv(value int64, label string, opts ...string) autotask.PicklistValue {
	v := autotask.PicklistValue{Value: strconv.FormatInt(value, 10), Label: label, IsActive: true}
	for _, o := range opts {
		switch o {
		case "system":
			v.IsSystem = true
		case "inactive":
			v.IsActive = false
		case "default":
			v.IsDefault = true
		default:
			v.ParentValue = o // a number: the parent picklist's value
		}
	}
	return v
}

// defaultPicklists are a tenant's picklists as a new one has them: the
// ids real tenants show (reference §5, §7, §8), with inactive and system
// values a client must handle.
func defaultPicklists() map[string][]autotask.PicklistValue {
	lists := map[string][]autotask.PicklistValue{
		"tickets.status": {pv(1, "New", "default"), pv(5, "Complete", "system"), pv(7, "Waiting Customer"),
			pv(8, "In Progress"), pv(12, "Waiting Vendor", "inactive")},
		"tickets.priority": {pv(1, "High"), pv(2, "Medium", "default"), pv(3, "Low"), pv(4, "Critical")},
		"tickets.queueid":  {pv(29683482, "Backup Alerts"), pv(29682833, "Helpdesk"), pv(5, "Client Portal", "system")},
		"tickets.source": {pv(8, "Monitoring Alert"), pv(2, "Email"), pv(4, "Phone"), pv(6, "Web Portal"),
			pv(11, "Old Source", "inactive")},
		"tickets.issuetype": {pv(7, "Backup"), pv(9, "Network")},
		"tickets.subissuetype": {pv(31, "Backup failed", "7"), pv(32, "Backup warning", "7"),
			pv(40, "Outage", "9")},
		"tickets.tickettype": {pv(1, "Service Request", "default"), pv(2, "Incident"), pv(4, "Problem"), pv(5, "Alert")},
		"ticketnotes.notetype": {pv(1, "Task Summary"), pv(2, "Task Detail"), pv(3, "Task Notes"),
			pv(13, "Workflow Rule Note", "system")},
		"ticketnotes.publish": {pv(1, "All Autotask Users", "default"), pv(2, "Internal Only")},
	}
	for _, vs := range lists {
		for i := range vs {
			vs[i].SortOrder = i + 1
		}
	}
	return lists
}

// Seed puts t's picklists back to the defaults a new tenant has.
func Seed(t *Tenant) {
	t.srv.mu.Lock()
	defer t.srv.mu.Unlock()
	t.picklists = defaultPicklists()
}

// SetPicklist replaces one picklist, e.g. ("Tickets", "queueID", ...);
// names are case-insensitive.
func (t *Tenant) SetPicklist(entity, field string, values []autotask.PicklistValue) {
	t.srv.mu.Lock()
	defer t.srv.mu.Unlock()
	t.picklists[strings.ToLower(entity+"."+field)] = slices.Clone(values)
}

// pick finds value in the picklist of e.f; the caller holds the lock.
func (t *Tenant) pick(e *entity, f *fieldDef, value int64) (autotask.PicklistValue, bool) {
	want := strconv.FormatInt(value, 10)
	for _, v := range t.picklists[strings.ToLower(e.name+"."+f.name)] {
		if v.Value == want {
			return v, true
		}
	}
	return autotask.PicklistValue{}, false
}
