package psa_test

import (
	"context"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/psa"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/app/secret"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/integrations/autotask"
	"github.com/backupchecks/backupchecks/integrations/autotask/autotasktest"
	"github.com/backupchecks/backupchecks/storage"
)

var op = audit.Actor{Name: "op", IP: "127.0.0.1"}

// world is the Autotask use cases on a real Badger store, talking to the
// fake Autotask over loopback HTTP.
type world struct {
	t      testing.TB
	dir    string
	st     *storage.Store
	fake   *autotasktest.Server
	tenant *autotasktest.Tenant
	set    *settings.Service
	cust   *customers.Service
	jobs   *jobs.Service
	runs   *runs.Service
	svc    *psa.Service
	ctx    context.Context
}

func newWorld(t testing.TB) *world {
	t.Helper()
	fake := autotasktest.New()
	t.Cleanup(fake.Close)
	tenant := fake.AddTenant(autotasktest.TenantConfig{Zone: "AE02", Username: "api@msp.example", Secret: "s3cret",
		IntegrationCode: "BACKUPCHECKS", FirstName: "Backup", LastName: "Checks"})
	return newWorldOn(t, fake, tenant)
}

// newWorldOn is another appliance (its own data directory) on a tenant
// that may be shared with others.
func newWorldOn(t testing.TB, fake *autotasktest.Server, tenant *autotasktest.Tenant) *world {
	t.Helper()
	w := &world{t: t, dir: t.TempDir(), fake: fake, tenant: tenant, ctx: context.Background()}
	w.open()
	return w
}

// open opens (or reopens, as after a restart) the store and the services.
func (w *world) open() {
	st, err := storage.Open(storage.Options{Dir: w.dir})
	if err != nil {
		w.t.Fatal(err)
	}
	w.t.Cleanup(func() { st.Close() })
	w.st = st
	w.set = settings.NewService(st)
	w.set.Cipher = st.Cipher()
	w.cust = customers.NewService(st)
	w.jobs = jobs.NewService(st, func(id uint64) error { _, err := st.Customer(id); return err })
	w.runs = runs.NewService(st)
	connect := func(cfg settings.Autotask, sec secret.Value) psa.API {
		return autotask.New(autotask.Config{DiscoveryURL: cfg.DiscoveryURL, Username: cfg.Username, Secret: sec.Reveal(),
			IntegrationCode: cfg.IntegrationCode, Retries: 1, Backoff: func(int) time.Duration { return time.Millisecond }})
	}
	w.svc = psa.NewService(st, w.set, connect, w.cust, w.jobs, w.runs)
	if w.svc.Instance, err = st.ApplianceID(); err != nil {
		w.t.Fatal(err)
	}
}

func (w *world) restart() {
	w.st.Close()
	w.open()
}

// configure switches the integration on with the fake's picklist IDs.
func (w *world) configure(edit func(*settings.Autotask)) {
	w.t.Helper()
	sealed, err := w.st.Cipher().Seal(secret.New("s3cret"))
	if err != nil {
		w.t.Fatal(err)
	}
	cfg := settings.DefaultAutotask()
	cfg.Enabled, cfg.DiscoveryURL, cfg.Username, cfg.Secret, cfg.IntegrationCode = true, w.fake.DiscoveryURL(), "api@msp.example", sealed, "BACKUPCHECKS"
	cfg.BaseURL = "https://backups.msp.example"
	cfg.Queue = settings.Choice{ID: 29683482, Label: "Backup Alerts"}
	cfg.Source = settings.Choice{ID: 8, Label: "Monitoring Alert"}
	cfg.Status = settings.Choice{ID: 1, Label: "New"}
	cfg.PriorityWarning = settings.Choice{ID: 2, Label: "Medium"}
	cfg.PriorityFailed = settings.Choice{ID: 1, Label: "High"}
	cfg.NoteType = settings.Choice{ID: 2, Label: "Task Detail"}
	cfg.NotePublish = settings.Choice{ID: 2, Label: "Internal Only"}
	if edit != nil {
		edit(&cfg)
	}
	if err := w.st.SaveAutotask(cfg, audit.New(op, audit.SettingsAutotask, "autotask", "test")); err != nil {
		w.t.Fatal(err)
	}
	statuses := []settings.PicklistChoice{{Choice: settings.Choice{ID: 1, Label: "New"}, Active: true},
		{Choice: settings.Choice{ID: 5, Label: "Complete"}, Active: true}, {Choice: settings.Choice{ID: 8, Label: "In Progress"}, Active: true}}
	if err := w.st.SaveAutotaskPicklists(settings.Picklists{Statuses: statuses}, nil); err != nil {
		w.t.Fatal(err)
	}
}

// failedRun makes a mapped customer with a job and one failed run.
func (w *world) failedRun(customer string, objects ...runs.Object) (customers.Customer, runs.Run, int64) {
	w.t.Helper()
	c, err := w.cust.Create(customer, op)
	if err != nil {
		w.t.Fatal(err)
	}
	companyID := w.tenant.AddCompany(customer+" B.V.", true)
	if err := w.svc.Map(w.ctx, c.ID, companyID, op); err != nil {
		w.t.Fatal(err)
	}
	j, err := w.jobs.Create(jobs.NewJob{CustomerID: c.ID, Source: jobs.Email, Software: "Veeam Backup & Replication", Type: "Backup Job",
		Name: "Daily VMs", MatchKey: customer + "-daily"}, op)
	if err != nil {
		w.t.Fatal(err)
	}
	r, _, err := w.runs.Record(runs.NewRun{JobID: j.ID, Source: runs.FromEmail, ExternalID: "mail:" + customer,
		Time: time.Date(2026, 12, 1, 22, 0, 0, 0, time.UTC), Status: runs.Failed, Objects: objects})
	if err != nil {
		w.t.Fatal(err)
	}
	c, _ = w.cust.Get(c.ID)
	return c, r, companyID
}

func (w *world) links(runID uint64) psa.RunTickets {
	w.t.Helper()
	rt, err := w.st.RunTickets(runID)
	if err != nil {
		w.t.Fatal(err)
	}
	return rt
}
