package cove_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/integrations/cove"
	"github.com/backupchecks/backupchecks/integrations/cove/covetest"
)

func TestLoginReturnsTheUserAndSendsThePartner(t *testing.T) {
	srv := fake(t, 0)
	u, err := client(srv).Login(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if u.ID != 50193 || u.PartnerID != covetest.RootPartnerID || u.Name != testUser || !slices.Contains(u.Flags, "NonInteractive") {
		t.Fatalf("user: %+v", u)
	}
	calls := srv.Calls()
	if len(calls) != 1 || calls[0].Method != "Login" || calls[0].Visa != "" {
		t.Fatalf("calls: %+v", calls)
	}
	var p map[string]string
	if err := json.Unmarshal(calls[0].Params, &p); err != nil {
		t.Fatal(err)
	}
	if p["partner"] != testPartner || p["username"] != testUser || p["password"] != testPassword || len(p) != 3 {
		t.Fatalf("login params: %v", p)
	}
}

func TestBadPasswordIsTriedOnce(t *testing.T) {
	srv := fake(t, 5)
	c := client(srv, func(cfg *cove.Config) { cfg.Password = "wrong" })
	_, err := c.Login(context.Background())
	if !errors.Is(err, cove.ErrBadCredentials) {
		t.Fatalf("want ErrBadCredentials, got %v", err)
	}
	var rpcErr *cove.RPCError
	if !errors.As(err, &rpcErr) || rpcErr.Data != 2100 || !strings.Contains(err.Error(), "Unknown partner/username or bad password") {
		t.Fatalf("the error does not carry Cove's reply: %v", err)
	}
	if n := len(methodCalls(srv, "Login")); n != 1 {
		t.Fatalf("%d Login calls; a refused login must not be retried (lock-out)", n)
	}
	if msg := cove.Explain(err); !strings.Contains(msg, "partner name exactly") || !strings.Contains(msg, "token") {
		t.Fatalf("explanation: %q", msg)
	}

	// A data call that needs a session does not loop on the refusal either.
	if _, err := collect(t, c, covetest.RootPartnerID, "I1"); !errors.Is(err, cove.ErrBadCredentials) {
		t.Fatalf("statistics with a bad password: %v", err)
	}
	if n := len(methodCalls(srv, "Login")); n != 2 || len(methodCalls(srv, "EnumerateAccountStatistics")) != 0 {
		t.Fatalf("%d Login calls after one Statistics call", n)
	}
}

func TestEmptyPartnerWorksOnlyForAUniqueUsername(t *testing.T) {
	srv := fake(t, 0)
	noPartner := func(cfg *cove.Config) { cfg.Partner = "" }
	if _, err := client(srv, noPartner).Login(context.Background()); err != nil {
		t.Fatalf("unique username without a partner: %v", err)
	}
	var p map[string]any
	if err := json.Unmarshal(srv.Calls()[0].Params, &p); err != nil || p["partner"] != "" {
		t.Fatalf("an empty partner must still be sent: %s", srv.Calls()[0].Params)
	}

	srv.AddUser(covetest.User{Partner: "Other MSP", Username: testUser, Password: testPassword, PartnerID: 1001, ID: 7})
	if _, err := client(srv, noPartner).Login(context.Background()); !errors.Is(err, cove.ErrBadCredentials) {
		t.Fatalf("ambiguous username without a partner: %v", err)
	}
	if _, err := client(srv).Login(context.Background()); err != nil {
		t.Fatalf("the partner picks the user: %v", err)
	}
}
