package autotasktest

import (
	"fmt"
	"net/http"
	"time"

	"github.com/backupchecks/backupchecks/integrations/autotask"
)

// createTicket is POST Tickets; the caller holds the lock.
func (t *Tenant) createTicket(body []byte) answer {
	set, errs := parseChanges(tickets, body)
	if len(errs) > 0 {
		return refused(errs...)
	}
	rec := record{}
	for k, v := range set {
		if v != nil {
			rec[k] = v
		}
	}
	if errs := t.check(tickets, rec, set, true); len(errs) > 0 {
		return refused(errs...)
	}
	t.insertTicket(rec, t.apiUser)
	return itemID(rec.id())
}

// insertTicket gives rec its id, number and dates and stores it.
func (t *Tenant) insertTicket(rec record, creator int64) {
	now := t.srv.now().UTC()
	day := now.Format("20060102")
	t.daySeq[day]++
	rec["id"] = t.take(tickets)
	rec["ticketNumber"] = fmt.Sprintf("T%s.%04d", day, t.daySeq[day])
	rec["createDate"], rec["lastActivityDate"] = now, now
	rec["creatorType"], rec["creatorResourceID"] = int64(1), creator
	rec["lastActivityPersonType"] = int64(1)
	completion(rec, nil, now)
	t.data[tickets][rec.id()] = rec
}

// completion keeps completedDate in step with status 5, as Autotask does.
func completion(next, old record, now time.Time) {
	done := next["status"] == int64(autotask.StatusComplete)
	wasDone := old != nil && old["status"] == int64(autotask.StatusComplete)
	switch {
	case done && !wasDone:
		next["completedDate"] = now
	case !done:
		delete(next, "completedDate")
	}
}

// updateTicket is PATCH Tickets (the body's fields only) or PUT Tickets
// (every writable field: those missing become null).
func (t *Tenant) updateTicket(body []byte, full bool) answer {
	set, errs := parseChanges(tickets, body)
	if len(errs) > 0 {
		return refused(errs...)
	}
	id, hasID := bodyID(body)
	if !hasID {
		return refused(onRecord("id is required."))
	}
	old, found := t.data[tickets][id]
	if !found {
		return refused(onRecord(fmt.Sprintf("No matching records found. The Ticket with id %d does not exist.", id)))
	}
	next := old.clone()
	if full {
		for _, f := range tickets.fields {
			if !f.readOnly {
				delete(next, f.name)
			}
		}
	}
	for k, v := range set {
		if v == nil {
			delete(next, k)
		} else {
			next[k] = v
		}
	}
	if full {
		// Unchanged references are not checked again: a PUT of a ticket
		// whose company was since deactivated still closes it.
		for k, v := range set {
			if v == old[k] {
				delete(set, k)
			}
		}
	}
	if errs := t.check(tickets, next, set, full); len(errs) > 0 {
		return refused(errs...)
	}
	now := t.srv.now().UTC()
	next["lastActivityDate"] = now
	completion(next, old, now)
	t.data[tickets][id] = next
	return itemID(id)
}

// notesRoute is Tickets/{id}/Notes[/{noteId}].
func (s *Server) notesRoute(t *Tenant, ticketID int64, r request) answer {
	switch {
	case len(r.seg) == 3 && r.method == http.MethodGet:
		search := fmt.Sprintf(`{"filter":[{"op":"eq","field":"ticketID","value":%d}]}`, ticketID)
		return s.query(t, ticketNotes, http.MethodGet, []byte(search), page{cursor: -1})
	case len(r.seg) == 3 && r.method == http.MethodPost:
		return t.createNote(ticketID, r.body)
	case len(r.seg) == 3:
		return notAllowed(r.method, "GET, POST")
	case len(r.seg) == 4 && r.method == http.MethodGet:
		var noteID int64
		if _, err := fmt.Sscan(r.seg[3], &noteID); err != nil {
			return notFound()
		}
		if n, found := t.data[ticketNotes][noteID]; found && n["ticketID"] == ticketID {
			return ok(map[string]any{"item": n.wire(ticketNotes, nil)})
		}
		return ok(map[string]any{"item": nil})
	}
	return notFound()
}

// createNote is POST Tickets/{id}/Notes: the ticket of the URL wins over
// any ticketID in the body.
func (t *Tenant) createNote(ticketID int64, body []byte) answer {
	if _, found := t.data[tickets][ticketID]; !found {
		return jsonAnswer(http.StatusNotFound, map[string][]string{"errors": {
			fmt.Sprintf("No matching records found. The Ticket with id %d does not exist.", ticketID)}})
	}
	set, errs := parseChanges(ticketNotes, body)
	if len(errs) > 0 {
		return refused(errs...)
	}
	set["ticketID"] = ticketID
	rec := record{}
	for k, v := range set {
		if v != nil {
			rec[k] = v
		}
	}
	errs = t.check(ticketNotes, rec, set, true)
	if nt, _ := rec["noteType"].(int64); len(errs) == 0 {
		if v, _ := t.pick(ticketNotes, ticketNotes.field("noteType"), nt); v.IsSystem {
			errs = append(errs, onRecord(fmt.Sprintf("noteType %d (%s) is a system value and cannot be used.", nt, v.Label)))
		}
	}
	if len(errs) > 0 {
		return refused(errs...)
	}
	now := t.srv.now().UTC()
	rec["id"] = t.take(ticketNotes)
	rec["createDateTime"], rec["lastActivityDate"], rec["creatorResourceID"] = now, now, t.apiUser
	t.data[ticketNotes][rec.id()] = rec
	t.data[tickets][ticketID]["lastActivityDate"] = now
	return itemID(rec.id())
}
