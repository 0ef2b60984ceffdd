package autotask_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/integrations/autotask"
)

// ready returns a client whose zone is already resolved, so that request
// counts below are API calls only.
func (w *world) ready(t *testing.T, mod ...func(*autotask.Config)) *autotask.Client {
	t.Helper()
	c := w.client(mod...)
	if _, err := c.Zone(ctx); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRateLimitIsRetried(t *testing.T) {
	w := newWorld(t)
	c := w.ready(t)
	w.srv.Fail429OnCall(1)
	before := w.srv.Calls()
	if _, err := c.Company(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if n := w.srv.Calls() - before; n != 2 {
		t.Fatalf("%d requests, want a 429 and a retry", n)
	}
}

func TestOutageIsRetriedForReads(t *testing.T) {
	w := newWorld(t)
	c := w.ready(t)
	w.srv.Fail500(2)
	if _, err := c.Company(ctx, 0); err != nil {
		t.Fatalf("a read after two outage answers: %v", err)
	}
	w.srv.Fail500(10)
	before := w.srv.Calls()
	_, err := c.Tickets(ctx, []int64{1})
	if !errors.Is(err, autotask.ErrUnavailable) || errors.Is(err, autotask.ErrRateLimited) {
		t.Fatalf("want ErrUnavailable, got %v", err)
	}
	if n := w.srv.Calls() - before; n != 3 {
		t.Fatalf("%d attempts, want 3", n)
	}
	if msg := autotask.Explain(err); !strings.Contains(msg, "outage") || !strings.Contains(msg, "retried 2 times") {
		t.Fatalf("explanation: %q", msg)
	}
}

// An outage answer to a create may come after the work was done: the
// client does not send it again and says the outcome is unknown.
func TestOutageOnCreateIsOutcomeUnknownAndNotRetried(t *testing.T) {
	w := newWorld(t)
	company := w.tenant.AddCompany("Acme", true)
	c := w.ready(t)
	w.srv.Fail500(1)
	before := w.srv.Calls()
	_, err := c.CreateTicket(ctx, newTicket(company, "bc-run-1"))
	if !errors.Is(err, autotask.ErrOutcomeUnknown) {
		t.Fatalf("want ErrOutcomeUnknown, got %v", err)
	}
	if n := w.srv.Calls() - before; n != 1 {
		t.Fatalf("%d attempts of a create", n)
	}
	if msg := autotask.Explain(err); !strings.Contains(msg, "may or may not exist") {
		t.Fatalf("explanation: %q", msg)
	}
}

func TestLostCreateAnswerIsOutcomeUnknownWithOneTicket(t *testing.T) {
	w := newWorld(t)
	company := w.tenant.AddCompany("Acme", true)
	c := w.ready(t)
	w.srv.LoseNextCreateAnswer()
	_, err := c.CreateTicket(ctx, newTicket(company, "bc-run-7"))
	if !errors.Is(err, autotask.ErrOutcomeUnknown) {
		t.Fatalf("want ErrOutcomeUnknown, got %v", err)
	}
	if n := len(w.tenant.Tickets()); n != 1 {
		t.Fatalf("%d tickets, want exactly 1", n)
	}
	found, err := c.TicketsByExternalID(ctx, "bc-run-7")
	if err != nil || len(found) != 1 {
		t.Fatalf("look-up by marker: %+v, %v", found, err)
	}
}

func TestOutageOnNoteIsOutcomeUnknown(t *testing.T) {
	w := newWorld(t)
	tk := w.tenant.AddTicket(0, "t", 1)
	c := w.ready(t)
	w.srv.Fail500(1)
	_, err := c.AddNote(ctx, tk.ID, autotask.NewNote{Title: "t", Description: "d", NoteType: 2, Publish: 2})
	if !errors.Is(err, autotask.ErrOutcomeUnknown) || len(w.tenant.Notes(tk.ID)) != 0 {
		t.Fatalf("want ErrOutcomeUnknown and no retry, got %v and %d notes", err, len(w.tenant.Notes(tk.ID)))
	}
}

// A 429 is answered before any work: even a create is sent again.
func TestRateLimitedCreateIsRetried(t *testing.T) {
	w := newWorld(t)
	company := w.tenant.AddCompany("Acme", true)
	c := w.ready(t)
	w.srv.Fail429OnCall(1)
	if _, err := c.CreateTicket(ctx, newTicket(company, "bc-run-1")); err != nil {
		t.Fatal(err)
	}
	if n := len(w.tenant.Tickets()); n != 1 {
		t.Fatalf("%d tickets", n)
	}
}

// A create whose connection could not even be made was certainly not
// processed: it is sent again.
func TestCreateIsRetriedWhenTheConnectionFails(t *testing.T) {
	w := newWorld(t)
	company := w.tenant.AddCompany("Acme", true)
	var dials atomic.Int32
	tr := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		if dials.Add(1) == 2 { // the first dial is the zone lookup's
			return nil, &net.OpError{Op: "dial", Net: network, Err: errors.New("connection refused")}
		}
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}
	c := w.client(func(cfg *autotask.Config) { cfg.HTTPClient = &http.Client{Transport: tr} })
	if _, err := c.Zone(ctx); err != nil {
		t.Fatal(err)
	}
	tr.CloseIdleConnections()
	if _, err := c.CreateTicket(ctx, newTicket(company, "bc-run-1")); err != nil {
		t.Fatal(err)
	}
	if n := len(w.tenant.Tickets()); n != 1 || dials.Load() != 3 {
		t.Fatalf("%d tickets after %d dials", n, dials.Load())
	}
}

func TestCreateTimingOutAfterSendingIsOutcomeUnknown(t *testing.T) {
	w := newWorld(t)
	company := w.tenant.AddCompany("Acme", true)
	c := w.ready(t, func(cfg *autotask.Config) { cfg.Timeout = 50 * time.Millisecond })
	w.srv.SetDelay(time.Hour)
	before := w.srv.Calls()
	_, err := c.CreateTicket(ctx, newTicket(company, "bc-run-1"))
	if !errors.Is(err, autotask.ErrOutcomeUnknown) || !strings.Contains(err.Error(), "no answer within 50ms") {
		t.Fatalf("want ErrOutcomeUnknown after the timeout, got %v", err)
	}
	if n := w.srv.Calls() - before; n != 1 || len(w.tenant.Tickets()) != 1 {
		t.Fatalf("%d attempts, %d tickets", n, len(w.tenant.Tickets()))
	}
}

// The caller giving up after the create went out leaves it unknown too.
func TestCreateCancelledAfterSendingIsOutcomeUnknown(t *testing.T) {
	w := newWorld(t)
	company := w.tenant.AddCompany("Acme", true)
	c := w.ready(t)
	w.srv.SetDelay(time.Hour)
	cctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	_, err := c.CreateTicket(cctx, newTicket(company, "bc-run-1"))
	if !errors.Is(err, autotask.ErrOutcomeUnknown) || !errors.Is(err, context.DeadlineExceeded) || len(w.tenant.Tickets()) != 1 {
		t.Fatalf("got %v with %d tickets", err, len(w.tenant.Tickets()))
	}
}

func TestReadTimeoutIsRetried(t *testing.T) {
	w := newWorld(t)
	c := w.ready(t, func(cfg *autotask.Config) { cfg.Timeout = 20 * time.Millisecond; cfg.Retries = 2 })
	w.srv.SetDelay(time.Hour)
	before := w.srv.Calls()
	_, err := c.Company(ctx, 0)
	if !errors.Is(err, autotask.ErrUnavailable) || w.srv.Calls()-before != 2 {
		t.Fatalf("%d attempts, %v", w.srv.Calls()-before, err)
	}
}

func TestExhaustedTenantIsRateLimited(t *testing.T) {
	w := newWorld(t)
	company := w.tenant.AddCompany("Acme", true)
	c := w.ready(t)
	w.srv.Exhaust(true)
	_, err := c.Company(ctx, company)
	if !errors.Is(err, autotask.ErrRateLimited) {
		t.Fatalf("want ErrRateLimited, got %v", err)
	}
	if msg := autotask.Explain(err); !strings.Contains(msg, "Autotask is busy") || !strings.Contains(msg, "Nothing was done in Autotask") {
		t.Fatalf("explanation: %q", msg)
	}
	_, err = c.CreateTicket(ctx, newTicket(company, "bc-run-1"))
	if !errors.Is(err, autotask.ErrRateLimited) || !errors.Is(err, autotask.ErrOutcomeUnknown) {
		t.Fatalf("create while exhausted: %v", err)
	}
	w.srv.Exhaust(false)
	if _, err := c.Company(ctx, company); err != nil {
		t.Fatal(err)
	}
}

func TestCancelledContextStopsRetries(t *testing.T) {
	w := newWorld(t)
	c := w.ready(t, func(cfg *autotask.Config) { cfg.Backoff = func(int) time.Duration { return time.Hour } })
	w.srv.Fail500(1)
	cctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	_, err := c.Company(cctx, 0)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want the deadline, got %v", err)
	}
	if msg := autotask.Explain(err); !strings.Contains(msg, "in time") {
		t.Fatalf("explanation: %q", msg)
	}
}

