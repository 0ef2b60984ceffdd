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
	// Autotask is the customer's Autotask company; nil while unmapped.
	// Only the Autotask use cases (app/psa) set it, and nothing there
	// ever changes the customer's own name.
	Autotask *CompanyLink `json:"autotask,omitempty"`
}

// MappingStatus is how a customer's Autotask mapping stood at the last
// time Autotask was read for it (mapping, or the periodic sync).
type MappingStatus string

const (
	// MappingOK: the company exists, is active, and its name is the cached one.
	MappingOK MappingStatus = "ok"
	// MappingRenamed: the last sync found the company under another name
	// and updated the cached name (PreviousName holds the one before).
	// The mapping works as before, since the company ID is leading; the
	// next sync that finds no further change turns it ok again.
	MappingRenamed MappingStatus = "renamed"
	// MappingMissing: Autotask returns no company with the ID (deleted,
	// merged, or no longer visible to the API user). Tickets are blocked.
	MappingMissing MappingStatus = "missing"
	// MappingInvalid: the company exists but cannot take tickets: it is
	// inactive in Autotask. Tickets are blocked.
	MappingInvalid MappingStatus = "invalid"
)

// CompanyLink is a customer's explicit mapping to one Autotask company.
// The company ID is leading; the name is a cache for display only.
type CompanyLink struct {
	CompanyID int64  `json:"company_id"` // 0 is a real company (the MSP's own)
	Name      string `json:"name"`       // companyName as last read
	// PreviousName is the cached name before the rename a sync found;
	// set only while Status is MappingRenamed.
	PreviousName string        `json:"previous_name,omitempty"`
	Status       MappingStatus `json:"status"`
	Synced       time.Time     `json:"synced"` // when Autotask was last read for it
	Mapped       time.Time     `json:"mapped"`
	MappedBy     string        `json:"mapped_by,omitempty"`
}

// Blocked reports whether the mapping cannot be used for tickets: none
// (nil), or the company is gone or unusable in Autotask. A renamed
// company is fine.
func (l *CompanyLink) Blocked() bool {
	return l == nil || l.Status == MappingMissing || l.Status == MappingInvalid
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
