// Package covetest is a fake Cove Data Protection JSON-RPC server for
// tests, the demo and benchmarks. It follows what public sources show of
// the real API (envelope, visa lifecycle, error numbers and messages, column
// aliases, key echo, paging) and adds knobs for the failures a client must
// survive. It is strict where Cove is known to be (method and parameter
// names are case-sensitive) so that a client that passes here is not
// merely passing a lenient fake.
package covetest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"
)

// Call is one request as the fake received it, for tests to assert on
// what a client sent.
type Call struct {
	Method       string
	Visa         string // the top-level visa; "" when absent
	VisaInParams bool   // params carried a "visa" member (which Cove rejects)
	Params       json.RawMessage
	At           time.Time // on the server's clock

	HTTPStatus int    // what the fake answered: 200, or a Faults.HTTPStatus
	ErrorData  int    // Cove error number answered (1701, 2100, 13501); -32601 etc. for generic errors; 0 = success
	ReplyVisa  string // the visa the reply carried; "" for errors
}

// Server is the fake. Its zero value is not usable; call New.
type Server struct {
	mu       sync.Mutex
	now      func() time.Time
	partners map[int64]Partner
	children map[int64][]int64
	users    []*User
	devices  map[int64]*device
	order    []int64 // device IDs, ascending
	extra    map[string]bool
	visas    map[string]session
	sweepAt  int // visa count that triggers the next sweep of expired ones

	faults    Faults
	refuse    string // Faults.RefuseColumn resolved to its column
	nonLogin  int    // non-Login calls since SetFaults
	httpLeft  int
	truncLeft int

	calls  []Call
	logins int
	busy   time.Duration // serving requests, summed: see Busy
	ts     *httptest.Server
}

// maxCalls bounds the call log of a long-running fake (the demo); the
// oldest half goes when it is reached.
const maxCalls = 100_000

const maxRequestBytes = 8 << 20

// statusHTML marks the HTMLPage fault's answer: HTTP 200 with a web page.
const statusHTML = -200

const htmlPage = `<!DOCTYPE html>
<html><head><title>Welcome</title></head>
<body><h1>It works!</h1><p>This is a web site, not a JSON-RPC API.</p></body></html>
`

// New returns an empty fake: add partners, users and devices, then Start.
func New() *Server {
	return &Server{
		now:      time.Now,
		partners: map[int64]Partner{},
		children: map[int64][]int64{},
		devices:  map[int64]*device{},
		extra:    map[string]bool{},
		visas:    map[string]session{},
		sweepAt:  4096,
	}
}

// Start serves the fake on a loopback port and returns its base URL; the
// client's URL is URL().
func (s *Server) Start() string {
	ts := httptest.NewServer(s)
	s.mu.Lock()
	s.ts = ts
	s.mu.Unlock()
	return ts.URL
}

// Close stops a started server.
func (s *Server) Close() {
	s.mu.Lock()
	ts := s.ts
	s.mu.Unlock()
	if ts != nil {
		ts.Close()
	}
}

// URL is the JSON-RPC endpoint of a started server.
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ts == nil {
		return ""
	}
	return s.ts.URL + "/jsonapi"
}

// SetClock replaces the clock that issues and expires visas.
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

// Calls returns a copy of the requests received so far (the most recent
// 100,000 at most).
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// Busy is the time the fake spent answering requests, from reading the
// body to writing the reply, summed over requests: what a benchmark of the
// client leaves out to time the client alone.
func (s *Server) Busy() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.busy
}

// Logins counts the Login requests answered with JSON-RPC, successful or
// not (those answered by an HTTPStatus fault are not counted).
func (s *Server) Logins() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.logins
}

func (s *Server) record(c Call) {
	if len(s.calls) >= maxCalls {
		s.calls = append(s.calls[:0], s.calls[len(s.calls)/2:]...)
	}
	s.calls = append(s.calls, c)
}

var replyBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

// ServeHTTP answers POST with JSON-RPC, whatever the path.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	defer func() {
		s.mu.Lock()
		s.busy += time.Since(start)
		s.mu.Unlock()
	}()
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "JSON-RPC needs POST", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBytes+1))
	if err != nil || len(body) > maxRequestBytes || !json.Valid(body) {
		http.Error(w, "the request body is not JSON", http.StatusBadRequest)
		return
	}
	bufp := replyBuffers.Get().(*[]byte)
	status, reply, delay := s.serve(parseRequest(body), (*bufp)[:0])
	defer func() {
		*bufp = reply[:0]
		replyBuffers.Put(bufp)
	}()
	if delay < 0 { // NeverAnswer
		<-r.Context().Done()
		return
	}
	if delay > 0 {
		t := time.NewTimer(delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return
		}
	}
	if status == statusHTML {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(htmlPage))
		return
	}
	if status != http.StatusOK {
		if status == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", "0")
		}
		http.Error(w, http.StatusText(status), status)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(reply)
}

// serve records the call and builds the answer under the lock; the caller
// waits (Delay) and writes outside it.
func (s *Server) serve(req request, buf []byte) (status int, reply []byte, delay time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	c := Call{Method: req.method, Visa: req.visa, VisaInParams: req.visaInParams, Params: req.rawParams, At: now}
	delay = s.faults.Delay
	if s.faults.NeverAnswer {
		delay = -1
	}
	if s.faults.HTMLPage {
		c.HTTPStatus = http.StatusOK
		s.record(c)
		return statusHTML, buf, delay
	}
	if s.httpLeft > 0 {
		s.httpLeft--
		c.HTTPStatus = s.faults.HTTPStatus
		s.record(c)
		return c.HTTPStatus, buf, delay
	}
	reply, c.ErrorData, c.ReplyVisa = s.dispatch(req, now, buf)
	c.HTTPStatus = http.StatusOK
	s.record(c)
	if s.truncLeft > 0 {
		s.truncLeft--
		reply = reply[:len(reply)/2]
	}
	return http.StatusOK, reply, delay
}
