package psa

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/secret"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/integrations/autotask"
)

// PicklistChanges is what a load of the reference data found.
type PicklistChanges struct {
	First bool           // no picklists were loaded before
	Lists []ListChanges  // one per picklist that changed since the last load
	Sizes map[string]int // values per picklist as loaded, by ListChanges.List
	// Adopted are stored defaults the load updated: labels matched to IDs
	// on the first load, cached labels of renamed values.
	Adopted []string
	// Flagged are stored defaults that are not usable any more (vanished,
	// inactive, never matched). They are kept as they are, never replaced
	// by a guess: an admin chooses again, and until then the settings
	// cannot be saved with the integration on.
	Flagged []FlaggedDefault
}

// Changed reports whether any picklist changed.
func (c PicklistChanges) Changed() bool { return len(c.Lists) > 0 }

// ListChanges are one picklist's changes since the last load.
type ListChanges struct {
	List        string // "queues", "ticket sources"...
	Added       []settings.PicklistChoice
	Removed     []settings.PicklistChoice
	Renamed     []Rename
	Deactivated []settings.PicklistChoice
	Reactivated []settings.PicklistChoice
}

// Rename is a value whose label changed; its ID stayed.
type Rename struct {
	ID       int64
	From, To string
}

// FlaggedDefault is a stored default that needs the admin's choice.
type FlaggedDefault struct {
	Field   string // the form field
	Choice  settings.Choice
	State   settings.ChoiceState
	Problem string // the sentence shown with the field
}

// picklistSource is one picklist Backupchecks reads: which field of which
// entity, and where it goes in settings.Picklists.
type picklistSource struct {
	entity, field, list string
	required            bool // a ticket or note cannot be made without it
	into                func(p *settings.Picklists) *[]settings.PicklistChoice
}

var picklistSources = []picklistSource{
	{"Tickets", "queueID", "queues", false, func(p *settings.Picklists) *[]settings.PicklistChoice { return &p.Queues }},
	{"Tickets", "source", "ticket sources", false, func(p *settings.Picklists) *[]settings.PicklistChoice { return &p.Sources }},
	{"Tickets", "status", "statuses", true, func(p *settings.Picklists) *[]settings.PicklistChoice { return &p.Statuses }},
	{"Tickets", "priority", "priorities", true, func(p *settings.Picklists) *[]settings.PicklistChoice { return &p.Priorities }},
	{"TicketNotes", "noteType", "note types", true, func(p *settings.Picklists) *[]settings.PicklistChoice { return &p.NoteTypes }},
	{"TicketNotes", "publish", "note publish values", true, func(p *settings.Picklists) *[]settings.PicklistChoice { return &p.Publish }},
}

