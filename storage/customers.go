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
// ix/cust/atk/<company ID> → customer ID makes the mapping 1-to-1: it is
// written only by SaveCompanyLinks, in the transaction of the mapping.
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
func (s *Store) Customers() ([]customers.Customer, error) { return s.customers.where(s, nil) }

// CreateCustomer implements customers.Store.
func (s *Store) CreateCustomer(c customers.Customer, ev audit.Event) (customers.Customer, error) {
	id, err := s.nextID("customer")
	if err != nil {
		return c, err
	}
	c.ID = id
	defer s.customers.changed(c.ID)
	return c, s.putAudited(ev, func(txn *badger.Txn) error { return customerErr(customerTable.put(txn, &c)) })
}

// SaveCustomer implements customers.Store. The customer's Autotask
// mapping is kept as stored: only SaveCompanyLinks writes it, so a rename
// and a company sync at the same moment never undo each other.
func (s *Store) SaveCustomer(c customers.Customer, ev audit.Event) error {
	defer s.customers.changed(c.ID)
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
				if taken, err := companyTaken(txn, ch); err != nil || taken {
					if err != nil {
						return err
					}
					continue
				}
				if err := moveCompanyIndex(txn, c.ID, c.Autotask, ch.Link); err != nil {
					return err
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
		for _, ch := range chunk { // marking one that did not change costs a reread, nothing more
			s.customers.changed(ch.CustomerID)
		}
		if err != nil {
			return applied, err
		}
	}
	return applied, nil
}

func companyKey(companyID int64) []byte { return key("ix/cust/atk/", companyID) }

// companyTaken reports whether ch maps its customer to a company another
// customer is mapped to, as stored now. An index entry whose customer no
// longer maps to that company is stale and does not count.
func companyTaken(txn *badger.Txn, ch psa.LinkChange) (bool, error) {
	if ch.Link == nil {
		return false, nil
	}
	owner, err := uniqueOwner(txn, companyKey(ch.Link.CompanyID))
	if err != nil || owner == 0 || owner == ch.CustomerID {
		return false, err
	}
	other, err := customerTable.get(txn, owner)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return other.Autotask != nil && other.Autotask.CompanyID == ch.Link.CompanyID, nil
}

// moveCompanyIndex points the company index from customerID's old
// mapping to its new one (either may be nil).
func moveCompanyIndex(txn *badger.Txn, customerID uint64, old, cur *customers.CompanyLink) error {
	if old != nil && (cur == nil || cur.CompanyID != old.CompanyID) {
		owner, err := uniqueOwner(txn, companyKey(old.CompanyID))
		if err != nil {
			return err
		}
		if owner == customerID {
			if err := txn.Delete(companyKey(old.CompanyID)); err != nil {
				return err
			}
		}
	}
	if cur == nil {
		return nil
	}
	return txn.Set(companyKey(cur.CompanyID), key(customerID))
}

// indexCompanyMappings is the migration that builds ix/cust/atk/ for the
// mappings made before it existed; of customers mapped to one company
// (a race the index now prevents) the first keeps the entry.
func indexCompanyMappings(txn *badger.Txn) error {
	list, err := customerTable.all(txn)
	if err != nil {
		return err
	}
	for _, c := range list {
		if c.Autotask == nil {
			continue
		}
		owner, err := uniqueOwner(txn, companyKey(c.Autotask.CompanyID))
		if err != nil {
			return err
		}
		if owner == 0 {
			if err := txn.Set(companyKey(c.Autotask.CompanyID), key(c.ID)); err != nil {
				return err
			}
		}
	}
	return nil
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
