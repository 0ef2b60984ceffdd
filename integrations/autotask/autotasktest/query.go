package autotasktest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
)

const maxPageSize = 500

// search is a parsed query body (or ?search= value).
type search struct {
	match    matcher
	include  []string
	pageSize int
}

// parseSearch reads {"filter":[...],"IncludeFields":[...],"MaxRecords":n}
// with its top-level keys in any case.
func parseSearch(e *entity, body []byte) (search, error) {
	m := lowerKeys(body)
	if m == nil {
		return search{}, fmt.Errorf("Invalid query: the search is not a JSON object.")
	}
	match, err := compileFilter(e, m["filter"])
	if err != nil {
		return search{}, err
	}
	q := search{match: match, pageSize: maxPageSize}
	if raw, found := m["maxrecords"]; found {
		n, ok := convert(&fieldDef{kind: kInt}, raw)
		if size, _ := n.(int64); !ok || size < 1 || size > maxPageSize {
			return search{}, fmt.Errorf("MaxRecords must be between 1 and %d.", maxPageSize)
		}
		q.pageSize = int(n.(int64))
	}
	if raw, found := m["includefields"]; found {
		if json.Unmarshal(raw, &q.include) != nil {
			return search{}, fmt.Errorf("Invalid query: IncludeFields must be a list of field names.")
		}
	}
	return q, nil
}

// page is where a page starts: after id cursor (-1 = the first page; the
// MSP's own company has id 0), with the cursors of the pages before it.
type page struct {
	cursor   int64
	previous []int64
	size     int // 0 = the query's MaxRecords
}

// wirePaging is the paging= parameter of next/prev URLs, as in a captured
// real one: {"pageSize":500,"previousIds":[-1],"nextIds":[725]}.
type wirePaging struct {
	PageSize    int     `json:"pageSize"`
	PreviousIDs []int64 `json:"previousIds"`
	NextIDs     []int64 `json:"nextIds"`
}

// query answers one page; the caller holds the lock.
func (s *Server) query(t *Tenant, e *entity, method string, body []byte, p page) answer {
	q, err := parseSearch(e, body)
	if err != nil {
		return refused(err.Error())
	}
	if p.size == 0 {
		p.size = q.pageSize
	}
	var ids []int64
	for id, r := range t.data[e] {
		if id > p.cursor && q.match(r) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	more := len(ids) > p.size
	ids = ids[:min(len(ids), p.size)]
	items := make([]any, len(ids))
	for i, id := range ids {
		items[i] = t.data[e][id].wire(e, q.include)
	}
	details := map[string]any{"count": len(items), "requestCount": p.size, "prevPageUrl": nil, "nextPageUrl": nil}
	if more {
		next := wirePaging{PageSize: p.size, PreviousIDs: append(slices.Clone(p.previous), p.cursor), NextIDs: []int64{ids[len(ids)-1]}}
		details["nextPageUrl"] = s.pageURL(t, e, method, next, body)
	}
	if n := len(p.previous); n > 0 {
		prev := wirePaging{PageSize: p.size, PreviousIDs: p.previous[:n-1], NextIDs: []int64{p.previous[n-1]}}
		details["prevPageUrl"] = s.pageURL(t, e, method, prev, body)
	}
	return ok(map[string]any{"items": items, "pageDetails": details})
}

// pageURL is an absolute next/prev URL on the tenant's zone, remembered
// with the method of its query: a POST query's pages must be POSTed.
func (s *Server) pageURL(t *Tenant, e *entity, method string, p wirePaging, body []byte) string {
	pj, _ := json.Marshal(p)
	if len(s.issued) >= 100_000 {
		clear(s.issued) // a long-running demo; a forgotten URL accepts either method
	}
	s.issued[string(pj)+"\x00"+string(body)] = method
	return fmt.Sprintf("%sV1.0/%s/query/next?paging=%s&search=%s", t.zoneURL(), e.name, url.QueryEscape(string(pj)), url.QueryEscape(string(body)))
}

// next is {Entity}/query/next: a POST query's page is POSTed with the same
// body (GET is 405); a GET query's page is fetched with GET.
func (s *Server) next(t *Tenant, e *entity, r request) answer {
	var p wirePaging
	if json.Unmarshal([]byte(r.query["paging"]), &p) != nil || len(p.NextIDs) != 1 || p.PageSize < 1 || p.PageSize > maxPageSize {
		return refused("Invalid paging parameter.")
	}
	search := r.query["search"]
	if s.issued[r.query["paging"]+"\x00"+search] == http.MethodPost && r.method != http.MethodPost {
		return notAllowed(r.method, http.MethodPost)
	}
	body := []byte(search)
	if r.method == http.MethodPost && len(r.body) > 0 {
		body = r.body
	}
	return s.query(t, e, r.method, body, page{cursor: p.NextIDs[0], previous: p.PreviousIDs, size: p.PageSize})
}

// count is {Entity}/query/count.
func (t *Tenant) count(e *entity, body []byte) answer {
	q, err := parseSearch(e, body)
	if err != nil {
		return refused(err.Error())
	}
	n := 0
	for _, r := range t.data[e] {
		if q.match(r) {
			n++
		}
	}
	return ok(map[string]int{"queryCount": n})
}
