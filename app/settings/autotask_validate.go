package settings

import (
	"fmt"
	"net/url"
	"strings"
)

// Default is one ticket or note default of Settings → Autotask with the
// loaded picklist it chooses from.
type Default struct {
	Field    string           // the form field: "queue", "priority_failed"...
	Name     string           // for sentences: "default queue"
	Optional bool             // may stay empty: then Backupchecks does not send it
	NoSystem bool             // Autotask's system values are not offered (note types)
	Choice   *Choice          // in the Autotask it was taken from
	Values   []PicklistChoice // the loaded picklist (nil before the first load)
}

// Defaults lists a's ticket and note defaults, in the form's order, with
// the lists of p they choose from. Choice points into a.
func (a *Autotask) Defaults(p *Picklists) []Default {
	return []Default{
		{Field: "queue", Name: "queue", Optional: true, Choice: &a.Queue, Values: p.Queues},
		{Field: "source", Name: "ticket source", Optional: true, Choice: &a.Source, Values: p.Sources},
		{Field: "status", Name: "status", Choice: &a.Status, Values: p.Statuses},
		{Field: "priority_warning", Name: "priority for warnings", Choice: &a.PriorityWarning, Values: p.Priorities},
		{Field: "priority_failed", Name: "priority for failed and missed runs", Choice: &a.PriorityFailed, Values: p.Priorities},
		{Field: "note_type", Name: "note type", NoSystem: true, Choice: &a.NoteType, Values: p.NoteTypes},
		{Field: "note_publish", Name: "note publish setting", Choice: &a.NotePublish, Values: p.Publish},
	}
}

// Offered reports whether v may be chosen: active, and not a system value
// where those are reserved.
func (d Default) Offered(v PicklistChoice) bool { return v.Active && !(d.NoSystem && v.System) }

// Find returns the loaded value with the given ID.
func (d Default) Find(id int64) (PicklistChoice, bool) {
	for _, v := range d.Values {
		if v.ID == id {
			return v, true
		}
	}
	return PicklistChoice{}, false
}

// ChoiceState is how a stored default stands against the loaded picklist.
type ChoiceState int

const (
	ChoiceOK        ChoiceState = iota // an offered value, or empty where that is allowed
	ChoiceEmpty                        // nothing chosen where a value is required
	ChoiceUnmatched                    // a label only (never matched to an ID)
	ChoiceVanished                     // the ID is no longer in Autotask
	ChoiceInactive                     // the ID is inactive in Autotask
	ChoiceSystem                       // the ID is a system value this default may not use
	ChoiceUnknown                      // the picklists were never loaded, so the ID cannot be judged
)

// State judges the stored choice against the loaded picklist; loaded says
// whether the picklists were ever loaded.
func (d Default) State(loaded bool) ChoiceState {
	c := *d.Choice
	switch {
	case c.IsZero() && d.Optional:
		return ChoiceOK
	case c.IsZero():
		return ChoiceEmpty
	case c.ID == 0:
		return ChoiceUnmatched
	case !loaded:
		return ChoiceUnknown
	}
	v, ok := d.Find(c.ID)
	switch {
	case !ok:
		return ChoiceVanished
	case !v.Active:
		return ChoiceInactive
	case d.NoSystem && v.System:
		return ChoiceSystem
	}
	return ChoiceOK
}

// Problem is the field error of the default's state, "" when it is fine.
// Before the first load only a missing ID is a problem.
func (d Default) Problem(loaded bool) string {
	c := *d.Choice
	other := "choose another."
	if d.Optional {
		other = "choose another, or none."
	}
	name := fmt.Sprintf("%q (#%d)", c.Label, c.ID)
	switch d.State(loaded) {
	case ChoiceEmpty:
		if !loaded {
			return fmt.Sprintf("Load the reference data from Autotask (the button below), then choose the %s.", d.Name)
		}
		return fmt.Sprintf("Choose the %s.", d.Name)
	case ChoiceUnmatched:
		if !loaded {
			return fmt.Sprintf("Load the reference data from Autotask (the button below) to match the %s %q to Autotask's.", d.Name, c.Label)
		}
		return fmt.Sprintf("Autotask has no active %s %q: %s", d.Name, c.Label, other)
	case ChoiceVanished:
		return fmt.Sprintf("The %s %s is no longer in Autotask: %s", d.Name, name, other)
	case ChoiceInactive:
		return fmt.Sprintf("The %s %s is inactive in Autotask: %s", d.Name, name, other)
	case ChoiceSystem:
		return fmt.Sprintf("The %s %s is reserved by Autotask: %s", d.Name, name, other)
	}
	return ""
}

