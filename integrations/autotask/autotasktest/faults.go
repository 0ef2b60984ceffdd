package autotasktest

import (
	"net/http"
	"time"
)

// faults are the knobs; all are safe to turn while serving. A create that
// LoseNextCreateAnswer is armed for is not answered by the other faults
// and does not use them up, so that "the create is lost, and the look-up
// after it fails" can be staged in one go.
type faults struct {
	fail429In        int // countdown of requests to the one answered 429; 0 = off
	fail500          int // requests still to answer with an outage
	delay            time.Duration
	createDelay      time.Duration
	loseCreate       bool
	patchUnsupported bool
	busyUntil        time.Time // threads held by another integration until then
}

// HoldThreads has another integration of the same API user hold all 3
// threads of every entity for d: each request meanwhile gets the thread
// limit's 429, as on a tenant where another tool is busy.
func (s *Server) HoldThreads(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.busyUntil = s.now().Add(d)
}

// outage is a 500 that is not a verdict on the request: Autotask's words
// for an unexpected failure, which a client may retry.
func outage() answer {
	return refused("An unexpected error has occurred. Please try your request again; if the problem persists, contact Autotask Support.")
}

// Fail429OnCall answers the n-th request from now (1 = the next one) with
// the thread-limit 429.
func (s *Server) Fail429OnCall(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.fail429In = max(n, 0)
}

// Fail500 answers the next n requests with an outage 500 (an errors body
// that is no validation message).
func (s *Server) Fail500(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.fail500 = max(n, 0)
}

// SetDelay holds every admitted answer d (0 = off), or until the client
// gives up; limit refusals answer at once.
func (s *Server) SetDelay(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.delay = d
}

// HoldCreates holds the answer of every POST Tickets d after the ticket
// is created (0 = off), or until the client gives up: the window in which
// a process killed mid-create leaves a ticket it never heard of.
func (s *Server) HoldCreates(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.createDelay = d
}

// LoseNextCreateAnswer makes the next POST Tickets do its work (create
// the ticket if it is valid), then close the connection without answering.
func (s *Server) LoseNextCreateAnswer() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.loseCreate = true
}

// SetPatchUnsupported answers PATCH Tickets with an HTML 404, as zones
// that reject collection-level PATCH do.
func (s *Server) SetPatchUnsupported(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.patchUnsupported = on
}

// Exhaust answers every authenticated call with the hourly-threshold
// error while on (zone and version lookups are exempt, as in Autotask).
func (s *Server) Exhaust(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.exhausted = on
}

// fault applies the counting knobs to one request: lose says to hang up
// after the work; faulted says to answer a at once instead.
func (s *Server) fault(create bool) (lose bool, a answer, faulted bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if create && s.faults.loseCreate {
		s.faults.loseCreate = false
		return true, answer{}, false
	}
	if s.faults.fail429In > 0 {
		s.faults.fail429In--
		if s.faults.fail429In == 0 {
			return false, jsonAnswer(http.StatusTooManyRequests, map[string][]string{"errors": {
				"API thread threshold of 3 threads has been exceeded."}}), true
		}
	}
	if s.faults.fail500 > 0 {
		s.faults.fail500--
		return false, outage(), true
	}
	return false, answer{}, false
}
