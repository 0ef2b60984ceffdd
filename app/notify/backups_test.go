package notify_test

import (
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/app/notify"
	"github.com/backupchecks/backupchecks/app/watch"
)

// A webhook subscribed to "jobs silent" and "no success" hears each raised
// and cleared, headed as customers' backups rather than the appliance; a
// webhook for the appliance's conditions hears neither.
func TestBackupConditionsReachTheirWebhooks(t *testing.T) {
	w := newWorld(t)
	rc := newReceiver(t)
	w.hook(t, rc.srv.URL, notify.Generic, append(notify.BackupConditionKinds(), notify.ConditionCleared)...)
	appliance := newReceiver(t)
	w.hook(t, appliance.srv.URL, notify.Generic, append(notify.ConditionKinds(), notify.ConditionCleared)...)
	silent := watch.Condition{Key: "silent", Title: "Jobs silent", Backups: true, Reason: "1 job is silent past its bound: Acme Dental / Nightly (5 days)."}
	none := watch.Condition{Key: "nosuccess", Title: "No recent success", Backups: true, Reason: "1 job has had no success within 2 × its bound: Acme Dental / Nightly (7 days)."}
	for _, conds := range [][]watch.Condition{{silent}, {none, silent}, {none}, nil} {
		if err := w.svc.NoteConditions(conds); err != nil {
			t.Fatal(err)
		}
		w.deliver(t)
	}
	want := []string{"need attention: Jobs silent", "need attention: No recent success", "cleared: Jobs silent", "cleared: No recent success"}
	if len(rc.body) != len(want) {
		t.Fatalf("the receiver got %d events, want %d: %q", len(rc.body), len(want), rc.body)
	}
	for i, s := range want {
		if body := string(rc.body[i]); !strings.Contains(body, "Customers' backups") || !strings.Contains(body, s) {
			t.Errorf("event %d lacks %q: %s", i, s, body)
		}
	}
	if len(appliance.body) != 0 {
		t.Errorf("a webhook for the appliance's conditions heard of customers' jobs: %q", appliance.body)
	}
}
