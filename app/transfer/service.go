package transfer

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/overrides"
)

// Store reads what exists and writes a plan in one transaction.
type Store interface {
	Customers() ([]customers.Customer, error)
	Jobs() ([]jobs.Job, error)
	Overrides() ([]overrides.Override, error)
	// ApplyImport writes the plan's creations and changes, with ev, all
	// or nothing.
	ApplyImport(p Plan, ev audit.Event) error
}

// Service exports and imports.
type Service struct {
	Store Store
	Now   func() time.Time
}

// Export is the whole of customers and jobs, by name.
func (s *Service) Export() (File, error) {
	cs, err := s.Store.Customers()
	if err != nil {
		return File{}, err
	}
	js, err := s.Store.Jobs()
	if err != nil {
		return File{}, err
	}
	f := File{Format: Format, Version: Version, Exported: s.Now().UTC(), Customers: []Customer{}, Jobs: []Job{}}
	names := map[uint64]string{}
	for _, c := range cs {
		names[c.ID] = c.Name
		x := Customer{Name: c.Name, Active: c.Active}
		if c.Autotask != nil {
			id := c.Autotask.CompanyID
			x.AutotaskCompanyID, x.AutotaskCompany = &id, c.Autotask.Name
		}
		f.Customers = append(f.Customers, x)
	}
	for _, j := range js {
		x := Job{Customer: names[j.CustomerID], Source: j.Source, Software: j.Software, Type: j.Type, Name: j.Name,
			MatchKey: j.MatchKey, Aliases: j.Aliases, Archived: j.Archived, Schedule: j.Override, Silence: j.Silence}
		if !j.InferredAt.IsZero() {
			inf := j.Inferred
			x.Inferred = &inf
		}
		f.Jobs = append(f.Jobs, x)
	}
	keyOf := map[uint64]string{}
	for _, j := range js {
		keyOf[j.ID] = j.MatchKey
	}
	os, err := s.Store.Overrides()
	if err != nil {
		return File{}, err
	}
	for _, o := range os {
		f.Overrides = append(f.Overrides, Override{Job: keyOf[o.JobID], Software: o.Software, Type: o.Type, Statuses: o.Statuses,
			Object: o.Object, Message: o.Message, From: o.From.UTC(), Until: o.Until.UTC(), Reason: o.Reason, By: o.By})
	}
	slices.SortFunc(f.Customers, func(a, b Customer) int {
		return cmp.Compare(customers.NormalizeName(a.Name), customers.NormalizeName(b.Name))
	})
	slices.SortFunc(f.Jobs, func(a, b Job) int {
		return cmp.Or(cmp.Compare(a.Customer, b.Customer), cmp.Compare(a.MatchKey, b.MatchKey))
	})
	return f, nil
}

// WriteJSON writes the export, indented for people who read it.
func WriteJSON(w io.Writer, f File) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(f)
}

// ReadJSON reads an export, refusing what is not one.
func ReadJSON(r io.Reader) (File, error) {
	var f File
	dec := json.NewDecoder(io.LimitReader(r, 32<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return f, &Invalid{[]string{"The file is not a Backupchecks export: " + err.Error()}}
	}
	if f.Format != Format {
		return f, &Invalid{[]string{"The file is not a Backupchecks export (its format is missing)."}}
	}
	if f.Version != Version {
		return f, &Invalid{[]string{fmt.Sprintf("The file is of export version %d; this Backupchecks reads version %d.", f.Version, Version)}}
	}
	return f, nil
}

// Invalid lists every problem that keeps a file from being imported.
type Invalid struct{ Problems []string }

func (e *Invalid) Error() string { return strings.Join(e.Problems, " ") }

// Import plans f against what exists and, unless dry, writes it all at once.
func (s *Service) Import(f File, dry bool, by audit.Actor) (Plan, error) {
	p, err := s.plan(f)
	if err != nil || dry || !p.Changes() {
		return p, err
	}
	ev := audit.New(by, audit.DataImport, "customers and jobs", p.Summary())
	return p, s.Store.ApplyImport(p, ev)
}
