package settings

import (
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/secret"
)

// loadedPicklists is what a fresh Autotask tenant offers (as the fake).
func loadedPicklists() Picklists {
	pc := func(id int64, label string, active bool, system bool) PicklistChoice {
		return PicklistChoice{Choice: Choice{ID: id, Label: label}, Active: active, System: system}
	}
	return Picklists{
		Queues:     []PicklistChoice{pc(29683482, "Backup Alerts", true, false), pc(29682833, "Helpdesk", true, false), pc(5, "Client Portal", true, true)},
		Sources:    []PicklistChoice{pc(8, "Monitoring Alert", true, false), pc(11, "Old Source", false, false)},
		Statuses:   []PicklistChoice{pc(1, "New", true, false), pc(12, "Waiting Vendor", false, false)},
		Priorities: []PicklistChoice{pc(1, "High", true, false), pc(2, "Medium", true, false)},
		NoteTypes:  []PicklistChoice{pc(2, "Task Detail", true, false), pc(13, "Workflow Rule Note", true, true)},
		Publish:    []PicklistChoice{pc(1, "All Autotask Users", true, false), pc(2, "Internal Only", true, false)},
		Loaded:     time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC),
	}
}

// validAutotask is an enabled configuration with every default chosen.
func validAutotask() Autotask {
	a := DefaultAutotask()
	a.Enabled, a.Username, a.IntegrationCode, a.Secret = true, "api@msp.example", "CODE", secret.Sealed("sealed")
	a.BaseURL = "https://backups.example.com"
	a.Queue, a.Source, a.Status = Choice{ID: 29682833, Label: "Helpdesk"}, Choice{ID: 8, Label: "Monitoring Alert"}, Choice{ID: 1, Label: "New"}
	a.PriorityWarning, a.PriorityFailed = Choice{ID: 2, Label: "Medium"}, Choice{ID: 1, Label: "High"}
	a.NoteType, a.NotePublish = Choice{ID: 2, Label: "Task Detail"}, Choice{ID: 2, Label: "Internal Only"}
	return a
}