// CheckDefaults reports each default that is not one of p's offered
// values, by form field. Before the first load it reports only required
// defaults that have no ID yet.
func (a *Autotask) CheckDefaults(p Picklists) FieldErrors {
	errs := FieldErrors{}
	loaded := !p.Loaded.IsZero()
	for _, d := range a.Defaults(&p) {
		if msg := d.Problem(loaded); msg != "" {
			errs[d.Field] = msg
		}
	}
	return errs
}

// NormalizeConnection trims and checks what a connection needs: the
// environment, the discovery URL, the user name and the integration code
// (the secret is apart: it may be stored or typed). Test connection and
// Load from Autotask check only this.
func (a *Autotask) NormalizeConnection() error {
	if errs := a.normalizeConnection(true); len(errs) > 0 {
		return errs
	}
	return nil
}

func (a *Autotask) normalizeConnection(required bool) FieldErrors {
	a.Environment = strings.TrimSpace(a.Environment)
	a.DiscoveryURL = strings.TrimSpace(a.DiscoveryURL)
	a.Username = strings.TrimSpace(a.Username)
	a.IntegrationCode = strings.TrimSpace(a.IntegrationCode)
	if a.Environment == "" {
		a.Environment = EnvProduction
	}
	if a.DiscoveryURL == "" {
		a.DiscoveryURL = DefaultAutotaskDiscoveryURL
	}
	errs := FieldErrors{}
	if a.Environment != EnvProduction && a.Environment != EnvSandbox {
		errs["environment"] = "Choose production or sandbox."
	}
	u, err := url.Parse(a.DiscoveryURL)
	if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" ||
		(u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname()))) {
		errs["discovery_url"] = "Enter the zone discovery address as an https:// URL (the default is " + DefaultAutotaskDiscoveryURL + ")."
	}
	if required && a.Username == "" {
		errs["username"] = "Enter the API user's user name (Admin → Resources → the API-only user; it looks like an e-mail address)."
	}
	if required && a.IntegrationCode == "" {
		errs["integration_code"] = "Enter the API integration code (the tracking identifier on the API user's Security tab)."
	}
	return errs
}

// Normalize trims the fields, fills defaults and validates. p is the
// reference data last loaded: with the integration on, every default
// must be one of its offered values (queue and source may stay empty),
// so that an invalid configuration cannot be saved. The labels of the
// chosen values are taken from p. The secret is required when enabled:
// SaveAutotask seals a typed one before it calls Normalize.
func (a *Autotask) Normalize(p Picklists) error {
	errs := a.normalizeConnection(a.Enabled)
	if a.Enabled && a.Secret.IsZero() {
		errs["secret"] = "Enter the API user's secret (its password)."
	}
	a.BaseURL = strings.TrimRight(strings.TrimSpace(a.BaseURL), "/")
	switch {
	case a.BaseURL != "":
		if msg := CheckBaseURL(a.BaseURL); msg != "" {
			errs["base_url"] = msg
		}
	case a.Enabled:
		errs["base_url"] = "Enter the address people open Backupchecks at, such as https://backups.example.com: every ticket links to its run on Job Details."
	}
	if a.DueHours < 1 || a.DueHours > 720 {
		errs["due_hours"] = "Make tickets due in 1 to 720 hours."
	}
	if a.SyncInterval < 15 || a.SyncInterval > 1440 {
		errs["sync_interval"] = "Sync every 15 to 1440 minutes."
	}
	for _, d := range a.Defaults(&p) {
		d.Choice.Label = strings.TrimSpace(d.Choice.Label)
		if v, ok := d.Find(d.Choice.ID); ok && d.Choice.ID != 0 {
			d.Choice.Label = v.Label
		}
	}
	if a.Enabled {
		for field, msg := range a.CheckDefaults(p) {
			errs[field] = msg
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}
