package cli

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/appliance"
	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/demo"
	"github.com/backupchecks/backupchecks/storage"
)

// poll-cove refuses while Cove is off, polls a stopped directory itself,
// and has a running server poll, printing what the poll did.
func TestPollCove(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	stopped(t, dir, func(*appliance.Appliance) {})
	if code, _, errs := run(t, "", "poll-cove", "--data", dir); code != 1 || !strings.Contains(errs, "Cove polling is off") {
		t.Fatalf("poll with Cove off: %d %s", code, errs)
	}

	fake := demo.CoveFake(25, 1, time.Now())
	defer fake.Close()
	stopped(t, dir, func(a *appliance.Appliance) {
		if err := demo.PointCoveAt(a.Settings, fake); err != nil {
			t.Fatal(err)
		}
	})
	if code, out, errs := run(t, "", "poll-cove", "--data", dir); code != 0 || !strings.Contains(out, "25 accounts seen, 25 new") {
		t.Fatalf("poll of a stopped directory: %d %q %s", code, out, errs)
	}

	_, a := serving(t, dir)
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
	// Both polls were asked for by a person at a shell: audited as such.
	page, err := a.Store.List(audit.Filter{Action: audit.CovePoll, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Events) != 2 {
		t.Fatalf("%d audit events of the command line's polls, want 2", len(page.Events))
	}
	for _, ev := range page.Events {
		if !strings.HasPrefix(ev.IP, "cli:") || !strings.HasPrefix(ev.Details, "command line: 25 accounts seen") {
			t.Fatalf("audit event: %+v", ev)
		}
	}
}

// stopped opens dir as an admin's command would, hands the appliance to
// change, and closes it again, so a command finds the directory stopped.
func stopped(t *testing.T, dir string, change func(*appliance.Appliance)) {
	t.Helper()
	st, err := storage.Open(storage.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	a, err := appliance.New(st, appliance.Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	change(a)
}
