package appliance

import (
	"context"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/backupchecks/backupchecks/app/secret"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/integrations/autotask/autotasktest"
)

// Every request the appliance's Autotask client sends is counted by
// outcome, a thread-limit 429 as rate_limited, and each wait for a thread
// is observed.
func TestAutotaskRequestsAreCountedByOutcome(t *testing.T) {
	fake := autotasktest.New()
	t.Cleanup(fake.Close)
	tenant := fake.AddTenant(autotasktest.TenantConfig{Zone: "AE02", Username: "api@msp.example", Secret: "s3cret", IntegrationCode: "METRICS"})
	company := tenant.AddCompany("Acme", true)
	reg := prometheus.NewRegistry()
	m := newAutotaskMetrics(reg)
	api := m.connect(settings.Autotask{DiscoveryURL: fake.DiscoveryURL(), Username: "api@msp.example", IntegrationCode: "METRICS"}, secret.New("s3cret"))

	ctx := context.Background()
	if _, err := api.Threshold(ctx); err != nil {
		t.Fatal(err)
	}
	fake.Fail429OnCall(1)
	if _, err := api.Company(ctx, company); err != nil {
		t.Fatalf("a read after one 429: %v", err)
	}
	_, _ = api.Ticket(ctx, 1) // no such ticket: Autotask answers 200 with a null item
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	outcomes, waits := map[string]float64{}, uint64(0)
	for _, f := range families {
		for _, mt := range f.GetMetric() {
			switch f.GetName() {
			case "autotask_requests_total":
				outcomes[mt.GetLabel()[0].GetValue()] = mt.GetCounter().GetValue()
			case "autotask_thread_wait_seconds":
				waits = mt.GetHistogram().GetSampleCount()
			}
		}
	}
	if outcomes["rate_limited"] != 1 || outcomes["ok"] < 3 || len(outcomes) != 5 {
		t.Errorf("requests by outcome %v: want the 429 as rate_limited, at least 3 ok, all 5 outcomes present", outcomes)
	}
	if waits < 4 {
		t.Errorf("%d thread waits observed, want one per request", waits)
	}
}
