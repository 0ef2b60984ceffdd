package psa_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/psa"
	"github.com/backupchecks/backupchecks/app/secret"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/integrations/autotask"
)

// formSettings is what an admin typed on Settings → Autotask, not saved.
func (w *world) formSettings() settings.Autotask {
	cfg := settings.DefaultAutotask()
	cfg.DiscoveryURL, cfg.Username, cfg.IntegrationCode = w.fake.DiscoveryURL(), "api@msp.example", "BACKUPCHECKS"
	return cfg
}

// switchOn saves the stored settings switched on with the fake's
// credentials, leaving the stored picklists as they are.
func (w *world) switchOn(edit func(*settings.Autotask)) {
	w.t.Helper()
	cfg, err := w.set.Autotask()
	if err != nil {
		w.t.Fatal(err)
	}
	if cfg.Secret, err = w.st.Cipher().Seal(secret.New("s3cret")); err != nil {
		w.t.Fatal(err)
	}
	cfg.Enabled, cfg.DiscoveryURL, cfg.Username, cfg.IntegrationCode = true, w.fake.DiscoveryURL(), "api@msp.example", "BACKUPCHECKS"
	cfg.BaseURL = "https://backups.msp.example"
	if edit != nil {
		edit(&cfg)
	}
	if err := w.st.SaveAutotask(cfg, audit.New(op, audit.SettingsAutotask, "autotask", "test")); err != nil {
		w.t.Fatal(err)
	}
}

func pv(value, label string, active bool) autotask.PicklistValue {
	return autotask.PicklistValue{Value: value, Label: label, IsActive: active}
}

func TestConnectionTestReportsZoneUserAndThreshold(t *testing.T) {
	w := newWorld(t)
	// Off and never saved: the form's credentials are used all the same.
	got, err := w.svc.TestConnection(w.ctx, w.formSettings(), secret.New("s3cret"))
	if err != nil {
		t.Fatal(err)
	}
	if got.Zone.Name != "AE02" || got.Zone.WebURL == "" || got.ResourceName() != "Backup Checks" ||
		got.Threshold.Limit != 10000 || got.Threshold.TimeframeMinutes != 60 || got.Threshold.Used < 1 {
		t.Fatalf("test result %+v", got)
	}
	_, err = w.svc.TestConnection(w.ctx, w.formSettings(), secret.New("wrong"))
	if !errors.Is(err, autotask.ErrUnauthorized) || !strings.Contains(autotask.Explain(err), "refused the API user") {
		t.Fatalf("wrong secret: %v", err)
	}
	if _, err := w.svc.TestConnection(w.ctx, w.formSettings(), secret.Value{}); !errors.Is(err, psa.ErrNoSecret) {
		t.Fatalf("no secret anywhere: %v", err)
	}
	if h, _ := w.svc.Health(); !h.LastOK.IsZero() || h.Failing() {
		t.Fatalf("a test of unsaved settings recorded the connection's health: %+v", h)
	}

	// The saved, enabled connection: a test is the connection's health.
	w.switchOn(nil)
	if _, err := w.svc.TestConnection(w.ctx, w.formSettings(), secret.Value{}); err != nil {
		t.Fatalf("with the stored secret: %v", err)
	}
	if h, _ := w.svc.Health(); h.LastOK.IsZero() {
		t.Fatal("a working test of the saved connection is not recorded")
	}
}

