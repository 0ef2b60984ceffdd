// Package autotasktest is a fake Autotask PSA REST API for tests and the
// demo. It follows the fake-server checklist of the reference (§14): zone
// discovery, header authentication, case-insensitive paths, header names,
// body keys and field names, the query language with id-cursor paging,
// Autotask's status codes and error shapes, ticket and note validation
// against per-tenant picklists, and the thread and hourly limits; knobs
// add the failures a client must survive. Several tenants (a production
// and a sandbox database, say) share one server and one discovery URL.
package autotasktest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

const maxRequestBytes = 8 << 20

// Server is the fake; New starts it.
type Server struct {
	ts   *httptest.Server
	done chan struct{} // closed by Close: ends every Delay

	mu        sync.Mutex
	now       func() time.Time
	tenants   []*Tenant
	zones     int // zone paths handed out by MoveZone
	calls     int
	faults    faults
	exhausted bool

	inflight    map[string]int // per integration code and entity root
	maxInflight int
	issued      map[string]string // next-page URLs handed out → the method of their query
}

// New starts a fake on a loopback port.
func New() *Server {
	s := &Server{done: make(chan struct{}), now: now, inflight: map[string]int{}, issued: map[string]string{}}
	s.ts = httptest.NewServer(s)
	return s
}

// now is the fake's clock, at Autotask's millisecond precision so that
// what a test reads from a Tenant equals what the API answers.
func now() time.Time { return time.Now().UTC().Truncate(time.Millisecond) }

// Close stops the server, ending any delayed answer first.
func (s *Server) Close() {
	s.mu.Lock()
	select {
	case <-s.done:
	default:
		close(s.done)
	}
	s.mu.Unlock()
	s.ts.Close()
}

// URL is the server's base, "http://127.0.0.1:port".
func (s *Server) URL() string { return s.ts.URL }

// DiscoveryURL is what a client is configured with, in place of
// https://webservices.autotask.net/atservicesrest/.
func (s *Server) DiscoveryURL() string { return s.ts.URL + "/atservicesrest/" }

// Calls counts every request ever received, zone lookups included.
func (s *Server) Calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

// MaxInFlight is the most requests one integration code ever had running
// at once on one entity root, to check a client's own limiting.
func (s *Server) MaxInFlight() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.maxInflight
}

// request is what routing needs of an HTTP request.
type request struct {
	method string
	seg    []string // path after "V1.0/", lower-cased, no empty parts
	query  map[string]string
	body   []byte
	prefix string // the zone path before "/ATServicesRest/", lower-cased
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.calls++
	s.mu.Unlock()
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBytes))
	if err != nil {
		return
	}
	lower := strings.ToLower(r.URL.Path)
	if strings.HasPrefix(lower, "/web/") {
		s.webUI(w, r)
		return
	}
	i := strings.Index(lower, "/atservicesrest/")
	if i < 0 {
		notFound().write(w)
		return
	}
	rest := strings.Trim(lower[i+len("/atservicesrest/"):], "/")
	req := request{method: r.Method, query: lowerQuery(r), body: body, prefix: lower[:i]}
	create := r.Method == http.MethodPost && rest == "v1.0/tickets"
	lose, a, faulted := s.fault(create)
	if faulted {
		a.write(w)
		return
	}
	switch rest {
	case "versioninformation":
		ok(map[string][]string{"apiVersions": {"V1.0"}}).write(w)
		return
	case "v1.0/zoneinformation":
		s.zoneInformation(req).write(w)
		return
	}
	if !strings.HasPrefix(rest, "v1.0/") {
		notFound().write(w)
		return
	}
	req.seg = strings.Split(strings.TrimPrefix(rest, "v1.0/"), "/")
	t := s.authenticate(r, req.prefix)
	if t == nil {
		unauthorized().write(w)
		return
	}
	release, a := s.admit(t, r.Header.Get("ApiIntegrationCode"), req.seg[0])
	if release == nil {
		a.write(w) // limits answer at once: no work was done
		return
	}
	defer release()
	a = s.route(t, req)
	if !s.wait(r, create) {
		return
	}
	if lose {
		s.hangUp(w)
		return
	}
	a.write(w)
}

// wait holds an admitted answer for the delay (and a create's for the
// create hold too); false when the client or the server gave up meanwhile.
func (s *Server) wait(r *http.Request, create bool) bool {
	s.mu.Lock()
	d := s.faults.delay
	if create {
		d += s.faults.createDelay
	}
	s.mu.Unlock()
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
	case <-s.done:
	}
	return false
}

// hangUp closes the connection without an answer.
func (s *Server) hangUp(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("autotasktest: the connection cannot be hijacked")
	}
	conn, _, err := hj.Hijack()
	if err == nil {
		conn.Close()
	}
}

// lowerQuery is the URL's query with lower-cased names (first value).
func lowerQuery(r *http.Request) map[string]string {
	out := map[string]string{}
	for k, v := range r.URL.Query() {
		if len(v) > 0 {
			out[strings.ToLower(k)] = v[0]
		}
	}
	return out
}
