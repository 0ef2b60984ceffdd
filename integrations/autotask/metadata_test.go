package autotask_test

import (
	"testing"

	"github.com/backupchecks/backupchecks/integrations/autotask"
)

func field(fs []autotask.Field, name string) autotask.Field {
	for _, f := range fs {
		if f.Name == name {
			return f
		}
	}
	return autotask.Field{}
}

func value(f autotask.Field, v string) (autotask.PicklistValue, bool) {
	for _, p := range f.PicklistValues {
		if p.Value == v {
			return p, true
		}
	}
	return autotask.PicklistValue{}, false
}

func TestTicketPicklistsKeepInactiveAndSystemValues(t *testing.T) {
	w := newWorld(t)
	c := w.client()
	fs, err := c.Fields(ctx, "Tickets")
	if err != nil {
		t.Fatal(err)
	}
	status := field(fs, "status")
	if !status.IsPickList || !status.IsRequired || len(status.PicklistValues) != 5 {
		t.Fatalf("status %+v", status)
	}
	if v, _ := value(status, "12"); v.Label != "Waiting Vendor" || v.IsActive {
		t.Errorf("12: %+v, want the inactive Waiting Vendor", v)
	}
	if v, _ := value(status, "5"); v.Label != "Complete" || !v.IsSystem || !v.IsActive {
		t.Errorf("5: %+v", v)
	}
	queue := field(fs, "queueID")
	if v, _ := value(queue, "29683482"); queue.IsRequired || v.Label != "Backup Alerts" {
		t.Errorf("queueID %+v", queue)
	}
	if v, _ := value(field(fs, "source"), "11"); v.Label != "Old Source" || v.IsActive {
		t.Errorf("source 11: %+v", v)
	}
	if v, _ := value(field(fs, "subIssueType"), "31"); v.ParentValue != "7" {
		t.Errorf("subIssueType 31: %+v", v)
	}
	if f := field(fs, "creatorType"); f.IsQueryable || !f.IsReadOnly {
		t.Errorf("creatorType %+v", f)
	}

	w.tenant.SetPicklist("tickets", "QUEUEID", []autotask.PicklistValue{{Value: "77", Label: "Night Shift", IsActive: true}})
	fs, err = c.Fields(ctx, "Tickets")
	if q := field(fs, "queueID"); err != nil || len(q.PicklistValues) != 1 || q.PicklistValues[0].Label != "Night Shift" {
		t.Fatalf("after SetPicklist: %+v, %v", q, err)
	}
}

func TestNotePicklists(t *testing.T) {
	w := newWorld(t)
	fs, err := w.client().Fields(ctx, "TicketNotes")
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := value(field(fs, "publish"), "2"); v.Label != "Internal Only" {
		t.Errorf("publish 2: %+v", v)
	}
	if v, _ := value(field(fs, "noteType"), "13"); !v.IsSystem {
		t.Errorf("noteType 13: %+v", v)
	}
}

func TestThresholdCountsRequests(t *testing.T) {
	w := newWorld(t)
	c := w.client()
	first, err := c.Threshold(ctx)
	if err != nil {
		t.Fatal(err)
	}
	second, err := c.Threshold(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if first.Limit != 10000 || first.TimeframeMinutes != 60 || first.Used != 1 || second.Used != 2 {
		t.Fatalf("thresholds %+v then %+v", first, second)
	}
}

func TestAPIUser(t *testing.T) {
	w := newWorld(t)
	r, err := w.client().APIUser(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r.UserName != testUser || r.Name() != "Backup Checks" || !r.Active || r.ID == 0 {
		t.Fatalf("resource %+v", r)
	}
}
