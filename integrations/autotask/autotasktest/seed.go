package autotasktest

import (
	"time"

	"github.com/backupchecks/backupchecks/integrations/autotask"
)

// AddTicketAt adds a ticket as another integration would have made it:
// with its own externalID and created at the given time (another
// appliance's ticket, or one made before a reinstall).
func (t *Tenant) AddTicketAt(companyID int64, title, externalID string, created time.Time) autotask.Ticket {
	t.srv.mu.Lock()
	defer t.srv.mu.Unlock()
	rec := record{"companyID": companyID, "title": title, "status": int64(1), "priority": int64(2),
		"queueID": int64(29682833), "source": int64(8), "externalID": externalID,
		"dueDateTime": created.UTC().Add(48 * time.Hour).Truncate(time.Second)}
	t.insertTicket(rec, t.apiUser)
	rec["createDate"], rec["lastActivityDate"] = created.UTC().Truncate(time.Millisecond), created.UTC().Truncate(time.Millisecond)
	return toTicket(rec)
}
