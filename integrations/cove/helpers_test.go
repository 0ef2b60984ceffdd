package cove_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/integrations/cove"
	"github.com/backupchecks/backupchecks/integrations/cove/covetest"
)

const (
	testPartner  = "Demo MSP (ops@demo.example)"
	testUser     = "api-user"
	testPassword = "token-123"
)

var epoch = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// fake starts a fake with a Fleet of n devices and the API user.
func fake(t testing.TB, n int) *covetest.Server {
	t.Helper()
	srv := covetest.New()
	partners, devices := covetest.Fleet(n, 1, epoch)
	for _, p := range partners {
		srv.AddPartner(p)
	}
	for _, d := range devices {
		srv.PutDevice(d)
	}
	srv.AddUser(covetest.User{Partner: testPartner, Username: testUser, Password: testPassword, PartnerID: covetest.RootPartnerID, ID: 50193})
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

// client connects to srv with no waiting between retries.
func client(srv *covetest.Server, mod ...func(*cove.Config)) *cove.Client {
	cfg := cove.Config{
		URL: srv.URL(), Partner: testPartner, Username: testUser, Password: testPassword,
		Backoff: func(int) time.Duration { return 0 },
	}
	for _, m := range mod {
		m(&cfg)
	}
	return cove.New(cfg)
}

// collect runs Statistics and returns every account.
func collect(t testing.TB, c *cove.Client, partnerID int64, columns ...string) ([]cove.Account, error) {
	t.Helper()
	var all []cove.Account
	err := c.Statistics(context.Background(), partnerID, columns, func(page []cove.Account) error {
		all = append(all, page...)
		return nil
	})
	return all, err
}

// methodCalls are the recorded calls of one method.
func methodCalls(srv *covetest.Server, method string) []covetest.Call {
	var out []covetest.Call
	for _, c := range srv.Calls() {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// clock is a settable clock shared by a client and the fake.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}
