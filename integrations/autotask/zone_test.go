package autotask_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/integrations/autotask"
	"github.com/backupchecks/backupchecks/integrations/autotask/autotasktest"
)

func TestZoneIsDiscoveredWithoutCredentialsAndCached(t *testing.T) {
	w := newWorld(t)
	clk := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	c := w.client(func(cfg *autotask.Config) { cfg.Now = clk.now })
	z, err := c.Zone(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if z.Name != "AE02" || z.URL != w.srv.URL()+"/ATServicesRest/" || !strings.HasPrefix(z.WebURL, w.srv.URL()+"/web/") || z.CI == 0 {
		t.Fatalf("zone %+v", z)
	}
	lookups := w.log.matching(http.MethodGet, "zoneInformation")
	if len(lookups) != 1 {
		t.Fatalf("%d lookups", len(lookups))
	}
	for _, h := range []string{"UserName", "Secret", "ApiIntegrationCode"} {
		if lookups[0].Header.Get(h) != "" {
			t.Errorf("the zone lookup sent %s", h)
		}
	}
	if _, err := c.Company(ctx, 0); err != nil {
		t.Fatal(err)
	}
	clk.advance(11 * time.Hour)
	if _, err := c.Zone(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(w.log.matching("", "zoneInformation")); n != 1 {
		t.Fatalf("%d lookups within 12 hours, want the cached one", n)
	}
	clk.advance(2 * time.Hour)
	if _, err := c.Zone(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(w.log.matching("", "zoneInformation")); n != 2 {
		t.Fatalf("%d lookups after 13 hours, want a fresh one", n)
	}
}

func TestEveryAPICallCarriesTheThreeHeaders(t *testing.T) {
	w := newWorld(t)
	c := w.client()
	if _, err := c.Threshold(ctx); err != nil {
		t.Fatal(err)
	}
	r := w.log.matching(http.MethodGet, "ThresholdInformation")
	if len(r) != 1 || r[0].Path != "/ATServicesRest/V1.0/ThresholdInformation" {
		t.Fatalf("requests %+v", r)
	}
	h := r[0].Header
	if h.Get("UserName") != testUser || h.Get("Secret") != testSecret || h.Get("ApiIntegrationCode") != w.code ||
		h.Get("Content-Type") != "application/json" || h.Get("Authorization") != "" {
		t.Fatalf("headers %v", h)
	}
}

// Autotask moved the database: the old zone answers 401, the client looks
// the zone up once more and the call goes through.
func TestMovedZoneIsResolvedAgainOn401(t *testing.T) {
	w := newWorld(t)
	c := w.client()
	if _, err := c.Company(ctx, 0); err != nil {
		t.Fatal(err)
	}
	w.tenant.MoveZone()
	co, err := c.Company(ctx, 0)
	if err != nil || co.Name != "AE02 MSP" {
		t.Fatalf("after the move: %+v, %v", co, err)
	}
	if n := len(w.log.matching("", "zoneInformation")); n != 2 {
		t.Fatalf("%d zone lookups, want 2", n)
	}
	if z, _ := c.Zone(ctx); !strings.Contains(z.URL, "/zone1/") {
		t.Fatalf("zone not updated: %+v", z)
	}
}

func TestWrongSecretIsRetriedOnceAfterANewLookup(t *testing.T) {
	w := newWorld(t)
	c := w.client(func(cfg *autotask.Config) { cfg.Secret = "wrong" })
	_, err := c.Company(ctx, 0)
	var ae *autotask.APIError
	if !errors.Is(err, autotask.ErrUnauthorized) || !errors.As(err, &ae) || ae.Status != 401 {
		t.Fatalf("want ErrUnauthorized, got %v", err)
	}
	if z, api := len(w.log.matching("", "zoneInformation")), len(w.log.matching("", "Companies")); z != 2 || api != 2 {
		t.Fatalf("%d lookups and %d calls, want 2 and 2", z, api)
	}
	if msg := autotask.Explain(err); !strings.Contains(msg, "Admin → Resources → the API user → Security") {
		t.Fatalf("explanation: %q", msg)
	}
}

func TestWrongIntegrationCodeIsUnauthorized(t *testing.T) {
	w := newWorld(t)
	c := w.client(func(cfg *autotask.Config) { cfg.IntegrationCode = "OTHER-" + t.Name() })
	if _, err := c.Threshold(ctx); !errors.Is(err, autotask.ErrUnauthorized) {
		t.Fatalf("want ErrUnauthorized, got %v", err)
	}
}

func TestUnknownUserIsNotRetried(t *testing.T) {
	w := newWorld(t)
	c := w.client(func(cfg *autotask.Config) { cfg.Username = "nobody@msp.example" })
	_, err := c.Ticket(ctx, 1)
	if !errors.Is(err, autotask.ErrUnknownUser) {
		t.Fatalf("want ErrUnknownUser, got %v", err)
	}
	if n := w.srv.Calls(); n != 1 {
		t.Fatalf("%d calls, want the one lookup", n)
	}
	if msg := autotask.Explain(err); !strings.Contains(msg, "does not know this API user name") {
		t.Fatalf("explanation: %q", msg)
	}
	empty := w.client(func(cfg *autotask.Config) { cfg.Username = " " })
	if _, err := empty.Zone(ctx); !errors.Is(err, autotask.ErrUnknownUser) || w.srv.Calls() != 1 {
		t.Fatalf("empty user name: %v after %d calls", err, w.srv.Calls())
	}
}

func TestProductionAndSandboxAreSeparateTenants(t *testing.T) {
	w := newWorld(t)
	sandbox := w.srv.AddTenant(autotasktest.TenantConfig{Zone: "SB01", Username: "api@sandbox.msp.example", Secret: "sb",
		IntegrationCode: w.code})
	sandboxID := sandbox.AddCompany("Only In Sandbox", true)
	prod := w.client()
	sb := w.client(func(cfg *autotask.Config) { cfg.Username, cfg.Secret = "api@sandbox.msp.example", "sb" })
	if z, err := sb.Zone(ctx); err != nil || z.Name != "SB01" {
		t.Fatalf("sandbox zone %+v, %v", z, err)
	}
	if _, err := prod.Company(ctx, sandboxID); !errors.Is(err, autotask.ErrNotFound) {
		t.Fatalf("production sees the sandbox's company: %v", err)
	}
	if co, err := sb.Company(ctx, sandboxID); err != nil || co.Name != "Only In Sandbox" {
		t.Fatalf("sandbox company: %+v, %v", co, err)
	}
}

func TestTicketURL(t *testing.T) {
	want := "https://ww14.autotask.net/Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenTicketDetail&TicketID=9001"
	for _, web := range []string{"https://ww14.autotask.net/", "https://ww14.autotask.net"} {
		if got := autotask.TicketURL(autotask.Zone{WebURL: web}, 9001); got != want {
			t.Errorf("%s: %s", web, got)
		}
	}
}
