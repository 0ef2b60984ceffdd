package coveimport

import (
	"context"
	"fmt"

	"github.com/backupchecks/backupchecks/integrations/cove"
)

// ClientSource polls a partner's accounts with a Cove client; PartnerID 0
// means the partner the API user belongs to, from Login.
type ClientSource struct {
	Client    *cove.Client
	PartnerID int64
	// Identity names the connection (URL, partner, user): what a poll
	// remembers about Cove's answers holds for this connection only.
	Identity string
}

// identity is the connection a source stands for; "" when it cannot say.
func identity(src Source) string {
	if c, ok := src.(ClientSource); ok {
		return c.Identity
	}
	return ""
}

// Accounts implements Source.
func (c ClientSource) Accounts(ctx context.Context, columns []string, each func([]cove.Account) error) error {
	pid := c.PartnerID
	if pid == 0 {
		u, err := c.Client.Login(ctx)
		if err != nil {
			return err
		}
		pid = u.PartnerID
	}
	if err := c.Client.Statistics(ctx, pid, columns, each); err != nil {
		return fmt.Errorf("cove statistics of partner %d: %w", pid, err)
	}
	return nil
}
