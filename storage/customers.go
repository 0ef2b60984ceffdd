package storage

import (
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/customers"
)

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

// SaveCustomer implements customers.Store.
func (s *Store) SaveCustomer(c customers.Customer, ev audit.Event) error {
	return s.putAudited(ev, func(txn *badger.Txn) error {
		if _, err := customerTable.get(txn, c.ID); err != nil {
			return customerErr(err)
		}
		return customerErr(customerTable.put(txn, &c))
	})
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
