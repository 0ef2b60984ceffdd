package watch_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/coveimport"
	"github.com/backupchecks/backupchecks/app/mailimport"
	"github.com/backupchecks/backupchecks/app/psa"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/app/watch"
	"github.com/backupchecks/backupchecks/storage"
)

var now = time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)

// world is an appliance's sources, healthy until a test breaks one.
type world struct {
	mail     mailimport.PollStatus
	cove     coveimport.PollStatus
	autotask psa.Health
	atOn     bool
	queue    []runs.QueueEntry
	backup   time.Time
	created  time.Time
}

func healthy() *world {
	return &world{
		mail:    mailimport.PollStatus{Started: now.Add(-2 * time.Minute), LastSuccess: now.Add(-2 * time.Minute)},
		cove:    coveimport.PollStatus{Started: now.Add(-3 * time.Minute), LastSuccess: now.Add(-3 * time.Minute)},
		atOn:    true,
		backup:  now.Add(-2 * 24 * time.Hour),
		created: now.AddDate(-1, 0, 0),
	}
}

func (w *world) service(t *testing.T) *watch.Service {
	st, err := storage.Open(storage.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	m := settings.DefaultMailImport()
	m.Enabled = true
	c := settings.DefaultCove()
	c.Enabled = true
	if err := st.SaveMailImport(m, audit.Event{}); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveCove(c, audit.Event{}); err != nil {
		t.Fatal(err)
	}
	return watch.New(watch.Sources{
		Settings:   settings.NewService(st),
		Mail:       func() (mailimport.PollStatus, error) { return w.mail, nil },
		Cove:       func() (coveimport.PollStatus, error) { return w.cove, nil },
		Autotask:   func() (bool, psa.Health, error) { return w.atOn, w.autotask, nil },
		Queue:      func() ([]runs.QueueEntry, error) { return w.queue, nil },
		LastBackup: func() (time.Time, error) { return w.backup, nil },
		Created:    w.created,
		Now:        func() time.Time { return now },
	})
}

func waiting(n int, age time.Duration) []runs.QueueEntry {
	q := make([]runs.QueueEntry, n)
	for i := range q {
		q[i] = runs.QueueEntry{RunID: uint64(i + 1), Time: now.Add(-age)}
	}
	return q
}

func TestConditions(t *testing.T) {
	cases := []struct {
		name   string
		break_ func(w *world)
		want   string // "key: title", "" for healthy
	}{
		{"healthy", func(*world) {}, ""},
		{"mail failing", func(w *world) { w.mail.Result.Err = "dial tcp: connection refused" }, "mail: Mail import failing"},
		{"mail stalled", func(w *world) { w.mail.LastSuccess, w.mail.Started = now.Add(-time.Hour), now.Add(-time.Hour) }, "mail: Mail import stalled"},
		{"cove failing", func(w *world) { w.cove.Error, w.cove.Explain = "401", "Cove refused the API user's password." }, "cove: Cove poll failing"},
		{"cove list held", func(w *world) {
			w.cove.Memory.Held = &coveimport.Held{Seen: 0, Baseline: 40, Since: now.Add(-time.Hour)}
		}, "cove: Cove account list held"},
		{"autotask failing", func(w *world) {
			w.autotask = psa.Health{FailingSince: now.Add(-time.Hour), Explain: "Autotask is down."}
		}, "autotask: Autotask failing"},
		{"autotask failing but off", func(w *world) {
			w.atOn, w.autotask = false, psa.Health{FailingSince: now.Add(-time.Hour)}
		}, ""},
		{"backlog of 101 runs older than a day", func(w *world) { w.queue = waiting(101, 25*time.Hour) }, "backlog: Review backlog"},
		{"100 old runs are no backlog", func(w *world) { w.queue = waiting(100, 25*time.Hour) }, ""},
		{"500 young runs are no backlog", func(w *world) { w.queue = waiting(500, 23*time.Hour) }, ""},
		{"backup 8 days old", func(w *world) { w.backup = now.Add(-8 * 24 * time.Hour) }, "backup: No recent backup"},
		{"never backed up, a year old", func(w *world) { w.backup = time.Time{} }, "backup: No recent backup"},
		{"never backed up, made yesterday", func(w *world) { w.backup, w.created = time.Time{}, now.Add(-24*time.Hour) }, ""},
	}
	for _, c := range cases {
		w := healthy()
		c.break_(w)
		conds, err := w.service(t).Conditions()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var got []string
		for _, cd := range conds {
			got = append(got, cd.Key+": "+cd.Title)
			if cd.Reason == "" || !strings.HasSuffix(cd.Reason, ".") && !strings.HasSuffix(cd.Reason, "?") {
				t.Errorf("%s: %s has no sentence for a reason: %q", c.name, cd.Key, cd.Reason)
			}
		}
		if strings.Join(got, "; ") != c.want {
			t.Errorf("%s: conditions %q, want %q", c.name, got, c.want)
		}
	}
}

// A source that cannot be read is a condition, not a healthy answer.
func TestUnreadableSourceIsACondition(t *testing.T) {
	w := healthy()
	svc := w.service(t)
	svc.Mail = func() (mailimport.PollStatus, error) { return mailimport.PollStatus{}, errors.New("disk error") }
	conds, err := svc.Conditions()
	if err != nil || len(conds) != 1 || conds[0].Key != "mail" {
		t.Fatalf("conditions %+v, %v", conds, err)
	}
}
