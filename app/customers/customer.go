// Package customers holds the MSP's customers: the top level every job
// and run belongs to.
package customers

import (
	"errors"
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
)

// Customer is one client of the MSP.
type Customer struct {
	ID      uint64    `json:"id"`
	Name    string    `json:"name"`
	Active  bool      `json:"active"`
	Created time.Time `json:"created"`
}

var (
	ErrNotFound  = errors.New("customer not found")
	ErrNameTaken = errors.New("a customer with that name already exists")
)

// InvalidName explains why a customer name is refused.
type InvalidName struct{ Reason string }

func (e *InvalidName) Error() string { return e.Reason }

// NormalizeName is the form under which names are unique.
func NormalizeName(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

func cleanName(s string) (string, error) {
	n := strings.Join(strings.Fields(s), " ")
	if n == "" {
		return "", &InvalidName{"Enter the customer's name."}
	}
	if len(n) > 200 {
		return "", &InvalidName{"Customer names are at most 200 characters."}
	}
	return n, nil
}

// Store persists customers; writes carry their audit event.
type Store interface {
	Customer(id uint64) (Customer, error)         // ErrNotFound
	CustomerByName(name string) (Customer, error) // ErrNotFound; case-insensitive
	Customers() ([]Customer, error)
	CreateCustomer(c Customer, ev audit.Event) (Customer, error) // ErrNameTaken
	SaveCustomer(c Customer, ev audit.Event) error               // ErrNameTaken
}

// Service holds the customer use cases.
type Service struct {
	store Store
	now   func() time.Time
}

// NewService wires the customer use cases.
func NewService(s Store) *Service { return &Service{store: s, now: time.Now} }

// Create adds an active customer.
func (s *Service) Create(name string, by audit.Actor) (Customer, error) {
	n, err := cleanName(name)
	if err != nil {
		return Customer{}, err
	}
	return s.store.CreateCustomer(Customer{Name: n, Active: true, Created: s.now().UTC()}, audit.New(by, audit.CustomerCreate, n, ""))
}

// FindOrCreate returns the customer of that name, creating it when missing
// (approving a source into a new customer).
func (s *Service) FindOrCreate(name string, by audit.Actor) (Customer, error) {
	if c, err := s.store.CustomerByName(name); err == nil {
		return c, nil
	} else if !errors.Is(err, ErrNotFound) {
		return Customer{}, err
	}
	return s.Create(name, by)
}

// Rename changes a customer's name.
func (s *Service) Rename(id uint64, name string, by audit.Actor) (Customer, error) {
	n, err := cleanName(name)
	if err != nil {
		return Customer{}, err
	}
	c, err := s.store.Customer(id)
	if err != nil {
		return Customer{}, err
	}
	old := c.Name
	c.Name = n
	return c, s.store.SaveCustomer(c, audit.New(by, audit.CustomerRename, n, "was "+old))
}

// SetActive deactivates or reactivates a customer.
func (s *Service) SetActive(id uint64, active bool, by audit.Actor) (Customer, error) {
	c, err := s.store.Customer(id)
	if err != nil {
		return Customer{}, err
	}
	c.Active = active
	action := audit.CustomerActivate
	if !active {
		action = audit.CustomerDeactivate
	}
	return c, s.store.SaveCustomer(c, audit.New(by, action, c.Name, ""))
}

// Get returns one customer.
func (s *Service) Get(id uint64) (Customer, error) { return s.store.Customer(id) }

// List returns customers whose name contains search (case-insensitive), by name.
func (s *Service) List(search string) ([]Customer, error) {
	all, err := s.store.Customers()
	if err != nil {
		return nil, err
	}
	q := NormalizeName(search)
	out := all[:0]
	for _, c := range all {
		if q == "" || strings.Contains(NormalizeName(c.Name), q) {
			out = append(out, c)
		}
	}
	sortByName(out)
	return out, nil
}
