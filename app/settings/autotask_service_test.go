package settings_test

import (
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/secret"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/storage"
)

func TestSaveAutotaskSealsTheSecretAndAuditsWithoutIt(t *testing.T) {
	st, err := storage.Open(storage.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	svc := settings.NewService(st)
	svc.Cipher = st.Cipher()
	admin := audit.Actor{Name: "admin", IP: "127.0.0.1"}

	p := settings.Picklists{Statuses: []settings.PicklistChoice{{Choice: settings.Choice{ID: 1, Label: "New"}, Active: true}},
		Priorities: []settings.PicklistChoice{{Choice: settings.Choice{ID: 1, Label: "High"}, Active: true}, {Choice: settings.Choice{ID: 2, Label: "Medium"}, Active: true}},
		NoteTypes:  []settings.PicklistChoice{{Choice: settings.Choice{ID: 2, Label: "Task Detail"}, Active: true}},
		Publish:    []settings.PicklistChoice{{Choice: settings.Choice{ID: 2, Label: "Internal Only"}, Active: true}},
		Loaded:     time.Now()}
	if err := st.SaveAutotaskPicklists(p, nil); err != nil {
		t.Fatal(err)
	}
	a := settings.DefaultAutotask()
	a.Enabled, a.Username, a.IntegrationCode, a.BaseURL = true, "api@msp.example", "CODE", "https://backups.example.com/"
	a.Queue, a.Source = settings.Choice{}, settings.Choice{}
	a.Status, a.PriorityWarning, a.PriorityFailed = settings.Choice{ID: 1}, settings.Choice{ID: 2}, settings.Choice{ID: 1}
	a.NoteType, a.NotePublish = settings.Choice{ID: 2}, settings.Choice{ID: 2}

	// Enabled without any secret: refused, nothing stored.
	if _, err := svc.SaveAutotask(a, secret.Value{}, admin); err == nil || err.(settings.FieldErrors)["secret"] == "" {
		t.Fatalf("no secret: %v", err)
	}
	saved, err := svc.SaveAutotask(a, secret.New("hunter2-secret"), admin)
	if err != nil {
		t.Fatal(err)
	}
	if saved.Status.Label != "New" || saved.BaseURL != "https://backups.example.com" || saved.Secret.IsZero() {
		t.Fatalf("saved %+v", saved)
	}
	if got, _ := svc.AutotaskSecret(); got.Reveal() != "hunter2-secret" {
		t.Fatal("the secret does not open")
	}
	// An empty secret keeps the stored one; an invalid form keeps it too.
	saved.DueHours = 48
	if _, err := svc.SaveAutotask(saved, secret.Value{}, admin); err != nil {
		t.Fatal(err)
	}
	bad := saved
	bad.SyncInterval = 1
	if got, err := svc.SaveAutotask(bad, secret.New("typed-but-invalid"), admin); err == nil || got.Secret.IsZero() {
		t.Fatalf("invalid save: %v", err)
	}
	if got, _ := svc.AutotaskSecret(); got.Reveal() != "hunter2-secret" {
		t.Fatal("an invalid save replaced the secret")
	}
	page, err := st.List(audit.Filter{Action: audit.SettingsAutotask, Limit: 10})
	if err != nil || len(page.Events) != 2 {
		t.Fatalf("%d events, %v", len(page.Events), err)
	}
	for _, ev := range page.Events {
		if strings.Contains(ev.Details, "hunter2") {
			t.Fatalf("the secret is in the audit log: %s", ev.Details)
		}
	}
	if first := page.Events[1].Details; !strings.Contains(first, "secret changed") || !strings.Contains(first, "status: New (not matched) → New (#1)") {
		t.Fatalf("first save audited as %q", first)
	}
	if second := page.Events[0].Details; second != "due hours: 24 → 48" {
		t.Fatalf("second save audited as %q", second)
	}
}
