package cove_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/integrations/cove"
	"github.com/backupchecks/backupchecks/integrations/cove/covetest"
)

func TestVisaIsTopLevelAndLoginHasNone(t *testing.T) {
	srv := fake(t, 30)
	c := client(srv, func(cfg *cove.Config) { cfg.PageSize = 10 })
	if _, err := collect(t, c, covetest.RootPartnerID, "I1"); err != nil {
		t.Fatal(err)
	}
	calls := srv.Calls()
	if len(calls) != 5 { // Login and four pages, the last one empty
		t.Fatalf("%d calls", len(calls))
	}
	for i, call := range calls {
		switch {
		case call.VisaInParams || strings.Contains(strings.ToLower(string(call.Params)), "visa"):
			t.Errorf("call %d (%s) has a visa in its params: %s", i, call.Method, call.Params)
		case call.Method == "Login" && call.Visa != "":
			t.Errorf("Login sent a visa")
		case call.Method != "Login" && call.Visa == "":
			t.Errorf("call %d (%s) sent no visa", i, call.Method)
		case call.ErrorData != 0:
			t.Errorf("call %d (%s) was refused: %d", i, call.Method, call.ErrorData)
		}
	}
}

func TestEachCallUsesThePreviousReplysVisa(t *testing.T) {
	srv := fake(t, 50)
	c := client(srv, func(cfg *cove.Config) { cfg.PageSize = 10 })
	if _, err := collect(t, c, covetest.RootPartnerID, "I1"); err != nil {
		t.Fatal(err)
	}
	calls := srv.Calls()
	seen := map[string]bool{}
	for i := 1; i < len(calls); i++ {
		if calls[i].Visa != calls[i-1].ReplyVisa {
			t.Fatalf("call %d sent %q, the previous reply carried %q", i, calls[i].Visa, calls[i-1].ReplyVisa)
		}
		if seen[calls[i].Visa] {
			t.Fatalf("visa %q sent twice", calls[i].Visa)
		}
		seen[calls[i].Visa] = true
	}
}

func TestLogsInAgainBeforeTheVisaIsThirteenMinutesOld(t *testing.T) {
	srv := fake(t, 5)
	clk := &clock{t: epoch}
	srv.SetClock(clk.now)
	c := client(srv, func(cfg *cove.Config) { cfg.Now = clk.now })
	poll := func() {
		t.Helper()
		if _, err := collect(t, c, covetest.RootPartnerID, "I1"); err != nil {
			t.Fatal(err)
		}
	}
	poll()
	clk.advance(12 * time.Minute)
	poll()
	if n := srv.Logins(); n != 1 {
		t.Fatalf("%d logins after 12 minutes; the visa was still young", n)
	}
	clk.advance(14 * time.Minute) // Cove would still accept it for another minute
	poll()
	if n := srv.Logins(); n != 2 {
		t.Fatalf("%d logins after 14 idle minutes, want a proactive second one", n)
	}
	for _, call := range srv.Calls() {
		if call.ErrorData != 0 {
			t.Fatalf("a call was refused (%d); the re-login should have come first", call.ErrorData)
		}
	}
}

func TestExpiredVisaLogsInAgainAndRetries(t *testing.T) {
	srv := fake(t, 5)
	clk := &clock{t: epoch}
	srv.SetClock(clk.now) // the client's own clock stands still: it cannot see the expiry coming
	c := client(srv)
	if _, err := c.Login(context.Background()); err != nil {
		t.Fatal(err)
	}
	clk.advance(16 * time.Minute)
	all, err := collect(t, c, covetest.RootPartnerID, "I1")
	if err != nil || len(all) != 5 {
		t.Fatalf("%d accounts, %v", len(all), err)
	}
	stats := methodCalls(srv, "EnumerateAccountStatistics")
	if srv.Logins() != 2 || len(stats) != 2 || stats[0].ErrorData != 1701 || stats[1].ErrorData != 0 {
		t.Fatalf("%d logins, calls %+v", srv.Logins(), stats)
	}
}

func TestVisaExpiryInTheMiddleOfTenThousandDevices(t *testing.T) {
	srv := fake(t, 10_000)
	c := client(srv, func(cfg *cove.Config) { cfg.PageSize = 1000 })
	if _, err := c.Login(context.Background()); err != nil {
		t.Fatal(err)
	}
	srv.SetFaults(covetest.Faults{VisaErrorOnCall: 4})
	all, err := collect(t, c, covetest.RootPartnerID, "I1", "D09F00")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[int64]bool{}
	for _, a := range all {
		ids[a.ID] = true
	}
	if len(all) != 10_000 || len(ids) != 10_000 {
		t.Fatalf("%d accounts, %d distinct; want 10000 of each", len(all), len(ids))
	}
	if n := srv.Logins(); n != 2 {
		t.Fatalf("%d logins, want the first and exactly one more", n)
	}
}

func TestVisaRefusedTwiceIsErrVisa(t *testing.T) {
	srv := fake(t, 5)
	c := client(srv)
	srv.SetFaults(covetest.Faults{VisaErrorOnCall: 1, VisaErrorCount: 2})
	_, err := collect(t, c, covetest.RootPartnerID, "I1")
	if !errors.Is(err, cove.ErrVisa) {
		t.Fatalf("want ErrVisa, got %v", err)
	}
	if !strings.Contains(err.Error(), "Visa is inconsistent/corrupted") || !strings.Contains(err.Error(), "1701") {
		t.Fatalf("error lacks Cove's words: %v", err)
	}
	if n := srv.Logins(); n != 2 {
		t.Fatalf("%d logins, want the first and one re-login", n)
	}
	if msg := cove.Explain(err); !strings.Contains(msg, "twice") {
		t.Fatalf("explanation: %q", msg)
	}
}
