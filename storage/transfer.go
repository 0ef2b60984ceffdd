package storage

import (
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/transfer"
)

// ApplyImport implements transfer.Store: every creation and change of the
// plan, and its audit event, in one transaction. A plan too large for one
// (tens of thousands of records) is refused whole rather than written in
// part.
func (s *Store) ApplyImport(p transfer.Plan, ev audit.Event) error {
	newIDs := make([]uint64, len(p.NewCustomers))
	for i := range newIDs {
		id, err := s.nextID("customer")
		if err != nil {
			return err
		}
		newIDs[i] = id
	}
	jobIDs := make([]uint64, len(p.NewJobs))
	for i := range jobIDs {
		id, err := s.nextID("job")
		if err != nil {
			return err
		}
		jobIDs[i] = id
	}
	overrideIDs := make([]uint64, len(p.NewOverrides))
	for i := range overrideIDs {
		id, err := s.nextID("override")
		if err != nil {
			return err
		}
		overrideIDs[i] = id
	}
	var touchedCustomers, touchedJobs []uint64
	err := s.putAudited(ev, func(txn *badger.Txn) error {
		touchedCustomers, touchedJobs = touchedCustomers[:0], touchedJobs[:0]
		created := map[string]uint64{}
		now := time.Now().UTC()
		for i, c := range p.NewCustomers {
			c.ID, c.Created = newIDs[i], now
			if c.Autotask != nil {
				c.Autotask.Mapped = now
			}
			if err := customerTable.put(txn, &c); err != nil {
				return importErr("customer "+c.Name, err)
			}
			if err := moveCompanyIndex(txn, c.ID, nil, c.Autotask); err != nil {
				return err
			}
			created[customers.NormalizeName(c.Name)] = c.ID
			touchedCustomers = append(touchedCustomers, c.ID)
		}
		for _, ch := range p.ChangedCustomers {
			cur, err := customerTable.get(txn, ch.After.ID)
			if err != nil {
				return importErr("customer "+ch.After.Name, err)
			}
			c := ch.After
			if c.Autotask != nil && c.Autotask.Mapped.IsZero() {
				c.Autotask.Mapped = now
			}
			if err := customerTable.put(txn, &c); err != nil {
				return importErr("customer "+c.Name, err)
			}
			if err := moveCompanyIndex(txn, c.ID, cur.Autotask, c.Autotask); err != nil {
				return err
			}
			touchedCustomers = append(touchedCustomers, c.ID)
		}
		owner := func(id uint64, name string) uint64 {
			if id != 0 {
				return id
			}
			return created[customers.NormalizeName(name)]
		}
		for i, nj := range p.NewJobs {
			j := nj.Job
			j.ID, j.Created, j.CustomerID = jobIDs[i], now, owner(j.CustomerID, nj.Customer)
			if j.CustomerID == 0 {
				return fmt.Errorf("import job %s: its customer %q is missing", j.Name, nj.Customer)
			}
			if err := jobTable.put(txn, &j); err != nil {
				return importErr("job "+j.Name, err)
			}
			touchedJobs = append(touchedJobs, j.ID)
		}
		newJobKeys := map[string]uint64{}
		for i, nj := range p.NewJobs {
			newJobKeys[nj.Job.MatchKey] = jobIDs[i]
		}
		for i, no := range p.NewOverrides {
			o := no.Override
			o.ID, o.Created = overrideIDs[i], now
			if no.JobKey != "" && o.JobID == 0 {
				if o.JobID = newJobKeys[no.JobKey]; o.JobID == 0 {
					return fmt.Errorf("import override %q: its job is missing", o.Reason)
				}
			}
			if err := overrideTable.put(txn, &o); err != nil {
				return importErr("override "+o.Reason, err)
			}
		}
		for _, ch := range p.ChangedJobs {
			cur, err := jobTable.get(txn, ch.Before.ID)
			if err != nil {
				return importErr("job "+ch.Before.Name, err)
			}
			j := ch.After
			j.KeepRunSummary(cur) // the scheduler's and the runs' own
			if j.CustomerID = owner(j.CustomerID, ch.Customer); j.CustomerID == 0 {
				return fmt.Errorf("import job %s: its customer %q is missing", j.Name, ch.Customer)
			}
			if err := jobTable.put(txn, &j); err != nil {
				return importErr("job "+j.Name, err)
			}
			touchedJobs = append(touchedJobs, j.ID)
		}
		return nil
	})
	s.customers.changed(touchedCustomers...)
	s.jobsChanged(touchedJobs...)
	if errors.Is(err, badger.ErrTxnTooBig) {
		return fmt.Errorf("the import is too large to write at once; import the customers and jobs in parts: %w", err)
	}
	return err
}

func importErr(what string, err error) error {
	if errors.Is(err, ErrDuplicate) {
		return fmt.Errorf("import %s: another record has its name or match key (changed since the dry run?)", what)
	}
	return fmt.Errorf("import %s: %w", what, err)
}
