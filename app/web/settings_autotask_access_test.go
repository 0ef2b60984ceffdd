package web_test

import (
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/integrations/autotask/autotasktest"
)

// A tenant whose security level closes Resources (or the ticket fields)
// still has a working connection: Test connection says so, shows the zone
// and the threshold, and says plainly what is unavailable and whether it
// matters.
func TestAutotaskTestConnectionWhereTheTenantClosesParts(t *testing.T) {
	for _, tc := range []struct {
		name, deny string
		want       []string
		not        []string
	}{
		{"everything open", "", []string{"Connection works", "AE02", "of 10000 requests used", "Ticket picklists readable: 3 queues", "Backup Checks"},
			[]string{"unavailable", "could not be read"}},
		{"Resources closed", "Resources", []string{"Connection works", "AE02", "of 10000 requests used", "Ticket picklists readable",
			"resource name is unavailable", "Backupchecks does not need it"}, []string{"404", "atk-test-error", "could not be read"}},
		{"ticket fields closed", "Tickets", []string{"Connection works", "AE02", "of 10000 requests used",
			"The ticket picklists could not be read", "security level does not allow GET Tickets/entityInformation/fields"}, []string{"atk-test-error"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			fake, tenant := h.autotaskTenant()
			if tc.deny != "" {
				tenant.DenyEntity(tc.deny)
			}
			c := h.login("admin")
			page := noSecret(t, "test", c.post("/settings/autotask/test", atkForm(fake)))
			for _, want := range tc.want {
				if !strings.Contains(page, want) {
					t.Errorf("the test result lacks %q", want)
				}
			}
			for _, not := range tc.not {
				if strings.Contains(page, not) {
					t.Errorf("the test result says %q", not)
				}
			}
		})
	}
}

// Test connection against a changed discovery URL with the secret left
// blank sends the stored secret nowhere: the other server hears nothing
// and the admin is asked to type the secret again.
func TestAutotaskTestConnectionKeepsTheStoredSecretAtItsEndpoint(t *testing.T) {
	h := newHarness(t)
	_, _ = h.autotask() // saved, enabled, with a stored secret
	other := autotasktest.New()
	t.Cleanup(other.Close)
	c := h.login("admin")
	form := atkForm(other)
	form.Set("secret", "")
	page := noSecret(t, "test elsewhere", c.post("/settings/autotask/test", form))
	if !strings.Contains(page, "Enter the API user&#39;s secret again: the discovery URL changed") {
		t.Errorf("the page does not ask for the secret again")
	}
	if n := other.Calls(); n != 0 {
		t.Errorf("the other server received %d requests", n)
	}
}
