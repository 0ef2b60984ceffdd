package autotasktest

import (
	"slices"
	"time"

	"github.com/backupchecks/backupchecks/integrations/autotask"
)

// AddCompany adds a customer company and returns its id.
func (t *Tenant) AddCompany(name string, active bool) int64 {
	t.srv.mu.Lock()
	defer t.srv.mu.Unlock()
	id := t.take(companies)
	t.data[companies][id] = record{"id": id, "companyName": name, "companyType": int64(1), "isActive": active,
		"ownerResourceID": t.tech, "createDate": t.srv.now().UTC()}
	return id
}

// RenameCompany changes a company's name, as an admin would in Autotask.
func (t *Tenant) RenameCompany(id int64, name string) { t.setCompany(id, "companyName", name) }

// SetCompanyActive activates or deactivates a company.
func (t *Tenant) SetCompanyActive(id int64, active bool) { t.setCompany(id, "isActive", active) }

func (t *Tenant) setCompany(id int64, field string, v any) {
	t.srv.mu.Lock()
	defer t.srv.mu.Unlock()
	if c, found := t.data[companies][id]; found {
		c[field] = v
		c["lastActivityDate"] = t.srv.now().UTC()
	}
}

// DeleteCompany removes a company (merged or deleted in Autotask).
func (t *Tenant) DeleteCompany(id int64) {
	t.srv.mu.Lock()
	defer t.srv.mu.Unlock()
	delete(t.data[companies], id)
}

// AddTicket adds a ticket as a technician would in the Autotask UI, with
// no rule checked: priority Medium, queue Helpdesk, source Phone.
func (t *Tenant) AddTicket(companyID int64, title string, status int) autotask.Ticket {
	t.srv.mu.Lock()
	defer t.srv.mu.Unlock()
	rec := record{"companyID": companyID, "title": title, "status": int64(status), "priority": int64(2),
		"queueID": int64(29682833), "source": int64(4), "dueDateTime": t.srv.now().UTC().Add(48 * time.Hour).Truncate(time.Second)}
	t.insertTicket(rec, t.tech)
	return toTicket(rec)
}

// Ticket is a stored ticket.
func (t *Tenant) Ticket(id int64) (autotask.Ticket, bool) {
	t.srv.mu.Lock()
	defer t.srv.mu.Unlock()
	rec, found := t.data[tickets][id]
	if !found {
		return autotask.Ticket{}, false
	}
	return toTicket(rec), true
}

// Tickets are all stored tickets by id.
func (t *Tenant) Tickets() []autotask.Ticket {
	t.srv.mu.Lock()
	defer t.srv.mu.Unlock()
	out := make([]autotask.Ticket, 0, len(t.data[tickets]))
	for _, id := range sortedIDs(t.data[tickets]) {
		out = append(out, toTicket(t.data[tickets][id]))
	}
	return out
}

// DeleteTicket removes a ticket with its notes and time entries, as an
// Autotask admin can (the API cannot).
func (t *Tenant) DeleteTicket(id int64) {
	t.srv.mu.Lock()
	defer t.srv.mu.Unlock()
	delete(t.data[tickets], id)
	for _, e := range []*entity{ticketNotes, timeEntries} {
		for k, r := range t.data[e] {
			if r["ticketID"] == id {
				delete(t.data[e], k)
			}
		}
	}
}

// SetTicketStatus changes a ticket's status as a technician would;
// 5 (Complete) sets completedDate.
func (t *Tenant) SetTicketStatus(id int64, status int) {
	t.srv.mu.Lock()
	defer t.srv.mu.Unlock()
	old, found := t.data[tickets][id]
	if !found {
		return
	}
	next := old.clone()
	next["status"] = int64(status)
	now := t.srv.now().UTC()
	next["lastActivityDate"] = now
	completion(next, old, now)
	t.data[tickets][id] = next
}

// AddTimeEntry logs hours on a ticket by the technician.
func (t *Tenant) AddTimeEntry(ticketID int64, hours float64) {
	t.srv.mu.Lock()
	defer t.srv.mu.Unlock()
	now := t.srv.now().UTC()
	id := t.take(timeEntries)
	t.data[timeEntries][id] = record{"id": id, "ticketID": ticketID, "resourceID": t.tech, "dateWorked": now.Truncate(24 * time.Hour),
		"hoursWorked": hours, "summaryNotes": "Worked on the ticket", "createDateTime": now}
}

// Note is a stored ticket note.
type Note struct {
	ID, TicketID      int64
	Title             string
	Description       string
	NoteType, Publish int
}

// Notes are a ticket's notes by id.
func (t *Tenant) Notes(ticketID int64) []Note {
	t.srv.mu.Lock()
	defer t.srv.mu.Unlock()
	var out []Note
	for _, id := range sortedIDs(t.data[ticketNotes]) {
		r := t.data[ticketNotes][id]
		if r["ticketID"] != ticketID {
			continue
		}
		title, _ := r["title"].(string)
		desc, _ := r["description"].(string)
		out = append(out, Note{ID: id, TicketID: ticketID, Title: title, Description: desc,
			NoteType: int(num(r["noteType"])), Publish: int(num(r["publish"]))})
	}
	return out
}

func sortedIDs(m map[int64]record) []int64 {
	ids := make([]int64, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

func num(v any) int64 { n, _ := v.(int64); return n }

func date(v any) time.Time { d, _ := v.(time.Time); return d }

func str(v any) string { s, _ := v.(string); return s }

func toTicket(r record) autotask.Ticket {
	return autotask.Ticket{ID: r.id(), Number: str(r["ticketNumber"]), Title: str(r["title"]), Description: str(r["description"]),
		CompanyID: num(r["companyID"]), Status: int(num(r["status"])), Priority: int(num(r["priority"])),
		QueueID: num(r["queueID"]), Source: int(num(r["source"])), ExternalID: str(r["externalID"]),
		DueDateTime: date(r["dueDateTime"]), CreateDate: date(r["createDate"]), CompletedDate: date(r["completedDate"])}
}
