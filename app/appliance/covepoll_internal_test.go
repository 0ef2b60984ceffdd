package appliance

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/secret"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/integrations/cove"
	"github.com/backupchecks/backupchecks/integrations/cove/covetest"
	"github.com/backupchecks/backupchecks/storage"
)

// The scheduled task makes no call while Cove is off; a bad password is
// tried once per interval, never in a loop (Cove locks users out); an
// outage is tried again after a few minutes; each failure is kept with
// what it means.
func TestCovePollerCallsNothingWhenOffRetriesAnOutageSoonAndNeverHammersABadLogin(t *testing.T) {
	st, err := storage.Open(storage.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	a, err := New(st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	a.CovePoller.Config = func(c *cove.Config) { c.Backoff = func(int) time.Duration { return time.Millisecond } }
	fake := covetest.New()
	fake.Start()
	t.Cleanup(fake.Close)
	fake.AddPartner(covetest.Partner{ID: 1, Name: "MSP"})
	fake.AddUser(covetest.User{Partner: "MSP", Username: "api", Password: "token", PartnerID: 1, ID: 1})
	fake.PutDevice(covetest.Device{ID: 7, PartnerID: 1, Values: map[string]string{"I1": "fs01", "I18": "FS01", "I78": "D01"}})
	save := func(enabled bool, pw string) {
		t.Helper()
		cfg := settings.DefaultCove()
		cfg.Enabled, cfg.URL, cfg.Partner, cfg.Username = enabled, fake.URL(), "MSP", "api"
		if _, err := a.Settings.SaveCove(cfg, secret.New(pw), audit.Actor{}); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()

	save(false, "wrong")
	if err := a.CovePoller.tick(ctx); err != nil || len(fake.Calls()) != 0 {
		t.Fatalf("switched off, the poller called Cove %d times (%v)", len(fake.Calls()), err)
	}

	save(true, "wrong")
	if err := a.CovePoller.tick(ctx); err == nil {
		t.Fatal("a refused login was not reported")
	}
	if err := a.CovePoller.tick(ctx); err != nil {
		t.Fatalf("the second tick within the interval polled again: %v", err)
	}
	if fake.Logins() != 1 {
		t.Fatalf("%d logins with a bad password: the user would be locked out", fake.Logins())
	}
	a.CovePoller.last = time.Now().Add(-CoveRetryAfter - time.Second)
	if err := a.CovePoller.tick(ctx); err != nil || fake.Logins() != 1 {
		t.Fatalf("a refused login was tried again before its interval (%d logins, %v)", fake.Logins(), err)
	}
	status, _ := a.CovePoller.Status()
	if status.Error == "" || !strings.Contains(status.Explain, "refused the login") || !status.LastSuccess.IsZero() {
		t.Fatalf("status after a refused login: %+v", status)
	}

	// An outage is tried again after a few minutes, not a whole interval.
	save(true, "token")
	fake.SetFaults(covetest.Faults{HTTPStatus: 503, HTTPStatusCount: 1000})
	if _, err := a.CovePoller.Poll(ctx); err == nil {
		t.Fatal("an unreachable Cove was not reported")
	}
	if status, _ := a.CovePoller.Status(); !strings.Contains(status.Explain, "could not be reached") {
		t.Fatalf("the outage is explained as %q", status.Explain)
	}
	fake.SetFaults(covetest.Faults{})
	a.CovePoller.last = time.Now().Add(-CoveRetryAfter - time.Second)
	if err := a.CovePoller.tick(ctx); err != nil {
		t.Fatalf("retry after the outage: %v", err)
	}
	if status, _ := a.CovePoller.Status(); status.Error != "" || status.Result.Seen != 1 {
		t.Fatalf("the poll after the outage did not run or failed: %+v", status)
	}

	res, err := a.CovePoller.Poll(ctx)
	if err != nil || res.Seen != 1 || res.Pending != 1 || res.New != 0 {
		t.Fatalf("poll with the right token: %+v %v", res, err)
	}
	if status, _ := a.CovePoller.Status(); status.Error != "" || status.LastSuccess.IsZero() {
		t.Fatalf("status after a good poll: %+v", status)
	}
}
