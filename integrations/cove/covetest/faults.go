package covetest

import "time"

// Faults are the failures a client must survive. SetFaults replaces them
// all and restarts their counters; it is safe while serving.
type Faults struct {
	// VisaErrorOnCall answers 1701 to the Nth non-Login call (1-based,
	// counted from SetFaults; calls answered by HTTPStatus do not count),
	// as if the visa had expired; 0 = off.
	VisaErrorOnCall int
	// VisaErrorCount is how many consecutive calls from VisaErrorOnCall on
	// get 1701; 0 = 1. Two or more defeat a client's one re-login.
	VisaErrorCount int
	// RefuseColumn answers 13501 to any query naming this code in any
	// spelling (columns, filter or order); "" = off.
	RefuseColumn string
	// UnknownColumns is what an unknown code gets: "error" (13501, the
	// default, as seen live) or "skip" (ignored, as one third party claims).
	UnknownColumns string
	// LoginError answers every Login with 2100.
	LoginError bool
	// HTTPStatus answers the next HTTPStatusCount requests with this HTTP
	// status instead of JSON-RPC (429 comes with Retry-After: 0).
	HTTPStatus      int
	HTTPStatusCount int
	// Delay holds every answer this long, or until the client gives up.
	Delay time.Duration
	// TruncateNext cuts the next N answers in half: HTTP 200, invalid JSON.
	TruncateNext int
}

// SetFaults installs f.
func (s *Server) SetFaults(f Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = f
	s.refuse = ""
	if f.RefuseColumn != "" {
		c, _ := s.column(f.RefuseColumn)
		s.refuse = c.canon
	}
	s.nonLogin = 0
	s.httpLeft = 0
	if f.HTTPStatus != 0 {
		s.httpLeft = f.HTTPStatusCount
	}
	s.truncLeft = f.TruncateNext
}

// check applies RefuseColumn and UnknownColumns to a requested code;
// skip reports an unknown code to leave out.
func (s *Server) check(code string) (c column, skip bool, err *rpcError) {
	c, ok := s.column(code)
	switch {
	case s.refuse != "" && c.canon == s.refuse:
		return c, false, errSecurity
	case ok:
		return c, false, nil
	case s.faults.UnknownColumns == "skip":
		return c, true, nil
	}
	return c, false, errSecurity
}