// RefreshPicklists loads the reference data through the saved connection
// (with the integration off: ErrDisabled, and no call): the queue, source,
// status and priority picklists of Tickets/entityInformation/fields and
// the note type and publish picklists of TicketNotes' (Autotask has no
// Queues or TicketSources entity). It stores them, audited, and reports
// what changed since the last load. Stored defaults are never replaced:
// on the first load a default that holds only a label is matched to the
// active value of that label (case-insensitive), a renamed value's cached
// label is updated, and a default whose value vanished or became inactive
// keeps its ID and is flagged.
func (s *Service) RefreshPicklists(ctx context.Context, by audit.Actor) (PicklistChanges, error) {
	api, _, err := s.api()
	if err != nil {
		return PicklistChanges{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, formCallTimeout)
	defer cancel()
	return s.loadPicklists(ctx, api, true, by)
}

// LoadPicklists is the form's "Load from Autotask". With the integration
// on it is RefreshPicklists: the saved connection, the one tickets use.
// With it off it signs in with the form's settings cfg and the typed (else
// stored) secret, like TestConnection, so that an admin can choose the
// ticket defaults before switching the integration on; "off means no
// call" holds for everything but these two explicit clicks of an admin.
func (s *Service) LoadPicklists(ctx context.Context, cfg settings.Autotask, typed secret.Value, by audit.Actor) (PicklistChanges, error) {
	if s.Enabled() {
		return s.RefreshPicklists(ctx, by)
	}
	api, saved, err := s.formClient(cfg, typed)
	if err != nil {
		return PicklistChanges{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, formCallTimeout)
	defer cancel()
	return s.loadPicklists(ctx, api, saved, by)
}

func (s *Service) loadPicklists(ctx context.Context, api API, health bool, by audit.Actor) (PicklistChanges, error) {
	p, err := s.readPicklists(ctx, api)
	if health {
		s.noteHealth("load the reference data", err)
	}
	if err != nil {
		return PicklistChanges{}, err
	}
	var res PicklistChanges
	err = s.settings.SaveAutotaskReference(p, func(a *settings.Autotask, old settings.Picklists) (bool, string) {
		res = diffPicklists(old, p) // reset on every try of the write
		changed := adoptDefaults(a, old, p, &res)
		return changed, res.auditText()
	}, by)
	return res, err
}

// readPicklists reads both entities' fields and picks the six picklists.
func (s *Service) readPicklists(ctx context.Context, api API) (settings.Picklists, error) {
	p := settings.Picklists{Loaded: s.Now().UTC()}
	fields := map[string][]autotask.Field{}
	for _, src := range picklistSources {
		if _, done := fields[src.entity]; done {
			continue
		}
		fs, err := api.Fields(ctx, src.entity)
		if err != nil {
			return p, &CallError{Op: "read the " + src.entity + " fields from Autotask", Err: err}
		}
		fields[src.entity] = fs
	}
	for _, src := range picklistSources {
		f, found := findField(fields[src.entity], src.field)
		if !found && src.required {
			return p, &CallError{Op: "read the " + src.list + " from Autotask",
				Err: fmt.Errorf("%s/entityInformation/fields has no %s picklist (does the API user's security level allow reading %s?)", src.entity, src.field, src.entity)}
		}
		*src.into(&p) = choicesOf(f.PicklistValues)
	}
	return p, nil
}

func findField(fs []autotask.Field, name string) (autotask.Field, bool) {
	for _, f := range fs {
		if strings.EqualFold(f.Name, name) {
			return f, true
		}
	}
	return autotask.Field{}, false
}

// choicesOf converts picklist values in Autotask's sort order. A value
// that is not a positive integer cannot be sent as one of these fields
// and is left out, as is a second value with the same ID.
func choicesOf(vs []autotask.PicklistValue) []settings.PicklistChoice {
	vs = slices.Clone(vs)
	slices.SortStableFunc(vs, func(a, b autotask.PicklistValue) int { return cmp.Compare(a.SortOrder, b.SortOrder) })
	out := make([]settings.PicklistChoice, 0, len(vs))
	seen := map[int64]bool{}
	for _, v := range vs {
		id, err := strconv.ParseInt(strings.TrimSpace(v.Value), 10, 64)
		if err != nil || id <= 0 || seen[id] {
			continue
		}
		seen[id] = true
		out = append(out, settings.PicklistChoice{Choice: settings.Choice{ID: id, Label: strings.TrimSpace(v.Label)}, Active: v.IsActive, System: v.IsSystem})
	}
	return out
}

// diffPicklists compares a load with the one before (none on the first).
func diffPicklists(old, cur settings.Picklists) PicklistChanges {
	res := PicklistChanges{First: old.Loaded.IsZero(), Sizes: map[string]int{}}
	for _, src := range picklistSources {
		now := *src.into(&cur)
		res.Sizes[src.list] = len(now)
		if res.First {
			continue
		}
		before := *src.into(&old)
		lc := ListChanges{List: src.list}
		prev := map[int64]settings.PicklistChoice{}
		for _, v := range before {
			prev[v.ID] = v
		}
		for _, v := range now {
			o, ok := prev[v.ID]
			delete(prev, v.ID)
			switch {
			case !ok:
				lc.Added = append(lc.Added, v)
				continue
			case o.Label != v.Label:
				lc.Renamed = append(lc.Renamed, Rename{ID: v.ID, From: o.Label, To: v.Label})
			}
			switch {
			case o.Active && !v.Active:
				lc.Deactivated = append(lc.Deactivated, v)
			case !o.Active && v.Active:
				lc.Reactivated = append(lc.Reactivated, v)
			}
		}
		for _, v := range before {
			if _, gone := prev[v.ID]; gone {
				lc.Removed = append(lc.Removed, v)
			}
		}
		if len(lc.Added)+len(lc.Removed)+len(lc.Renamed)+len(lc.Deactivated)+len(lc.Reactivated) > 0 {
			res.Lists = append(res.Lists, lc)
		}
	}
	return res
}

// adoptDefaults updates the stored defaults a as far as a load allows
// (see RefreshPicklists), notes it in res, and flags the rest. It
// reports whether a changed.
func adoptDefaults(a *settings.Autotask, old, cur settings.Picklists, res *PicklistChanges) bool {
	changed := false
	for _, d := range a.Defaults(&cur) {
		c := d.Choice
		switch {
		case c.IsZero():
		case c.ID == 0: // a label-only default (the seed's) is matched on any load until it is
			if v, ok := matchLabel(d, c.Label); ok {
				to := choiceName(v.Choice)
				if v.Label == c.Label {
					to = fmt.Sprintf("#%d", v.ID)
				}
				res.Adopted = append(res.Adopted, fmt.Sprintf("%s %q matched to %s", d.Name, c.Label, to))
				*c, changed = v.Choice, true
			}
		case c.ID != 0:
			if v, ok := d.Find(c.ID); ok && v.Label != c.Label && v.Label != "" {
				res.Adopted = append(res.Adopted, fmt.Sprintf("%s #%d renamed in Autotask from %q to %q", d.Name, c.ID, c.Label, v.Label))
				c.Label, changed = v.Label, true
			}
		}
		if st := d.State(true); st != settings.ChoiceOK {
			res.Flagged = append(res.Flagged, FlaggedDefault{Field: d.Field, Choice: *c, State: st, Problem: d.Problem(true)})
		}
	}
	return changed
}

// matchLabel finds the offered (active) value labelled label: the same
// words ignoring case first, else ignoring also spaces and punctuation, so
// the seed's "Helpdesk" finds a tenant's "Help Desk" and never an
// inactive "Helpdesk" (inactive values are not offered).
func matchLabel(d settings.Default, label string) (settings.PicklistChoice, bool) {
	for _, same := range []func(a, b string) bool{
		func(a, b string) bool { return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b)) },
		func(a, b string) bool { return looseLabel(a) == looseLabel(b) },
	} {
		for _, v := range d.Values {
			if d.Offered(v) && same(v.Label, label) {
				return v, true
			}
		}
	}
	return settings.PicklistChoice{}, false
}

// looseLabel is a label's letters and digits, lower-cased.
func looseLabel(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func choiceName(c settings.Choice) string { return fmt.Sprintf("%q (#%d)", c.Label, c.ID) }

// auditText summarises a load for the audit log.
func (c PicklistChanges) auditText() string {
	var parts []string
	if c.First {
		parts = append(parts, "first load")
	}
	var sizes []string
	for _, src := range picklistSources {
		sizes = append(sizes, fmt.Sprintf("%d %s", c.Sizes[src.list], src.list))
	}
	parts = append(parts, strings.Join(sizes, ", "))
	for _, l := range c.Lists {
		parts = append(parts, fmt.Sprintf("%s: %d added, %d removed, %d renamed, %d deactivated, %d reactivated",
			l.List, len(l.Added), len(l.Removed), len(l.Renamed), len(l.Deactivated), len(l.Reactivated)))
	}
	if !c.First && len(c.Lists) == 0 {
		parts = append(parts, "no changes")
	}
	parts = append(parts, c.Adopted...)
	for _, f := range c.Flagged {
		parts = append(parts, "flagged: "+f.Problem)
	}
	return strings.Join(parts, "; ")
}
