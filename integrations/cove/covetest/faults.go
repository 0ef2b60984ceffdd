package covetest

import (
	"fmt"
	"strings"
	"time"
)

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
	// NeverAnswer holds every request until the client gives up (as a
	// firewall that drops packets does); it wins over Delay.
	NeverAnswer bool
	// HTMLPage answers every request with HTTP 200 and a web page, as a
	// mistyped URL that reaches a web site (or a proxy's login page) does.
	HTMLPage bool

	// EmptyList answers EnumerateAccountStatistics with no rows at all,
	// as Cove did during an outage on its side.
	EmptyList bool
	// ListOnly answers EnumerateAccountStatistics as if only the first N
	// matching devices existed (a partial answer); 0 = off.
	ListOnly int
	// RefuseSources answers 13501 to any query naming a statistic of these
	// data sources, in any spelling: some tenants refuse the legacy ones
	// (D02/D03) for the whole call.
	RefuseSources []int
	// OSTypeAsName answers I32 (OS type, documented 1 workstation, 2
	// server) with the device's OS name (I16) instead, as some tenants do.
	OSTypeAsName bool
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
	case ok && refusedSource(c.canon, s.faults.RefuseSources):
		return c, false, errSecurity
	case ok:
		return c, false, nil
	case s.faults.UnknownColumns == "skip":
		return c, true, nil
	}
	return c, false, errSecurity
}

// refusedSource reports whether canon ("D02F00") is a statistic of one of
// the refused data sources.
func refusedSource(canon string, sources []int) bool {
	for _, ds := range sources {
		if strings.HasPrefix(canon, fmt.Sprintf("D%02dF", ds)) {
			return true
		}
	}
	return false
}
