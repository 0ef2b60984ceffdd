package autotasktest

import (
	"net/http"
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/integrations/autotask"
)

// The link Backupchecks builds for a ticket (autotask.TicketURL on the
// zone's webUrl) opens a page of that ticket on the fake, saying it is a
// simulation; an unknown ticket or page answers 404.
func TestWebUIShowsTheTicketAClientLinksTo(t *testing.T) {
	f := newFixture(t)
	company := f.tenant.AddCompany("Bakker Bouw", true)
	tk := f.tenant.AddTicket(company, "Backup failed: Daily VMs", 1)
	var z struct{ WebURL string }
	f.call(http.MethodGet, "/atservicesrest/v1.0/zoneInformation?user="+user, "").json(t, &z)
	link := autotask.TicketURL(autotask.Zone{WebURL: z.WebURL}, tk.ID)
	r := f.call(http.MethodGet, link, "")
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
		t.Fatalf("ticket page: HTTP %d %s", r.status, r.body)
	}
	for _, want := range []string{tk.Number, "Backup failed: Daily VMs", "Bakker Bouw", "simulated Autotask", "New"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the ticket page does not show %q:\n%s", want, r.body)
		}
	}
	if r := f.call(http.MethodGet, strings.Replace(link, "TicketID=", "TicketID=1", 1), ""); r.status != 404 || !strings.Contains(r.body, "no ticket") {
		t.Errorf("unknown ticket: HTTP %d %s", r.status, r.body)
	}
	if r := f.call(http.MethodGet, z.WebURL+"Home.aspx", ""); r.status != 404 {
		t.Errorf("another page: HTTP %d", r.status)
	}
}
