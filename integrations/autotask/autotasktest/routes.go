package autotasktest

import (
	"net/http"
	"strconv"
)

// route answers an authenticated, admitted request of tenant t under the
// lock. Paths are lower-cased: Autotask's are case-insensitive.
func (s *Server) route(t *Tenant, r request) answer {
	s.mu.Lock()
	defer s.mu.Unlock()
	seg := r.seg
	if seg[0] == "thresholdinformation" && len(seg) == 1 {
		if r.method != http.MethodGet {
			return notAllowed(r.method, http.MethodGet)
		}
		return t.threshold()
	}
	if a, denied := t.deniedAnswer(seg[0]); denied {
		return a
	}
	e := entities[seg[0]]
	if e == nil {
		return notFound() // Queues, TicketSources and every other root Autotask does not have
	}
	if len(seg) == 1 {
		return s.collection(t, e, r)
	}
	switch seg[1] {
	case "query":
		return s.queryRoute(t, e, r)
	case "entityinformation":
		return entityInformation(t, e, r)
	}
	id, err := strconv.ParseInt(seg[1], 10, 64)
	if err != nil {
		return notFound()
	}
	switch {
	case len(seg) == 2 && r.method == http.MethodGet:
		return t.item(e, id)
	case len(seg) == 2:
		// There is no PATCH/PUT/DELETE {Entity}/{id}: updates go to the
		// collection with the id in the body, and tickets cannot be deleted.
		return notAllowed(r.method, http.MethodGet)
	case e == tickets && seg[2] == "notes":
		return s.notesRoute(t, id, r)
	}
	return notFound()
}

// collection is POST/PATCH/PUT {Entity}.
func (s *Server) collection(t *Tenant, e *entity, r request) answer {
	switch {
	case e == ticketNotes:
		return notFound() // notes are created through Tickets/{id}/Notes only
	case e != tickets:
		return notAllowed(r.method, "")
	case r.method == http.MethodPost:
		return t.createTicket(r.body)
	case r.method == http.MethodPatch && s.faults.patchUnsupported:
		return notFound()
	case r.method == http.MethodPatch:
		return t.updateTicket(r.body, false)
	case r.method == http.MethodPut:
		return t.updateTicket(r.body, true)
	}
	return notAllowed(r.method, "POST, PATCH, PUT")
}

// queryRoute is {Entity}/query, /query/count and /query/next.
func (s *Server) queryRoute(t *Tenant, e *entity, r request) answer {
	if r.method != http.MethodGet && r.method != http.MethodPost {
		return notAllowed(r.method, "GET, POST")
	}
	search := r.body
	if r.method == http.MethodGet {
		search = []byte(r.query["search"])
	}
	switch {
	case len(r.seg) == 2:
		return s.query(t, e, r.method, search, page{cursor: -1})
	case len(r.seg) == 3 && r.seg[2] == "count":
		return t.count(e, search)
	case len(r.seg) == 3 && r.seg[2] == "next":
		return s.next(t, e, r)
	}
	return notFound()
}

// item is GET {Entity}/{id}: a missing record is 200 {"item":null}.
func (t *Tenant) item(e *entity, id int64) answer {
	rec, found := t.data[e][id]
	if !found {
		return ok(map[string]any{"item": nil})
	}
	return ok(map[string]any{"item": rec.wire(e, nil)})
}
