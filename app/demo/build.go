package demo

import (
	"fmt"
	"time"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/appliance"
	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/integrations/cove/covetest"
)

// DefaultSeed makes every `backupchecks demo` the same demo (customers,
// jobs, statuses, mails), so a written walkthrough matches what a newcomer
// sees; --seed picks another.
const DefaultSeed uint64 = 2026

// Admin is the demo's administrator's user name.
const Admin = "demo"

// Plan is the whole demo: what `backupchecks demo` builds.
type Plan struct {
	Seed uint64
	Size Size
	// CoveDevices, CoveApproved: the fake Cove's fleet and how many of its
	// customers are approved; AutotaskMapped, AutotaskTickets likewise.
	CoveDevices, CoveApproved       int
	AutotaskMapped, AutotaskTickets int
	// BaseURL is where the Autotask tickets link back to.
	BaseURL  string
	Password string // the demo admin's
	Now      time.Time
}

// DefaultPlan is the demo the README describes: 25 customers, 90 days of
// runs of which the last 30 days' email runs arrived as report mail.
func DefaultPlan(seed uint64, baseURL, password string, now time.Time) Plan {
	size := Default
	size.MailDays = 30
	return Plan{Seed: seed, Size: size, CoveDevices: 100, CoveApproved: 2, AutotaskMapped: 6, AutotaskTickets: 2,
		BaseURL: baseURL, Password: password, Now: now}
}

// Built is what Build made; the fakes live until Close.
type Built struct {
	Summary  Summary
	Inbox    InboxSummary
	Cove     CoveSummary
	Autotask AutotaskSummary
	coveFake *covetest.Server
	atFake   *AutotaskFake
}

// Close stops the fakes.
func (b *Built) Close() {
	if b.coveFake != nil {
		b.coveFake.Close()
	}
	if b.atFake != nil {
		b.atFake.Close()
	}
}

// Build fills the empty appliance a with the plan's demo, through the use
// cases the product itself uses: settings, customers and jobs, months of
// runs (the recent email ones imported from report mail), mail waiting in
// the Inbox, a polled fake Cove and a fake Autotask with tickets, and the
// admin account.
func Build(a *appliance.Appliance, p Plan) (*Built, error) {
	b := &Built{}
	// The demo's backups run in the evening in Amsterdam, some past
	// midnight: a 06:00 business day keeps each night on one day.
	if _, err := a.Settings.SaveGeneral(settings.General{TimeZone: "Europe/Amsterdam", DayStart: "06:00"}, audit.Actor{Name: "demo", IP: "demo"}); err != nil {
		return b, fmt.Errorf("demo settings: %w", err)
	}
	var err error
	b.Summary, err = Generate(Services{Customers: a.Customers, Jobs: a.Jobs, Runs: a.Runs, Overrides: a.Overrides, Remarks: a.Remarks, Mail: a.Mail},
		p.Size, p.Seed, p.Now)
	if err != nil {
		return b, err
	}
	if b.Inbox, err = Inbox(a.Mail, p.Now); err != nil {
		return b, err
	}
	b.coveFake, b.Cove, err = Cove(CoveServices{Settings: a.Settings, Cove: a.Cove, Customers: a.Customers, Poll: a.CovePoller.Poll},
		p.CoveDevices, p.CoveApproved, int64(p.Seed), p.Now)
	if err != nil {
		return b, err
	}
	b.atFake, b.Autotask, err = Autotask(AutotaskServices{Settings: a.Settings, Autotask: a.Autotask, Customers: a.Customers, Jobs: a.Jobs, Runs: a.Runs},
		p.AutotaskMapped, p.AutotaskTickets, p.BaseURL)
	if err != nil {
		return b, err
	}
	if _, err := a.Accounts.Setup(accounts.NewUser{Username: Admin, DisplayName: "Demo Admin", Password: p.Password, Confirm: p.Password}, audit.Actor{IP: "demo"}); err != nil {
		return b, fmt.Errorf("demo admin: %w", err)
	}
	return b, nil
}