func TestAutotaskValidation(t *testing.T) {
	loaded, none := loadedPicklists(), Picklists{}
	cases := []struct {
		name  string
		edit  func(a *Autotask)
		p     Picklists
		field string // "" = valid
	}{
		{"valid", func(*Autotask) {}, loaded, ""},
		{"defaults, off", func(a *Autotask) { *a = DefaultAutotask() }, none, ""},
		{"defaults, off, picklists loaded (labels only are fine while off)", func(a *Autotask) { *a = DefaultAutotask() }, loaded, ""},
		{"sandbox", func(a *Autotask) { a.Environment = EnvSandbox }, loaded, ""},
		{"unknown environment", func(a *Autotask) { a.Environment = "staging" }, loaded, "environment"},
		{"discovery over http", func(a *Autotask) { a.DiscoveryURL = "http://webservices.autotask.net/atservicesrest/" }, loaded, "discovery_url"},
		{"discovery over http to loopback", func(a *Autotask) { a.DiscoveryURL = "http://127.0.0.1:8081/atservicesrest/" }, loaded, ""},
		{"discovery not a URL", func(a *Autotask) { a.DiscoveryURL = "webservices.autotask.net" }, loaded, "discovery_url"},
		{"no username", func(a *Autotask) { a.Username = " " }, loaded, "username"},
		{"no username while off", func(a *Autotask) { a.Enabled, a.Username = false, "" }, loaded, ""},
		{"no integration code", func(a *Autotask) { a.IntegrationCode = "" }, loaded, "integration_code"},
		{"no secret", func(a *Autotask) { a.Secret = nil }, loaded, "secret"},
		{"no base URL", func(a *Autotask) { a.BaseURL = "" }, loaded, "base_url"},
		{"no base URL while off", func(a *Autotask) { a.Enabled, a.BaseURL = false, "" }, loaded, ""},
		{"relative base URL", func(a *Autotask) { a.BaseURL = "backups.example.com" }, loaded, "base_url"},
		{"base URL with query", func(a *Autotask) { a.BaseURL = "https://backups.example.com/?a=1" }, loaded, "base_url"},
		{"base URL with fragment", func(a *Autotask) { a.BaseURL = "https://backups.example.com/#x" }, loaded, "base_url"},
		{"bad base URL while off", func(a *Autotask) { a.Enabled, a.BaseURL = false, "ftp://x" }, loaded, "base_url"},
		{"due 0 hours", func(a *Autotask) { a.DueHours = 0 }, loaded, "due_hours"},
		{"due 721 hours", func(a *Autotask) { a.DueHours = 721 }, loaded, "due_hours"},
		{"due 720 hours", func(a *Autotask) { a.DueHours = 720 }, loaded, ""},
		{"sync every 14 minutes", func(a *Autotask) { a.SyncInterval = 14 }, loaded, "sync_interval"},
		{"sync every 1441 minutes", func(a *Autotask) { a.SyncInterval = 1441 }, loaded, "sync_interval"},
		{"sync every 15 minutes", func(a *Autotask) { a.SyncInterval = 15 }, loaded, ""},
		{"no queue (not sent)", func(a *Autotask) { a.Queue = Choice{} }, loaded, ""},
		{"no source (not sent)", func(a *Autotask) { a.Source = Choice{} }, loaded, ""},
		{"no status", func(a *Autotask) { a.Status = Choice{} }, loaded, "status"},
		{"vanished queue", func(a *Autotask) { a.Queue = Choice{ID: 777, Label: "Gone"} }, loaded, "queue"},
		{"inactive source", func(a *Autotask) { a.Source = Choice{ID: 11, Label: "Old Source"} }, loaded, "source"},
		{"inactive status", func(a *Autotask) { a.Status = Choice{ID: 12, Label: "Waiting Vendor"} }, loaded, "status"},
		{"vanished warning priority", func(a *Autotask) { a.PriorityWarning = Choice{ID: 3, Label: "Low"} }, loaded, "priority_warning"},
		{"unmatched failed priority", func(a *Autotask) { a.PriorityFailed = Choice{Label: "Urgent"} }, loaded, "priority_failed"},
		{"system note type", func(a *Autotask) { a.NoteType = Choice{ID: 13, Label: "Workflow Rule Note"} }, loaded, "note_type"},
		{"system queue is allowed", func(a *Autotask) { a.Queue = Choice{ID: 5, Label: "Client Portal"} }, loaded, ""},
		{"vanished publish", func(a *Autotask) { a.NotePublish = Choice{ID: 3, Label: "Co-managed"} }, loaded, "note_publish"},
		{"vanished default while off is saved", func(a *Autotask) { a.Enabled, a.Queue = false, Choice{ID: 777, Label: "Gone"} }, loaded, ""},
		{"enabled before any load: IDs cannot be judged", func(*Autotask) {}, none, ""},
		{"enabled before any load with labels only", func(a *Autotask) { a.Status = Choice{Label: "New"} }, none, "status"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := validAutotask()
			c.edit(&a)
			err := a.Normalize(c.p)
			if c.field == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			fe, ok := err.(FieldErrors)
			if !ok || fe[c.field] == "" {
				t.Fatalf("got %v, want an error on %s", err, c.field)
			}
		})
	}
}

func TestAutotaskNormalizeTrimsAndTakesLoadedLabels(t *testing.T) {
	a := validAutotask()
	a.Environment, a.DiscoveryURL, a.Username, a.IntegrationCode = "", " ", " api@msp.example ", " CODE "
	a.BaseURL = " https://backups.example.com/ "
	a.Queue.Label = "old name"
	if err := a.Normalize(loadedPicklists()); err != nil {
		t.Fatal(err)
	}
	if a.Environment != EnvProduction || a.DiscoveryURL != DefaultAutotaskDiscoveryURL || a.Username != "api@msp.example" ||
		a.IntegrationCode != "CODE" || a.BaseURL != "https://backups.example.com" || a.Queue.Label != "Helpdesk" {
		t.Fatalf("not normalised: %+v", a)
	}
	fe := a.CheckDefaults(Picklists{})
	if len(fe) != 0 {
		t.Fatalf("before a load, IDs are not judged: %v", fe)
	}
	a.Queue = Choice{ID: 777, Label: "Gone"}
	if msg := a.CheckDefaults(loadedPicklists())["queue"]; !strings.Contains(msg, `"Gone" (#777) is no longer in Autotask`) || !strings.Contains(msg, "or none") {
		t.Fatalf("vanished queue: %q", msg)
	}
}
