package settings

import (
	"time"

	"github.com/backupchecks/backupchecks/app/secret"
)

// Environment says which Autotask database the API user belongs to. Both
// are reached through the same zone discovery: a sandbox is another
// database with its own API user, so only the credentials differ.
const (
	EnvProduction = "production"
	EnvSandbox    = "sandbox"
)

// DefaultAutotaskDiscoveryURL is where Autotask answers which zone a user
// lives in (integrations/autotask.DefaultDiscoveryURL).
const DefaultAutotaskDiscoveryURL = "https://webservices.autotask.net/atservicesrest/"

// Choice is a picklist value chosen in the settings: stored by ID, with
// the label cached for display and for matching after a refresh.
type Choice struct {
	ID    int64  `json:"id"`
	Label string `json:"label"`
}

// IsZero reports whether nothing was chosen.
func (c Choice) IsZero() bool { return c.ID == 0 && c.Label == "" }

// Autotask is Settings → Integrations → Autotask.
type Autotask struct {
	Enabled         bool          `json:"enabled"`
	Environment     string        `json:"environment"`   // EnvProduction or EnvSandbox
	DiscoveryURL    string        `json:"discovery_url"` // zone lookup; the default unless testing
	Username        string        `json:"username"`      // the API-only user
	Secret          secret.Sealed `json:"secret,omitempty"`
	IntegrationCode string        `json:"integration_code"` // ApiIntegrationCode (the "tracking identifier")
	// BaseURL is how the ticket's readers reach Backupchecks: every ticket
	// links to its run on Job Details, so none is created without it.
	BaseURL string `json:"base_url"`

	Queue           Choice `json:"queue"`
	Source          Choice `json:"source"`
	Status          Choice `json:"status"`
	PriorityWarning Choice `json:"priority_warning"`
	PriorityFailed  Choice `json:"priority_failed"` // failed and missed runs
	DueHours        int    `json:"due_hours"`

	AllowResolve bool `json:"allow_resolve"`
	// ManualTickets keeps manual ticket numbers available while the
	// integration is on (a transition aid; off by default).
	ManualTickets bool   `json:"manual_tickets"`
	NoteType      Choice `json:"note_type"`
	NotePublish   Choice `json:"note_publish"` // the "internal" publish value

	// SyncInterval is the minutes between the company sync and the check
	// of open linked tickets.
	SyncInterval int       `json:"sync_interval"`
	Saved        time.Time `json:"saved"`
}

// DefaultAutotask is what a new appliance starts with: off. The ticket
// defaults hold labels only; they are matched to IDs when the picklists
// are first loaded.
func DefaultAutotask() Autotask {
	return Autotask{
		Environment: EnvProduction, DiscoveryURL: DefaultAutotaskDiscoveryURL,
		Queue: Choice{Label: "Helpdesk"}, Source: Choice{Label: "Monitoring Alert"}, Status: Choice{Label: "New"},
		PriorityWarning: Choice{Label: "Medium"}, PriorityFailed: Choice{Label: "High"}, DueHours: 24,
		AllowResolve: true, NoteType: Choice{Label: "Task Detail"}, NotePublish: Choice{Label: "Internal Only"},
		SyncInterval: 60,
	}
}

// Picklists are Autotask's reference data the ticket defaults choose
// from: values of the Tickets and TicketNotes fields, read from
// entityInformation/fields (there is no Queues or TicketSources entity).
type Picklists struct {
	Queues     []PicklistChoice `json:"queues"`
	Sources    []PicklistChoice `json:"sources"`
	Statuses   []PicklistChoice `json:"statuses"`
	Priorities []PicklistChoice `json:"priorities"`
	NoteTypes  []PicklistChoice `json:"note_types"`
	Publish    []PicklistChoice `json:"publish"`
	Loaded     time.Time        `json:"loaded"` // zero: never loaded
}

// PicklistChoice is one picklist value as loaded.
type PicklistChoice struct {
	Choice
	Active bool `json:"active"`
	System bool `json:"system,omitempty"`
}
