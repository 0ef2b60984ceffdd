package psa

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/integrations/autotask"
)

// companyRefusal turns Autotask's refusal of a new ticket that names the
// company into the real cause: the mapped company is read again and, when
// it went inactive or was deleted since the last sync, the mapping is
// marked so at once and the operator reads that, not "check the ticket
// defaults". It returns nil when the company is not the cause.
func (s *Service) companyRefusal(ctx context.Context, api API, tc ticketCtx, refusal error) error {
	var ae *autotask.APIError
	if !errors.As(refusal, &ae) || tc.customer.Autotask == nil || !mentionsCompany(ae.Messages) {
		return nil
	}
	comp, err := api.Company(ctx, tc.companyID)
	s.noteHealth("read a company", err)
	found := err == nil
	if err != nil && !errors.Is(err, autotask.ErrNotFound) {
		return nil // cannot tell; Autotask's own words stand
	}
	next, what := syncedLink(*tc.customer.Autotask, comp, found, s.Now().UTC())
	if next.Status != customers.MappingInvalid && next.Status != customers.MappingMissing {
		return nil
	}
	ch := LinkChange{CustomerID: tc.customer.ID, Link: &next, Only: WhileSameCompany}
	if what != "" {
		ev := audit.New(syncActor, audit.AutotaskSync, tc.customer.Name, what+" (found when Autotask refused a ticket)")
		ch.Event = &ev
	}
	if _, err := s.store.SaveCompanyLinks([]LinkChange{ch}); err != nil {
		return fmt.Errorf("mark the mapping of %s: %w", tc.customer.Name, err)
	}
	state := "is inactive in Autotask"
	if next.Status == customers.MappingMissing {
		state = "no longer exists in Autotask"
	}
	return &Refused{fmt.Sprintf("Autotask refused the ticket: %s, the company %s is mapped to, %s. The mapping is now marked so; "+
		"map %s to an active company (Customers → %s → Autotask company). Nothing was created.",
		CompanyLabel(tc.customer.Autotask.Name, tc.companyID), tc.customer.Name, state, tc.customer.Name, tc.customer.Name)}
}

func mentionsCompany(msgs []string) bool {
	for _, m := range msgs {
		if strings.Contains(strings.ToLower(m), "company") {
			return true
		}
	}
	return false
}
