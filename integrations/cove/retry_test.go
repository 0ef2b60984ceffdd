package cove_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/integrations/cove"
	"github.com/backupchecks/backupchecks/integrations/cove/covetest"
)

func TestRefusedColumnRetriesOnceThenErrPermission(t *testing.T) {
	srv := fake(t, 5)
	srv.SetFaults(covetest.Faults{RefuseColumn: "D10F00"})
	c := client(srv)
	_, err := collect(t, c, covetest.RootPartnerID, "I1", "D10F0") // refused in any spelling
	if !errors.Is(err, cove.ErrPermission) {
		t.Fatalf("want ErrPermission, got %v", err)
	}
	stats := methodCalls(srv, "EnumerateAccountStatistics")
	if srv.Logins() != 2 || len(stats) != 2 || stats[0].ErrorData != 13501 || stats[1].ErrorData != 13501 {
		t.Fatalf("%d logins, calls %+v; want one re-login and one retry", srv.Logins(), stats)
	}
	if msg := cove.Explain(err); !strings.Contains(msg, "role") || !strings.Contains(msg, "column") {
		t.Fatalf("explanation: %q", msg)
	}
}

func TestServerErrorsAreRetried(t *testing.T) {
	for _, tc := range []struct {
		status, count int
	}{{500, 2}, {429, 1}, {503, 3}} {
		srv := fake(t, 5)
		c := client(srv)
		if _, err := c.Login(context.Background()); err != nil {
			t.Fatal(err)
		}
		srv.SetFaults(covetest.Faults{HTTPStatus: tc.status, HTTPStatusCount: tc.count})
		all, err := collect(t, c, covetest.RootPartnerID, "I1")
		if err != nil || len(all) != 5 {
			t.Fatalf("HTTP %d ×%d: %d accounts, %v", tc.status, tc.count, len(all), err)
		}
		if n := len(methodCalls(srv, "EnumerateAccountStatistics")); n != tc.count+1 {
			t.Fatalf("HTTP %d ×%d: %d attempts", tc.status, tc.count, n)
		}
	}
}

func TestUnreachableAfterMaxRetries(t *testing.T) {
	srv := fake(t, 5)
	c := client(srv, func(cfg *cove.Config) { cfg.MaxRetries = 2 })
	srv.SetFaults(covetest.Faults{HTTPStatus: 503, HTTPStatusCount: 100})
	_, err := collect(t, c, covetest.RootPartnerID, "I1")
	if err == nil {
		t.Fatal("no error")
	}
	if n := len(srv.Calls()); n != 3 {
		t.Fatalf("%d attempts, want 1 + 2 retries", n)
	}
	msg := cove.Explain(err)
	if !strings.Contains(msg, "could not be reached") || !strings.Contains(msg, "retried 2 times") || !strings.Contains(msg, "503") {
		t.Fatalf("explanation: %q", msg)
	}
}

func TestConnectionRefusedIsRetriedThenUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	c := cove.New(cove.Config{URL: "http://" + addr + "/jsonapi", Username: "x", Password: "y", MaxRetries: 1,
		Backoff: func(int) time.Duration { return 0 }})
	_, err = c.Login(context.Background())
	if msg := cove.Explain(err); !strings.Contains(msg, "could not be reached") || !strings.Contains(msg, "retried once") {
		t.Fatalf("explanation: %q (%v)", msg, err)
	}
}

func TestClientErrorsAreNotRetried(t *testing.T) {
	srv := fake(t, 5)
	c := client(srv)
	srv.SetFaults(covetest.Faults{HTTPStatus: 404, HTTPStatusCount: 5})
	_, err := c.Login(context.Background())
	if err == nil || !strings.Contains(err.Error(), "404") {
		t.Fatalf("want an HTTP 404 error, got %v", err)
	}
	if n := len(srv.Calls()); n != 1 {
		t.Fatalf("%d attempts on a 404", n)
	}
	if msg := cove.Explain(err); !strings.Contains(msg, "API URL") {
		t.Fatalf("explanation: %q", msg)
	}
}

func TestTruncatedReplyIsAMalformedError(t *testing.T) {
	srv := fake(t, 5)
	c := client(srv)
	if _, err := c.Login(context.Background()); err != nil {
		t.Fatal(err)
	}
	srv.SetFaults(covetest.Faults{TruncateNext: 1})
	_, err := collect(t, c, covetest.RootPartnerID, "I1", "D09F00")
	if err == nil || !strings.HasPrefix(err.Error(), "cove: malformed reply from EnumerateAccountStatistics: ") {
		t.Fatalf("want a malformed-reply error, got %v", err)
	}
	if msg := cove.Explain(err); !strings.Contains(msg, "could not be read") {
		t.Fatalf("explanation: %q", msg)
	}

	srv.SetFaults(covetest.Faults{TruncateNext: 1})
	if _, err := c.Login(context.Background()); err == nil || !strings.Contains(err.Error(), "malformed reply from Login") {
		t.Fatalf("truncated login reply: %v", err)
	}
}

func TestContextDeadlineStopsASlowCall(t *testing.T) {
	srv := fake(t, 5)
	srv.SetFaults(covetest.Faults{Delay: time.Hour})
	c := client(srv)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err := c.Statistics(ctx, covetest.RootPartnerID, []string{"I1"}, func([]cove.Account) error { return nil })
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want the deadline, got %v", err)
	}
	if n := len(srv.Calls()); n != 1 {
		t.Fatalf("%d attempts; a cancelled context must stop retries", n)
	}
	if msg := cove.Explain(err); !strings.Contains(msg, "did not answer") || !strings.Contains(msg, "Check the API URL") {
		t.Fatalf("explanation: %q", msg)
	}
}
