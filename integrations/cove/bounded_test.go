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

// A Cove that never answers ends a page at its limit, retries included,
// and the operator is told which limit and what to check. The limit is
// injected short; the context guards the test itself.
func TestAServerThatNeverAnswersEndsThePageAtItsLimit(t *testing.T) {
	srv := fake(t, 5)
	c := client(srv, func(cfg *cove.Config) { cfg.PageTimeout = 100 * time.Millisecond })
	if _, err := c.Login(context.Background()); err != nil {
		t.Fatal(err)
	}
	srv.SetFaults(covetest.Faults{NeverAnswer: true})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := c.Statistics(ctx, covetest.RootPartnerID, []string{"I1"}, func([]cove.Account) error { return nil })
	var te *cove.TimeoutError
	if !errors.As(err, &te) || te.What != "page 1 of the account list" || ctx.Err() != nil {
		t.Fatalf("want the page limit to end the call, got %v (test context: %v)", err, ctx.Err())
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a page limit is not a deadline: %v", err)
	}
	msg := cove.Explain(err)
	for _, want := range []string{"did not answer page 1 of the account list within 100ms", "Check the API URL", "firewall or proxy"} {
		if !strings.Contains(msg, want) {
			t.Errorf("explanation %q lacks %q", msg, want)
		}
	}
}

func TestALoginThatIsNeverAnsweredEndsAtItsLimit(t *testing.T) {
	srv := fake(t, 5)
	srv.SetFaults(covetest.Faults{NeverAnswer: true})
	c := client(srv, func(cfg *cove.Config) { cfg.PageTimeout = 100 * time.Millisecond })
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := c.Login(ctx)
	var te *cove.TimeoutError
	if !errors.As(err, &te) || te.What != "the login" || ctx.Err() != nil {
		t.Fatalf("want the login limit, got %v", err)
	}
}

// A web page with HTTP 200 (a mistyped URL, a proxy's page) is said to be
// one, once: retrying a web site does not make it an API.
func TestAWebPageWithStatus200IsNotTheCoveAPI(t *testing.T) {
	srv := fake(t, 5)
	srv.SetFaults(covetest.Faults{HTMLPage: true})
	c := client(srv)
	_, err := c.Login(context.Background())
	if err == nil {
		t.Fatal("a web page was taken for a login")
	}
	if n := len(srv.Calls()); n != 1 {
		t.Fatalf("%d requests; a web page is not worth retrying", n)
	}
	msg := cove.Explain(err)
	if !strings.Contains(msg, "this URL is not the Cove API") && !strings.Contains(msg, "This URL is not the Cove API") {
		t.Fatalf("explanation: %q", msg)
	}
	if !strings.Contains(msg, cove.DefaultURL) || strings.Contains(msg, "<") {
		t.Fatalf("explanation lacks the usual URL or quotes the page: %q", msg)
	}
}
