// Package psa holds what Backupchecks does with the MSP's PSA, Autotask:
// the connection and its reference data, the customer ↔ company mapping,
// and the tickets of runs (created exactly once, resolved under the
// time-entry rule, linked, and kept as history when Autotask deletes them).
// Autotask is authoritative: Backupchecks stores IDs, caches names, and
// never acts without an operator's click, except the periodic sync and
// the automatic-ticket rules an admin switched on (auto_tickets.go).
package psa

import (
	"context"
	"crypto/sha256"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/app/secret"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/integrations/autotask"
)

// ErrDisabled means the integration is off: nothing calls Autotask.
var ErrDisabled = errors.New("the Autotask integration is off (Settings → Autotask)")

// API is Autotask as the use cases call it; *autotask.Client implements it.
type API interface {
	Zone(ctx context.Context) (autotask.Zone, error)
	Threshold(ctx context.Context) (autotask.Threshold, error)
	APIUser(ctx context.Context) (autotask.Resource, error)
	Fields(ctx context.Context, entity string) ([]autotask.Field, error)
	SearchCompanies(ctx context.Context, text string, limit int) ([]autotask.Company, error)
	Company(ctx context.Context, id int64) (autotask.Company, error)
	Companies(ctx context.Context, ids []int64) ([]autotask.Company, error)
	ActiveCompanies(ctx context.Context) ([]autotask.Company, error)
	CreateTicket(ctx context.Context, t autotask.NewTicket) (int64, error)
	Ticket(ctx context.Context, id int64) (autotask.Ticket, error)
	TicketByNumber(ctx context.Context, number string) (autotask.Ticket, error)
	TicketsByExternalID(ctx context.Context, externalID string) ([]autotask.Ticket, error)
	Tickets(ctx context.Context, ids []int64) ([]autotask.Ticket, error)
	CompleteTicket(ctx context.Context, id int64) error
	AddNote(ctx context.Context, ticketID int64, n autotask.NewNote) (int64, error)
	TimeEntryCount(ctx context.Context, ticketID int64) (int, error)
}

// Connect builds a client for the given settings and opened secret.
type Connect func(cfg settings.Autotask, sec secret.Value) API

// Settings is the part of the settings use cases psa reads.
type Settings interface {
	Autotask() (settings.Autotask, error)
	AutotaskSecret() (secret.Value, error)
	AutotaskPicklists() (settings.Picklists, error)
	General() (settings.General, error)
	// SaveAutotaskReference stores loaded picklists; see
	// settings.Service.SaveAutotaskReference.
	SaveAutotaskReference(p settings.Picklists, adopt func(a *settings.Autotask, old settings.Picklists) (bool, string), by audit.Actor) error
}

// Store persists what psa keeps: the health of the connection, ticket
// links and the company mappings (each in its own file's interface).
type Store interface {
	HealthStore
	TicketStore
	CompanyStore
	AutoStore
}

// Service holds the Autotask use cases.
type Service struct {
	store     Store
	settings  Settings
	connect   Connect
	customers *customers.Service
	jobs      *jobs.Service
	runs      *runs.Service
	Now       func() time.Time
	// Instance names this appliance in ticket markers, so two appliances
	// on one Autotask tenant never take each other's tickets for their own.
	Instance string
	// Log receives a line for every failed Autotask call; nil discards.
	Log     *slog.Logger
	refresh refresher // background reads of ticket states shown stale

	mu     sync.Mutex
	client API
	// clientKey identifies the settings the cached client was built for,
	// so a save builds a new one (and the zone is discovered again).
	clientKey [32]byte

	runLocks keyedMutex // one ticket action per run at a time
}

// NewService wires the Autotask use cases.
func NewService(st Store, set Settings, connect Connect, c *customers.Service, j *jobs.Service, r *runs.Service) *Service {
	return &Service{store: st, settings: set, connect: connect, customers: c, jobs: j, runs: r, Now: time.Now}
}

func (s *Service) logger() *slog.Logger {
	if s.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Log
}

// Enabled reports whether the integration is switched on.
func (s *Service) Enabled() bool {
	cfg, err := s.settings.Autotask()
	return err == nil && cfg.Enabled
}

// ManualTicketsAllowed reports whether operators may enter manual ticket
// numbers: always with the integration off, else in compatibility mode.
func (s *Service) ManualTicketsAllowed() bool {
	cfg, err := s.settings.Autotask()
	return err != nil || !cfg.Enabled || cfg.ManualTickets
}

// api returns a client for the saved settings, or ErrDisabled: every
// use case that calls Autotask goes through here, so "off" means no call.
func (s *Service) api() (API, settings.Autotask, error) {
	cfg, err := s.settings.Autotask()
	if err != nil {
		return nil, cfg, err
	}
	if !cfg.Enabled {
		return nil, cfg, ErrDisabled
	}
	sec, err := s.settings.AutotaskSecret()
	if err != nil {
		return nil, cfg, err
	}
	return s.clientFor(cfg, sec), cfg, nil
}

// clientFor returns the cached client while the connection settings stay
// the same.
func (s *Service) clientFor(cfg settings.Autotask, sec secret.Value) API {
	k := sha256.Sum256([]byte(cfg.DiscoveryURL + "\x00" + cfg.Username + "\x00" + cfg.IntegrationCode + "\x00" + sec.Reveal()))
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.client == nil || k != s.clientKey {
		s.client, s.clientKey = s.connect(cfg, sec), k
	}
	return s.client
}

// keyedMutex serialises work per key (a run's ticket actions), so two
// operators' clicks on one run happen one after the other.
type keyedMutex struct {
	mu    sync.Mutex
	locks map[uint64]*keyedLock
}

type keyedLock struct {
	sync.Mutex
	users int
}

// lock takes key's lock and returns its release.
func (k *keyedMutex) lock(key uint64) func() {
	k.mu.Lock()
	if k.locks == nil {
		k.locks = map[uint64]*keyedLock{}
	}
	l := k.locks[key]
	if l == nil {
		l = &keyedLock{}
		k.locks[key] = l
	}
	l.users++
	k.mu.Unlock()
	l.Lock()
	return func() {
		l.Unlock()
		k.mu.Lock()
		if l.users--; l.users == 0 {
			delete(k.locks, key)
		}
		k.mu.Unlock()
	}
}
