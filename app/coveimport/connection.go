package coveimport

import (
	"context"
	"errors"

	"github.com/backupchecks/backupchecks/integrations/cove"
)

// ErrPollRunning means a poll is already under way.
var ErrPollRunning = errors.New("a Cove poll is already running")

// ConnectionTest is what "Test connection" found.
type ConnectionTest struct {
	User      string // who the API user is
	PartnerID int64  // whose accounts a poll reads
	Accounts  int    // how many it sees
}

// Test signs in and counts the accounts a poll would read, importing
// nothing.
func Test(ctx context.Context, c ClientSource) (ConnectionTest, error) {
	u, err := c.Client.Login(ctx)
	if err != nil {
		return ConnectionTest{}, err
	}
	t := ConnectionTest{User: u.Name, PartnerID: c.PartnerID}
	if u.Email != "" && u.Email != u.Name {
		t.User += " (" + u.Email + ")"
	}
	if t.PartnerID == 0 {
		t.PartnerID = u.PartnerID
	}
	err = c.Client.Statistics(ctx, t.PartnerID, []string{"I1"}, func(page []cove.Account) error {
		t.Accounts += len(page)
		return nil
	})
	return t, err
}
