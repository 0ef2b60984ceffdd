package appliance

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/control"
	"github.com/backupchecks/backupchecks/app/coveimport"
	"github.com/backupchecks/backupchecks/app/secret"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/integrations/cove"
	"github.com/backupchecks/backupchecks/integrations/cove/covetest"
	"github.com/backupchecks/backupchecks/storage"
)

// syncBuffer is a log sink safe for the poller's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) lines(msgPrefix string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, l := range strings.Split(s.b.String(), "\n") {
		if strings.Contains(l, `msg="`+msgPrefix) {
			out = append(out, l)
		}
	}
	return out
}

const scrapeToken = "scrape-token"

// coveAppliance is an appliance with Cove on, polling a fake of one
// device, its log in a buffer.
func coveAppliance(t *testing.T) (*Appliance, *covetest.Server, *syncBuffer) {
	t.Helper()
	st, err := storage.Open(storage.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	logs := &syncBuffer{}
	a, err := New(st, Options{Logger: slog.New(slog.NewTextHandler(logs, nil)), MetricsToken: scrapeToken})
	if err != nil {
		t.Fatal(err)
	}
	a.CovePoller.Config = func(c *cove.Config) { c.Backoff = func(int) time.Duration { return time.Millisecond } }
	fake := covetest.New()
	fake.Start()
	t.Cleanup(fake.Close)
	fake.AddPartner(covetest.Partner{ID: 1, Name: "MSP"})
	fake.AddUser(covetest.User{Partner: "MSP", Username: "api", Password: "token", PartnerID: 1, ID: 1})
	fake.PutDevice(covetest.Device{ID: 7, PartnerID: 1, Values: map[string]string{"I1": "fs01", "I18": "FS01", "I78": "D01", "I32": "2"}})
	cfg := settings.DefaultCove()
	cfg.Enabled, cfg.URL, cfg.Partner, cfg.Username = true, fake.URL(), "MSP", "api"
	if _, err := a.Settings.SaveCove(cfg, secret.New("token"), audit.Actor{}); err != nil {
		t.Fatal(err)
	}
	return a, fake, logs
}

func scrape(t *testing.T, a *Appliance) string {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+scrapeToken)
	resp, err := a.Web.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// Scheduled, Poll now and the command line each leave one log line with
// the outcome; the two a person started are audited under their name;
// Prometheus counts them; a failed poll still says how many accounts wait.
func TestEveryCovePollIsLoggedCountedAndAPersonsPollAudited(t *testing.T) {
	a, fake, logs := coveAppliance(t)
	ctx := context.Background()
	if _, err := a.CovePoller.Poll(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := a.CovePoller.PollAs(ctx, coveimport.Trigger{How: coveimport.PollNow, By: audit.Actor{Name: "olivia", IP: "192.0.2.7"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.CovePoller.PollNow(ctx, control.Actor("root")); err != nil {
		t.Fatal(err)
	}
	fake.SetFaults(covetest.Faults{HTTPStatus: 503, HTTPStatusCount: 1000})
	if _, err := a.CovePoller.Poll(ctx); err == nil {
		t.Fatal("an unreachable Cove was not reported")
	}

	ok, failed := logs.lines("cove poll\""), logs.lines("cove poll failed")
	if len(ok) != 3 || len(failed) != 1 {
		t.Fatalf("log lines: %d good, %d failed, want 3 and 1:\n%s", len(ok), len(failed), strings.Join(append(ok, failed...), "\n"))
	}
	for i, want := range []string{"trigger=scheduled", `trigger="poll now"`, `trigger="command line"`} {
		if !strings.Contains(ok[i], want) || !strings.Contains(ok[i], "seen=1") || !strings.Contains(ok[i], "pending=1") {
			t.Errorf("log line %d lacks %s or the outcome: %s", i, want, ok[i])
		}
	}
	if !strings.Contains(ok[1], "by=olivia") || !strings.Contains(ok[2], "by=cli:root") || !strings.Contains(failed[0], "could not be reached") {
		t.Errorf("log lines do not say who or why:\n%s\n%s\n%s", ok[1], ok[2], failed[0])
	}

	page, err := a.Store.List(audit.Filter{Action: audit.CovePoll, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Events) != 2 {
		t.Fatalf("%d audit events of Cove polls, want the two a person started", len(page.Events))
	}
	who := page.Events[0].Actor + page.Events[0].IP + " " + page.Events[1].Actor + page.Events[1].IP
	if !strings.Contains(who, "olivia") || !strings.Contains(who, "cli:root") || !strings.Contains(page.Events[0].Details+page.Events[1].Details, "1 accounts seen") {
		t.Fatalf("audit events: %+v", page.Events)
	}

	if st, _ := a.CovePoller.Status(); st.Error == "" || st.Result.Pending != 1 {
		t.Fatalf("after a failed poll the status does not count the waiting account: %+v", st.Result)
	}
	m := scrape(t, a)
	for _, re := range []string{`(?m)^cove_poll_duration_seconds_count 4$`, `(?m)^cove_poll_errors_total 1$`,
		`(?m)^cove_accounts\{state="pending"\} 1$`, `(?m)^cove_accounts\{state="approved"\} 0$`,
		`(?m)^cove_poll_last_success_timestamp_seconds [1-9][0-9.e+]+$`, `(?m)^cove_poll_held 0$`} {
		if !regexp.MustCompile(re).MatchString(m) {
			t.Errorf("metrics lack %s", re)
		}
	}
}

// Test connection answers within its limit with what to check, whatever
// the server does; the limit is injected short, the context guards the test.
func TestCoveTestConnectionIsBoundedAndSaysWhatToCheck(t *testing.T) {
	a, fake, _ := coveAppliance(t)
	a.CovePoller.TestTimeout = 150 * time.Millisecond
	cfg, _ := a.Settings.Cove()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	fake.SetFaults(covetest.Faults{NeverAnswer: true})
	_, err := a.CovePoller.Test(ctx, cfg, secret.Value{})
	var te *cove.TimeoutError
	if !errors.As(err, &te) || te.What != "the connection test" || ctx.Err() != nil {
		t.Fatalf("a Cove that never answers: %v", err)
	}
	if msg := cove.Explain(err); !strings.Contains(msg, "within 150ms") || !strings.Contains(msg, "Check the API URL") {
		t.Fatalf("explanation: %q", msg)
	}
	if CoveTestTimeout != 20*time.Second {
		t.Fatalf("Test connection's limit is %s", CoveTestTimeout)
	}

	fake.SetFaults(covetest.Faults{HTMLPage: true})
	_, err = a.CovePoller.Test(ctx, cfg, secret.Value{})
	if msg := cove.Explain(err); !strings.Contains(msg, "This URL is not the Cove API") {
		t.Fatalf("a web page with HTTP 200: %q", msg)
	}
}

// A poll of a Cove that never answers ends at the page limit, fails with
// a sentence saying what to check, and changes nothing.
func TestACovePollThatIsNeverAnsweredEndsAtThePageLimit(t *testing.T) {
	a, fake, _ := coveAppliance(t)
	a.CovePoller.Config = func(c *cove.Config) { c.PageTimeout = 150 * time.Millisecond }
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := a.CovePoller.Poll(ctx); err != nil {
		t.Fatal(err)
	}
	before, _ := a.Cove.Get(7)
	fake.SetFaults(covetest.Faults{NeverAnswer: true})
	if _, err := a.CovePoller.Poll(ctx); err == nil || ctx.Err() != nil {
		t.Fatalf("poll of a Cove that never answers: %v (test context %v)", err, ctx.Err())
	}
	st, _ := a.CovePoller.Status()
	if !strings.Contains(st.Explain, "did not answer") || !strings.Contains(st.Explain, "within 150ms") || st.Result.Pending != 1 {
		t.Fatalf("status: %q, %+v", st.Explain, st.Result)
	}
	if after, _ := a.Cove.Get(7); !after.LastSeen.Equal(before.LastSeen) {
		t.Fatal("a poll that failed changed the account")
	}
}
