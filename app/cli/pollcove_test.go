package cli

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/appliance"
	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/secret"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/integrations/cove/covetest"
	"github.com/backupchecks/backupchecks/storage"
)

// poll-cove refuses while Cove is off, polls a stopped directory itself,
// and has a running server poll, printing what the poll did.
func TestPollCove(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	st, err := storage.Open(storage.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	a, err := appliance.New(st, appliance.Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if code, _, errs := run(t, "", "poll-cove", "--data", dir); code != 1 || !strings.Contains(errs, "Cove polling is off") {
		t.Fatalf("poll with Cove off: %d %s", code, errs)
	}

	fake := covetest.New()
	partners, fleet := covetest.Fleet(25, 1, time.Now())
	for _, p := range partners {
		fake.AddPartner(p)
	}
	for _, d := range fleet {
		fake.PutDevice(d)
	}
	fake.AddUser(covetest.User{Partner: "MSP", Username: "api", Password: "token", PartnerID: covetest.RootPartnerID, ID: 1})
	fake.Start()
	defer fake.Close()
	if st, err = storage.Open(storage.Options{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	if a, err = appliance.New(st, appliance.Options{Version: "test"}); err != nil {
		t.Fatal(err)
	}
	cfg := settings.DefaultCove()
	cfg.Enabled, cfg.URL, cfg.Partner, cfg.Username = true, fake.URL(), "MSP", "api"
	if _, err := a.Settings.SaveCove(cfg, secret.New("token"), audit.Actor{Name: "test"}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if code, out, errs := run(t, "", "poll-cove", "--data", dir); code != 0 || !strings.Contains(out, "25 accounts seen, 25 new") {
		t.Fatalf("poll of a stopped directory: %d %q %s", code, out, errs)
	}

	_, a = serving(t, dir)
	logins := fake.Logins()
	if code, out, errs := run(t, "", "poll-cove", "--data", dir); code != 0 || !strings.Contains(out, "25 accounts seen, 0 new") {
		t.Fatalf("poll through the server: %d %q %s", code, out, errs)
	}
	if fake.Logins() == logins {
		t.Fatal("the server did not poll Cove")
	}
	if status, _ := a.Cove.Status(); status.Result.Seen != 25 || status.LastSuccess.IsZero() {
		t.Fatalf("the server's poll status: %+v", status)
	}
}