// Another integration holds the API user's 3 threads for 2 s: a request
// waits its turn (many 429s, no error) and then succeeds; held longer than
// the client's wait, it says Autotask is busy and a create made nothing.
func TestThreadLimitWaitsItsTurnThenSaysNothingWasDone(t *testing.T) {
	w := newWorld(t)
	company := w.tenant.AddCompany("Acme", true)
	c := w.ready(t, func(cfg *autotask.Config) { cfg.BusyWait = 4 * time.Second })
	w.srv.HoldThreads(2 * time.Second)
	start := time.Now()
	if _, err := c.Company(ctx, company); err != nil {
		t.Fatalf("after the threads freed up: %v", err)
	}
	if d := time.Since(start); d < 2*time.Second || d > 4*time.Second {
		t.Errorf("waited %v for threads held 2 s", d)
	}

	w.srv.HoldThreads(time.Minute)
	start = time.Now()
	_, err := c.CreateTicket(ctx, newTicket(company, "bc-run-2"))
	if !errors.Is(err, autotask.ErrRateLimited) || errors.Is(err, autotask.ErrOutcomeUnknown) {
		t.Fatalf("create under a held thread limit: %v", err)
	}
	if d := time.Since(start); d < 4*time.Second || d > 6*time.Second {
		t.Errorf("gave up after %v, want the 4 s wait", d)
	}
	if n := len(w.tenant.Tickets()); n != 0 {
		t.Errorf("%d tickets made", n)
	}
}
