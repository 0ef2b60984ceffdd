package psa_test

import (
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/app/secret"
	"github.com/backupchecks/backupchecks/integrations/autotask"
)

// A tenant's own labels: the seed's "Helpdesk" finds the active "Help
// Desk", never the inactive "Helpdesk", and "Monitoring alert" in another
// case finds "Monitoring-Alert".
func TestReferenceDataMatchesLabelsIgnoringCaseSpacesAndPunctuationPreferringActive(t *testing.T) {
	w := newWorld(t)
	w.tenant.SetPicklist("Tickets", "queueID", []autotask.PicklistValue{
		{Value: "11", Label: "Helpdesk", IsActive: false, SortOrder: 1},
		{Value: "12", Label: "Help Desk", IsActive: true, SortOrder: 2},
		{Value: "13", Label: "Backup Alerts", IsActive: true, SortOrder: 3},
	})
	w.tenant.SetPicklist("Tickets", "source", []autotask.PicklistValue{
		{Value: "8", Label: "Monitoring-Alert", IsActive: true},
		{Value: "4", Label: "Phone", IsActive: true},
	})
	ch, err := w.svc.LoadPicklists(w.ctx, w.formSettings(), secret.New("s3cret"), op)
	if err != nil {
		t.Fatal(err)
	}
	cfg, _ := w.set.Autotask()
	if cfg.Queue.ID != 12 || cfg.Source.ID != 8 {
		t.Fatalf("queue %+v, source %+v; adopted %v, flagged %+v", cfg.Queue, cfg.Source, ch.Adopted, ch.Flagged)
	}
	if !strings.Contains(strings.Join(ch.Adopted, "; "), `queue "Helpdesk" matched to "Help Desk" (#12)`) {
		t.Errorf("the load does not say what it matched: %v", ch.Adopted)
	}
}

// The tenant closes Resources: the test still works, reads the ticket
// picklists and says the user's name is unavailable.
func TestConnectionTestWithoutResources(t *testing.T) {
	w := newWorld(t)
	w.tenant.DenyEntity("Resources")
	got, err := w.svc.TestConnection(w.ctx, w.formSettings(), secret.New("s3cret"))
	if err != nil {
		t.Fatalf("test on a tenant without Resources: %v", err)
	}
	if got.Zone.Name != "AE02" || got.Threshold.Limit != 10000 || got.ResourceName() != "" ||
		!strings.Contains(got.UserUnreadable, "security level does not allow") || got.PicklistsUnreadable != "" || len(got.Picklists.Queues) != 3 {
		t.Fatalf("test result %+v", got)
	}
}
