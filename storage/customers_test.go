package storage

import (
	"sync"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/psa"
)

// A company maps to one customer, judged inside the write: of two
// customers mapped to one company at the same moment exactly one wins;
// unmapping or remapping frees the company; a stale index entry (its
// customer maps elsewhere) does not block.
func TestCompanyMappingIsOneToOne(t *testing.T) {
	s := memStore(t)
	var ids []uint64
	for _, n := range []string{"Acme", "Beta", "Gamma"} {
		c, err := s.CreateCustomer(customers.Customer{Name: n, Active: true}, audit.Event{Action: "test"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	acme, beta, gamma := ids[0], ids[1], ids[2]
	set := func(customer uint64, company int64) bool {
		t.Helper()
		var l *customers.CompanyLink
		if company != 0 {
			l = &customers.CompanyLink{CompanyID: company, Status: customers.MappingOK}
		}
		applied, err := s.SaveCompanyLinks([]psa.LinkChange{{CustomerID: customer, Link: l, Only: psa.Always}})
		if err != nil {
			t.Fatal(err)
		}
		return applied[0]
	}
	companyOf := func(customer uint64) int64 {
		t.Helper()
		c, err := s.Customer(customer)
		if err != nil {
			t.Fatal(err)
		}
		if c.Autotask == nil {
			return 0
		}
		return c.Autotask.CompanyID
	}

	var wins sync.WaitGroup
	won := make([]bool, 2)
	for i, customer := range []uint64{acme, beta} {
		wins.Add(1)
		go func() { defer wins.Done(); won[i] = set(customer, 7) }()
	}
	wins.Wait()
	if won[0] == won[1] || companyOf(acme)+companyOf(beta) != 7 {
		t.Fatalf("two customers mapped to company 7 at once: applied %v, companies %d and %d", won, companyOf(acme), companyOf(beta))
	}
	first, second := acme, beta
	if won[1] {
		first, second = beta, acme
	}
	if set(second, 7) {
		t.Fatal("a second customer was mapped to a taken company")
	}
	if !set(first, 8) || !set(second, 7) {
		t.Fatal("remapping did not free the company for another customer")
	}
	if !set(second, 0) || !set(gamma, 7) {
		t.Fatal("unmapping did not free the company")
	}
	if !set(first, 8) {
		t.Fatal("mapping a customer again to its own company was refused")
	}
	// A stale entry (were any other writer ever to change a mapping) is ignored.
	if err := s.update(func(txn *badger.Txn) error { return txn.Set(companyKey(5), key(gamma)) }); err != nil {
		t.Fatal(err)
	}
	if !set(second, 5) || companyOf(second) != 5 {
		t.Fatal("a stale index entry blocked a free company")
	}
}