func TestReferenceDataFirstLoadMatchesLabelsThenRefreshReportsChanges(t *testing.T) {
	w := newWorld(t)
	// Off: the refresh calls nothing.
	if _, err := w.svc.RefreshPicklists(w.ctx, op); !errors.Is(err, psa.ErrDisabled) || w.fake.Calls() != 0 {
		t.Fatalf("refresh while off: %v, %d calls", err, w.fake.Calls())
	}

	// The first load, through the form's credentials before switching on:
	// the label-only defaults of a new appliance get their IDs.
	ch, err := w.svc.LoadPicklists(w.ctx, w.formSettings(), secret.New("s3cret"), op)
	if err != nil {
		t.Fatal(err)
	}
	if !ch.First || ch.Changed() || len(ch.Adopted) != 7 || len(ch.Flagged) != 0 || ch.Sizes["queues"] != 3 || ch.Sizes["statuses"] != 5 {
		t.Fatalf("first load: %+v", ch)
	}
	cfg, _ := w.set.Autotask()
	want := map[string]settings.Choice{
		"queue": {ID: 29682833, Label: "Helpdesk"}, "source": {ID: 8, Label: "Monitoring Alert"}, "status": {ID: 1, Label: "New"},
		"priority_warning": {ID: 2, Label: "Medium"}, "priority_failed": {ID: 1, Label: "High"},
		"note_type": {ID: 2, Label: "Task Detail"}, "note_publish": {ID: 2, Label: "Internal Only"},
	}
	p, _ := w.set.AutotaskPicklists()
	for _, d := range cfg.Defaults(&p) {
		if *d.Choice != want[d.Field] {
			t.Errorf("%s: %+v, want %+v", d.Field, *d.Choice, want[d.Field])
		}
	}
	if cfg.Enabled || p.Loaded.IsZero() || len(p.Sources) != 5 || p.Sources[4].Active {
		t.Fatalf("stored %+v / picklists %+v", cfg, p)
	}
	if err := cfg.Normalize(p); err != nil {
		t.Fatalf("the matched defaults do not validate: %v", err)
	}

	// Switched on with the phone source and status "Waiting Customer";
	// then Autotask renames the Helpdesk queue, adds a queue, deactivates
	// Phone and removes Waiting Customer.
	w.switchOn(func(a *settings.Autotask) {
		a.Source = settings.Choice{ID: 4, Label: "Phone"}
		a.Status = settings.Choice{ID: 7, Label: "Waiting Customer"}
	})
	w.tenant.SetPicklist("Tickets", "queueID", []autotask.PicklistValue{pv("29683482", "Backup Alerts", true),
		pv("29682833", "Service Desk", true), pv("5", "Client Portal", true), pv("29690001", "Escalations", true)})
	w.tenant.SetPicklist("Tickets", "source", []autotask.PicklistValue{pv("8", "Monitoring Alert", true), pv("2", "Email", true),
		pv("4", "Phone", false), pv("6", "Web Portal", true), pv("11", "Old Source", false)})
	w.tenant.SetPicklist("Tickets", "status", []autotask.PicklistValue{pv("1", "New", true), pv("5", "Complete", true),
		pv("8", "In Progress", true), pv("12", "Waiting Vendor", false)})

	ch, err = w.svc.RefreshPicklists(w.ctx, op)
	if err != nil {
		t.Fatal(err)
	}
	lists := map[string]psa.ListChanges{}
	for _, l := range ch.Lists {
		lists[l.List] = l
	}
	if len(ch.Lists) != 3 || ch.First {
		t.Fatalf("changed lists %+v", ch.Lists)
	}
	if q := lists["queues"]; len(q.Renamed) != 1 || q.Renamed[0] != (psa.Rename{ID: 29682833, From: "Helpdesk", To: "Service Desk"}) ||
		len(q.Added) != 1 || q.Added[0].ID != 29690001 || len(q.Removed)+len(q.Deactivated) != 0 {
		t.Errorf("queues %+v", q)
	}
	if s := lists["ticket sources"]; len(s.Deactivated) != 1 || s.Deactivated[0].ID != 4 || len(s.Added)+len(s.Removed)+len(s.Renamed) != 0 {
		t.Errorf("sources %+v", s)
	}
	if s := lists["statuses"]; len(s.Removed) != 1 || s.Removed[0].ID != 7 || s.Removed[0].Label != "Waiting Customer" {
		t.Errorf("statuses %+v", s)
	}
	flagged := map[string]psa.FlaggedDefault{}
	for _, f := range ch.Flagged {
		flagged[f.Field] = f
	}
	if len(flagged) != 2 || flagged["source"].State != settings.ChoiceInactive || flagged["status"].State != settings.ChoiceVanished ||
		!strings.Contains(flagged["status"].Problem, `"Waiting Customer" (#7) is no longer in Autotask`) {
		t.Fatalf("flagged %+v", ch.Flagged)
	}
	if len(ch.Adopted) != 1 || !strings.Contains(ch.Adopted[0], `"Helpdesk" to "Service Desk"`) {
		t.Fatalf("adopted %v", ch.Adopted)
	}

	// Stored: the renamed queue's new label; the flagged defaults untouched.
	cfg, _ = w.set.Autotask()
	if cfg.Queue != (settings.Choice{ID: 29682833, Label: "Service Desk"}) || cfg.Source != (settings.Choice{ID: 4, Label: "Phone"}) ||
		cfg.Status != (settings.Choice{ID: 7, Label: "Waiting Customer"}) {
		t.Fatalf("stored defaults %+v %+v %+v", cfg.Queue, cfg.Source, cfg.Status)
	}
	p, _ = w.set.AutotaskPicklists()
	if errs := cfg.CheckDefaults(p); len(errs) != 2 || errs["status"] == "" || errs["source"] == "" {
		t.Fatalf("the saved settings' problems: %v", errs)
	}
	if h, _ := w.svc.Health(); h.LastOK.IsZero() || h.Failing() {
		t.Fatalf("health after a refresh: %+v", h)
	}
	page, err := w.st.List(audit.Filter{Action: audit.AutotaskReference, Limit: 10})
	if err != nil || len(page.Events) != 2 {
		t.Fatalf("%d reference events, %v", len(page.Events), err)
	}
	if d := page.Events[0].Details; !strings.Contains(d, "queues: 1 added, 0 removed, 1 renamed") || !strings.Contains(d, "flagged: ") {
		t.Fatalf("audited as %q", d)
	}

	// Refreshing again changes nothing and still flags the two.
	ch, err = w.svc.RefreshPicklists(w.ctx, op)
	if err != nil || ch.Changed() || len(ch.Flagged) != 2 || len(ch.Adopted) != 0 {
		t.Fatalf("second refresh: %+v, %v", ch, err)
	}
	p, _ = w.set.AutotaskPicklists()

	// A failing load records the health and stores nothing.
	w.tenant.SetPicklist("Tickets", "status", nil)
	w.fake.Exhaust(true)
	if _, err := w.svc.RefreshPicklists(w.ctx, op); err == nil {
		t.Fatal("a refused load succeeded")
	}
	if h, _ := w.svc.Health(); !h.Failing() || h.Operation != "load the reference data" {
		t.Fatalf("health after a failed load: %+v", h)
	}
	if p2, _ := w.set.AutotaskPicklists(); !p2.Loaded.Equal(p.Loaded) || len(p2.Statuses) != 4 {
		t.Fatal("a failed load changed the stored picklists")
	}
}
