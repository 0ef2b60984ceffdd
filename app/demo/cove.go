package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/backupchecks/backupchecks/app/coveimport"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/secret"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/integrations/cove/covetest"
)

// CoveServices are what the Cove part of the demo goes through: the same
// settings, poll and approval an operator uses.
type CoveServices struct {
	Settings  *settings.Service
	Cove      *coveimport.Service
	Customers *customers.Service
	Poll      func(ctx context.Context) (coveimport.PollResult, error)
}

// CoveSummary counts what the Cove demo did.
type CoveSummary struct {
	Accounts, Approved, Pending int
}

// Demo Cove login; the fake accepts nothing else.
const (
	covePartner  = "Demo MSP (ops@demo-msp.example)"
	coveUser     = "backupchecks-api"
	covePassword = "demo-api-token"
)

// CoveFake starts an in-process fake Cove Data Protection holding a fleet
// of devices (the same fleet for the same seed) and the demo's API user.
func CoveFake(devices int, seed int64, now time.Time) *covetest.Server {
	fake := covetest.New()
	partners, fleet := covetest.Fleet(devices, seed, now)
	for _, p := range partners {
		fake.AddPartner(p)
	}
	for _, d := range fleet {
		fake.PutDevice(d)
	}
	fake.AddUser(covetest.User{Partner: covePartner, Username: coveUser, Password: covePassword, PartnerID: covetest.RootPartnerID, ID: 1})
	fake.Start()
	return fake
}

// PointCoveAt switches Cove polling on against fake, as an admin would in
// Settings → Cove.
func PointCoveAt(set *settings.Service, fake *covetest.Server) error {
	cfg := settings.DefaultCove()
	cfg.Enabled, cfg.URL, cfg.Partner, cfg.Username = true, fake.URL(), covePartner, coveUser
	if _, err := set.SaveCove(cfg, secret.New(covePassword), by); err != nil {
		return fmt.Errorf("demo Cove settings: %w", err)
	}
	return nil
}

// Cove starts an in-process fake Cove Data Protection with a fleet of
// devices, points Settings → Cove at it, polls once and approves the
// accounts of the first Cove customers, leaving the rest waiting under
// Inbox → Cove accounts. The fake lives as long as the process; stop it
// with Close.
func Cove(s CoveServices, devices int, approve int, seed int64, now time.Time) (*covetest.Server, CoveSummary, error) {
	var sum CoveSummary
	fake := CoveFake(devices, seed, now)
	if err := PointCoveAt(s.Settings, fake); err != nil {
		fake.Close()
		return nil, sum, err
	}
	res, err := s.Poll(context.Background())
	if err != nil {
		fake.Close()
		return nil, sum, fmt.Errorf("demo Cove poll: %w", err)
	}
	sum.Accounts = res.Seen
	pending, err := s.Cove.In(coveimport.Pending)
	if err != nil {
		return fake, sum, err
	}
	done := map[string]bool{}
	for _, a := range pending {
		if done[a.Customer] || len(done) == approve {
			continue
		}
		done[a.Customer] = true
		cu, err := s.Customers.FindOrCreate(a.Customer, by)
		if err != nil {
			return fake, sum, fmt.Errorf("demo customer %s: %w", a.Customer, err)
		}
		list, err := s.Cove.ApproveCustomer(a.Customer, cu.ID, by)
		if err != nil {
			return fake, sum, fmt.Errorf("demo approval of %s: %w", a.Customer, err)
		}
		sum.Approved += len(list)
	}
	sum.Pending = len(pending) - sum.Approved
	return fake, sum, nil
}
