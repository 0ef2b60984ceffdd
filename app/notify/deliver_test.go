package notify_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/notify"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/app/watch"
	"github.com/backupchecks/backupchecks/storage"
)

// receiver is a webhook endpoint on loopback that fails as told.
type receiver struct {
	srv  *httptest.Server
	mu   sync.Mutex
	fail int // answer 500 to this many more requests
	got  []*http.Request
	body [][]byte
}

func newReceiver(t *testing.T) *receiver {
	r := &receiver{}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		defer r.mu.Unlock()
		r.got, r.body = append(r.got, req), append(r.body, b)
		if r.fail > 0 {
			r.fail--
			http.Error(w, "busy", http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

type world struct {
	st   *storage.Store
	svc  *notify.Service
	now  time.Time
	job  jobs.Job
	cust customers.Customer
}

func newWorld(t *testing.T) *world {
	st, err := storage.Open(storage.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	w := &world{st: st, now: time.Now().UTC()}
	w.cust, _ = st.CreateCustomer(customers.Customer{Name: "Acme Dental", Active: true}, audit.Event{Action: audit.CustomerCreate})
	w.job, err = st.CreateJob(jobs.Job{CustomerID: w.cust.ID, Source: jobs.Email, Name: "Nightly", MatchKey: "k"}, audit.Event{Action: audit.JobCreate})
	if err != nil {
		t.Fatal(err)
	}
	w.svc = notify.NewService(st, st.Cipher())
	w.svc.Now = func() time.Time { return w.now }
	w.svc.Describe = func(ev notify.Event) notify.Detail {
		return notify.Detail{Customer: w.cust.Name, Job: w.job.Name, Link: "https://backups.example/runs/1"}
	}
	return w
}

func (w *world) hook(t *testing.T, url string, f notify.Format, kinds ...notify.Kind) (notify.Webhook, string) {
	h, key, err := w.svc.CreateWebhook(notify.Webhook{Name: "ops", URL: url, Format: f, Events: kinds}, audit.Actor{Name: "admin"})
	if err != nil {
		t.Fatal(err)
	}
	return h, key.Reveal()
}

func (w *world) deliver(t *testing.T) notify.Result {
	t.Helper()
	res, err := w.svc.Deliver(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// A failed run is queued with the run itself and reaches the webhook,
// signed, after a failure and a retry at the backoff's time, with one
// idempotency key for both attempts.
func TestFailedRunReachesWebhookWithRetry(t *testing.T) {
	w := newWorld(t)
	rc := newReceiver(t)
	rc.fail = 1
	_, key := w.hook(t, rc.srv.URL, notify.Generic, notify.RunFailed)
	for _, st := range []runs.Status{runs.Success, runs.Failed, runs.Warning} {
		if _, _, err := w.st.RecordRun(runs.Run{JobID: w.job.ID, ExternalID: string(st), Time: w.now.Add(-time.Hour), Status: st, Message: "disk full on " + string(st)}, ""); err != nil {
			t.Fatal(err)
		}
	}
	// An old failure (history of a newly approved account) is no news.
	if _, _, err := w.st.RecordRun(runs.Run{JobID: w.job.ID, ExternalID: "old", Time: w.now.AddDate(0, 0, -5), Status: runs.Failed}, ""); err != nil {
		t.Fatal(err)
	}

	if res := w.deliver(t); res.Taken != 1 || res.Failed != 1 || res.Delivered != 0 {
		t.Fatalf("first pass: %+v", res)
	}
	if res := w.deliver(t); res.Taken != 0 || res.Failed+res.Delivered != 0 {
		t.Fatalf("a pass before the backoff ran out sent again: %+v", res)
	}
	w.now = w.now.Add(notify.Backoff[0])
	if res := w.deliver(t); res.Delivered != 1 {
		t.Fatalf("after the backoff: %+v", res)
	}
	if res := w.deliver(t); res.Delivered+res.Failed != 0 {
		t.Fatalf("a delivered event went again: %+v", res)
	}
	if len(rc.got) != 2 {
		t.Fatalf("the receiver got %d requests, want 2 (a failure and its retry)", len(rc.got))
	}
	first, second := rc.got[0], rc.got[1]
	if first.Header.Get(notify.HeaderID) == "" || first.Header.Get(notify.HeaderID) != second.Header.Get(notify.HeaderID) {
		t.Errorf("idempotency keys %q and %q", first.Header.Get(notify.HeaderID), second.Header.Get(notify.HeaderID))
	}
	var body map[string]any
	if err := json.Unmarshal(rc.body[1], &body); err != nil {
		t.Fatal(err)
	}
	if body["kind"] != "run.failed" || body["customer"] != "Acme Dental" || body["job"] != "Nightly" || body["text"] != "disk full on failed" ||
		body["title"] != "Backup failed: Acme Dental · Nightly" || body["link"] != "https://backups.example/runs/1" {
		t.Errorf("body %v", body)
	}
	sig := second.Header.Get(notify.HeaderSignature)
	unix, err := strconv.ParseInt(second.Header.Get(notify.HeaderTimestamp), 10, 64)
	if err != nil {
		t.Fatalf("timestamp header: %v", err)
	}
	if want := notify.Sign(key, time.Unix(unix, 0), rc.body[1]); sig != want || !strings.HasPrefix(sig, "sha256=") {
		t.Errorf("signature %q, want %q", sig, want)
	}
	log, err := w.st.DeliveryLog()
	if err != nil || len(log) != 2 || log[0].Outcome != "delivered" || log[0].Status != 204 || !strings.HasPrefix(log[1].Outcome, "retry at ") || log[1].Status != 500 {
		t.Errorf("delivery log %+v (%v)", log, err)
	}
}

// Slack and Teams receive their own formats.
func TestSlackAndTeamsBodies(t *testing.T) {
	ev := notify.Event{ID: "run-7-missed", Kind: notify.RunMissed, Message: "No run arrived by Tue 22:00."}
	d := notify.Detail{Customer: "Acme", Job: "Nightly", Link: "https://b.example/runs/7"}
	b, _ := notify.Body(notify.Slack, ev, d)
	var slack map[string]string
	if err := json.Unmarshal(b, &slack); err != nil || !strings.Contains(slack["text"], "*Backup missed: Acme · Nightly*") || !strings.Contains(slack["text"], "<https://b.example/runs/7|Open in Backupchecks>") {
		t.Errorf("Slack body %s", b)
	}
	b, _ = notify.Body(notify.Teams, ev, d)
	var teams struct {
		Type        string `json:"type"`
		Attachments []struct {
			ContentType string `json:"contentType"`
			Content     struct {
				Type    string                  `json:"type"`
				Body    []struct{ Text string } `json:"body"`
				Actions []struct{ URL string }  `json:"actions"`
			} `json:"content"`
		} `json:"attachments"`
	}
	if err := json.Unmarshal(b, &teams); err != nil || teams.Type != "message" || len(teams.Attachments) != 1 ||
		teams.Attachments[0].ContentType != "application/vnd.microsoft.card.adaptive" || teams.Attachments[0].Content.Type != "AdaptiveCard" ||
		teams.Attachments[0].Content.Body[0].Text != "Backup missed: Acme · Nightly" || teams.Attachments[0].Content.Actions[0].URL != d.Link {
		t.Errorf("Teams body %s", b)
	}
}

// A condition notifies once when it appears and once when it clears, and
// only webhooks subscribed to that condition hear of it.
func TestConditionsNotifyOncePerChange(t *testing.T) {
	w := newWorld(t)
	rc := newReceiver(t)
	w.hook(t, rc.srv.URL, notify.Generic, notify.ConditionKind("backlog"), notify.ConditionCleared)
	backupOnly := newReceiver(t)
	w.hook(t, backupOnly.srv.URL, notify.Generic, notify.ConditionKind("backup"), notify.ConditionCleared)
	noClear := newReceiver(t)
	w.hook(t, noClear.srv.URL, notify.Generic, notify.ConditionKind("backlog"))
	backlog := []watch.Condition{{Key: "backlog", Title: "Review backlog", Reason: "150 runs have waited."}}
	for range 3 {
		if err := w.svc.NoteConditions(backlog); err != nil {
			t.Fatal(err)
		}
		w.deliver(t)
	}
	if err := w.svc.NoteConditions(nil); err != nil {
		t.Fatal(err)
	}
	w.deliver(t)
	if len(rc.body) != 2 {
		t.Fatalf("the receiver got %d events, want raised and cleared", len(rc.body))
	}
	for i, want := range []string{`"kind":"appliance.unwell"`, `"kind":"appliance.well"`} {
		if !strings.Contains(string(rc.body[i]), want) || !strings.Contains(string(rc.body[i]), "Review backlog") {
			t.Errorf("event %d: %s", i, rc.body[i])
		}
	}
	if len(backupOnly.body) != 0 {
		t.Errorf("a webhook for the backup condition heard of the backlog: %q", backupOnly.body)
	}
	if len(noClear.body) != 1 || !strings.Contains(string(noClear.body[0]), `"kind":"appliance.unwell"`) {
		t.Errorf("a webhook without 'when it clears' got %q", noClear.body)
	}
}

// A test goes only to its webhook and is not retried; webhooks that do not
// subscribe to an event never see it.
func TestSendTestAndSubscriptions(t *testing.T) {
	w := newWorld(t)
	down := newReceiver(t)
	down.fail = 100
	other := newReceiver(t)
	h, _ := w.hook(t, down.srv.URL, notify.Slack, notify.RunMissed)
	w.hook(t, other.srv.URL, notify.Generic, notify.RunMissed)
	entry, err := w.svc.SendTest(h.ID)
	if err != nil || entry.Outcome != "gave up" || entry.Status != 500 {
		t.Fatalf("test to a failing receiver: %+v %v", entry, err)
	}
	w.now = w.now.Add(time.Hour)
	w.deliver(t)
	if len(down.got) != 1 || len(other.got) != 0 {
		t.Errorf("the test reached %d and %d requests, want 1 and 0", len(down.got), len(other.got))
	}
	if _, _, err := w.st.RecordRun(runs.Run{JobID: w.job.ID, ExternalID: "f", Time: w.now.Add(-time.Hour), Status: runs.Failed}, ""); err != nil {
		t.Fatal(err)
	}
	w.deliver(t)
	if len(other.got) != 0 {
		t.Error("a webhook for missed runs received a failed one")
	}
}

func TestWebhookValidation(t *testing.T) {
	w := newWorld(t)
	for _, c := range []struct {
		hook  notify.Webhook
		field string
	}{
		{notify.Webhook{URL: "https://x.example", Format: notify.Generic, Events: []notify.Kind{notify.RunFailed}}, "name"},
		{notify.Webhook{Name: "a", URL: "ftp://x", Format: notify.Generic, Events: []notify.Kind{notify.RunFailed}}, "url"},
		{notify.Webhook{Name: "a", URL: "http://hooks.example/x", Format: notify.Generic, Events: []notify.Kind{notify.RunFailed}}, "url"},
		{notify.Webhook{Name: "a", URL: "https://x.example", Format: "xml", Events: []notify.Kind{notify.RunFailed}}, "format"},
		{notify.Webhook{Name: "a", URL: "https://x.example", Format: notify.Teams}, "events"},
	} {
		_, _, err := w.svc.CreateWebhook(c.hook, audit.Actor{})
		var fe *notify.FieldError
		if !errors.As(err, &fe) || fe.Field != c.field {
			t.Errorf("%+v: %v, want a %s error", c.hook, err, c.field)
		}
	}
}
