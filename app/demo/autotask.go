package demo

import (
	"context"
	"fmt"
	"sort"

	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/psa"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/app/secret"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/integrations/autotask/autotasktest"
)

// AutotaskServices are what the Autotask part of the demo goes through:
// the settings, mapping and ticket use cases an admin and operator use.
type AutotaskServices struct {
	Settings  *settings.Service
	Autotask  *psa.Service
	Customers *customers.Service
	Jobs      *jobs.Service
	Runs      *runs.Service
}

// AutotaskSummary counts what the Autotask demo did.
type AutotaskSummary struct {
	Companies, Mapped, Tickets int
}

// AutotaskFake is the demo's Autotask: the server and its one tenant.
type AutotaskFake struct {
	*autotasktest.Server
	Tenant *autotasktest.Tenant
}

// Demo Autotask API user; the fake accepts nothing else.
const (
	AutotaskUser   = "backupchecks@demo-msp.example"
	autotaskSecret = "demo-api-secret"
	AutotaskCode   = "DEMO-BACKUPCHECKS"
)

// Autotask starts an in-process fake Autotask with a company for every
// customer (most named exactly alike, some with a legal form the bulk page
// matches loosely), configures Settings → Autotask the way an admin would
// (load the picklists, keep the defaults, switch on), maps the customers
// of the most severe runs waiting for review and creates tickets for the
// first of them, booking time on one so that resolving it shows the
// time-entry rule. The rest stay unmapped for the bulk page. baseURL is
// where tickets link back to. The fake lives as long as the process.
func Autotask(s AutotaskServices, mapped, tickets int, baseURL string) (*AutotaskFake, AutotaskSummary, error) {
	var sum AutotaskSummary
	ctx := context.Background()
	fake := autotasktest.New()
	tenant := fake.AddTenant(autotasktest.TenantConfig{Zone: "AE02", Username: AutotaskUser, Secret: autotaskSecret,
		IntegrationCode: AutotaskCode, FirstName: "Backupchecks", LastName: "API"})
	fail := func(what string, err error) (*AutotaskFake, AutotaskSummary, error) {
		fake.Close()
		return nil, sum, fmt.Errorf("demo Autotask %s: %w", what, err)
	}

	all, err := s.Customers.List("")
	if err != nil {
		return fail("customers", err)
	}
	company := map[uint64]int64{}
	for i, c := range all {
		name := c.Name
		if i%5 == 4 {
			name += " B.V."
		}
		company[c.ID] = tenant.AddCompany(name, true)
	}
	for _, name := range []string{"Demo MSP (internal)", "Former Customer Ltd"} {
		tenant.AddCompany(name, name == "Demo MSP (internal)")
	}
	sum.Companies = len(all) + 2

	cfg := settings.DefaultAutotask()
	cfg.DiscoveryURL, cfg.Username, cfg.IntegrationCode, cfg.BaseURL = fake.DiscoveryURL(), AutotaskUser, AutotaskCode, baseURL
	if _, err := s.Autotask.LoadPicklists(ctx, cfg, secret.New(autotaskSecret), by); err != nil {
		return fail("picklists", err)
	}
	stored, err := s.Settings.Autotask() // the defaults, now matched to IDs
	if err != nil {
		return fail("settings", err)
	}
	stored.Enabled, stored.DiscoveryURL, stored.Username, stored.IntegrationCode, stored.BaseURL = true, cfg.DiscoveryURL, cfg.Username, cfg.IntegrationCode, baseURL
	if _, err := s.Settings.SaveAutotask(stored, secret.New(autotaskSecret), by); err != nil {
		return fail("settings", err)
	}

	worst, err := worstWaiting(s)
	if err != nil {
		return fail("review queue", err)
	}
	done := map[uint64]bool{}
	for _, w := range worst {
		if len(done) == mapped {
			break
		}
		if done[w.customer] {
			continue
		}
		done[w.customer] = true
		if err := s.Autotask.Map(ctx, w.customer, company[w.customer], by); err != nil {
			return fail("mapping", err)
		}
		sum.Mapped++
		if sum.Tickets == tickets {
			continue
		}
		res, err := s.Autotask.CreateTicket(ctx, w.run, by)
		if err != nil {
			return fail("ticket", err)
		}
		if sum.Tickets == 0 {
			tenant.AddTimeEntry(res.Link.TicketID, 0.5)
		}
		sum.Tickets++
	}
	return &AutotaskFake{Server: fake, Tenant: tenant}, sum, nil
}

type waitingRun struct{ run, customer uint64 }

// worstWaiting lists the runs waiting for review that are not
// successes, failures first (a lower severity is worse).
func worstWaiting(s AutotaskServices) ([]waitingRun, error) {
	queue, err := s.Runs.Unreviewed()
	if err != nil {
		return nil, err
	}
	sort.SliceStable(queue, func(i, j int) bool { return queue[i].Severity < queue[j].Severity })
	out := make([]waitingRun, 0, len(queue))
	for _, q := range queue {
		if q.Severity >= runs.Success.Severity() {
			continue
		}
		j, err := s.Jobs.Get(q.JobID)
		if err != nil {
			return nil, err
		}
		out = append(out, waitingRun{run: q.RunID, customer: j.CustomerID})
	}
	return out, nil
}
