package storage

import (
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/psa"
)

// cust/<id> holds the customer with its Autotask company mapping, if any
// (customers.CompanyLink); ix/cust/name/<normalised name> is unique.
var customerTable = table[customers.Customer]{
	prefix: "cust/",
	id:     func(c *customers.Customer) uint64 { return c.ID },
	indexes: func(c *customers.Customer) []indexKey {
		return []indexKey{{key: key("ix/cust/name/", customers.NormalizeName(c.Name)), unique: true}}
	},
}

// Customer implements customers.Store.
func (s *Store) Customer(id uint64) (customers.Customer, error) {
	var c customers.Customer
	err := s.view(func(txn *badger.Txn) (err error) { c, err = customerTable.get(txn, id); return err })
	return c, customerErr(err)
}

// CustomerByName implements customers.Store.
func (s *Store) CustomerByName(name string) (customers.Customer, error) {
	var c customers.Customer
	err := s.view(func(txn *badger.Txn) (err error) {
		c, err = customerTable.lookup(txn, key("ix/cust/name/", customers.NormalizeName(name)))
		return err
	})
	return c, customerErr(err)
}

// Customers implements customers.Store.
func (s *Store) Customers() ([]customers.Customer, error) {
	var list []customers.Customer
	err := s.view(func(txn *badger.Txn) (err error) { list, err = customerTable.all(txn); return err })
	return list, err
}

// CreateCustomer implements customers.Store.
func (s *Store) CreateCustomer(c customers.Customer, ev audit.Event) (customers.Customer, error) {
	id, err := s.nextID("customer")
	if err != nil {
		return c, err
	}
	c.ID = id
	return c, s.putAudited(ev, func(txn *badger.Txn) error { return customerErr(customerTable.put(txn, &c)) })
}

// SaveCustomer implements customers.Store. The customer's Autotask
// mapping is kept as stored: only SaveCompanyLinks writes it, so a rename
// and a company sync at the same moment never undo each other.
func (s *Store) SaveCustomer(c customers.Customer, ev audit.Event) error {
	return s.putAudited(ev, func(txn *badger.Txn) error {
		old, err := customerTable.get(txn, c.ID)
		if err != nil {
			return customerErr(err)
		}
		c.Autotask = old.Autotask
		return customerErr(customerTable.put(txn, &c))
	})
}

// linkChangesPerTxn bounds one transaction of SaveCompanyLinks: a sync or
// bulk mapping of a few hundred customers is a few small commits.
const linkChangesPerTxn = 100

// SaveCompanyLinks implements psa.CompanyStore: each change is judged on
// the customer as stored inside the transaction, and sets only its
// Autotask mapping.
func (s *Store) SaveCompanyLinks(changes []psa.LinkChange) ([]bool, error) {
	applied := make([]bool, len(changes))
	for start := 0; start < len(changes); start += linkChangesPerTxn {
		chunk := changes[start:min(start+linkChangesPerTxn, len(changes))]
		auditIDs := make([]uint64, len(chunk))
		for i, ch := range chunk {
			if ch.Event != nil {
				id, err := s.nextID("audit")
				if err != nil {
					return applied, err
				}
				auditIDs[i] = id
			}
		}
		done := applied[start : start+len(chunk)]
		err := s.update(func(txn *badger.Txn) error {
			clear(done) // a retried transaction starts over
			for i, ch := range chunk {
				c, err := customerTable.get(txn, ch.CustomerID)
				if errors.Is(err, ErrNotFound) && ch.Only != psa.Always {
					continue
				}
				if err != nil {
					return customerErr(err)
				}
				if !ch.Applies(c.Autotask) {
					continue
				}
				c.Autotask = ch.Link
				if err := customerTable.put(txn, &c); err != nil {
					return customerErr(err)
				}
				if ch.Event != nil {
					if err := putAudit(txn, auditIDs[i], *ch.Event); err != nil {
						return err
					}
				}
				done[i] = true
			}
			return nil
		})
		if err != nil {
			return applied, err
		}
	}
	return applied, nil
}

func customerErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrNotFound):
		return customers.ErrNotFound
	case errors.Is(err, ErrDuplicate):
		return customers.ErrNameTaken
	case errors.Is(err, customers.ErrNotFound), errors.Is(err, customers.ErrNameTaken):
		return err
	}
	return fmt.Errorf("customers: %w", err)
}

// putAudited runs write and records ev in the same transaction.
func (s *Store) putAudited(ev audit.Event, write func(txn *badger.Txn) error) error {
	auditID, err := s.nextID("audit")
	if err != nil {
		return err
	}
	return s.update(func(txn *badger.Txn) error {
		if err := write(txn); err != nil {
			return err
		}
		return putAudit(txn, auditID, ev)
	})
}
