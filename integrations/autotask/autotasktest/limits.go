package autotasktest

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Autotask's published limits (reference §12).
const (
	threadLimit     = 3 // concurrent requests per integration code and entity root
	hourlyLimit     = 10_000
	limitTimeframe  = time.Hour
	thresholdMinute = 60
)

// threadExceeded is the 429 of the thread limit, in Autotask's own words.
func threadExceeded(user string) answer {
	return jsonAnswer(http.StatusTooManyRequests, map[string][]string{"errors": {
		fmt.Sprintf("User %s has exceeded the API thread threshold of %d threads has been exceeded.", user, threadLimit)}})
}

// hourlyExceeded answers a tenant over its hourly budget. The real status
// is not documented (reference §11); a 500 whose text names the threshold
// is what clients must handle in any case.
func hourlyExceeded() answer {
	return refused(fmt.Sprintf("Your request could not be processed because the external request threshold of %d "+
		"requests per %d minutes has been exceeded. Please try again later.", hourlyLimit, thresholdMinute))
}

// admit applies the rate model to an authenticated request of tenant t on
// entity root; release is nil when the request was refused with a.
func (s *Server) admit(t *Tenant, code, root string) (release func(), a answer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	t.requests = append(t.requests, now)
	drop := 0
	for drop < len(t.requests) && now.Sub(t.requests[drop]) >= limitTimeframe {
		drop++
	}
	t.requests = t.requests[drop:]
	if s.exhausted || len(t.requests) > hourlyLimit {
		return nil, hourlyExceeded()
	}
	key := code + "\x00" + strings.ToLower(root)
	if s.inflight[key] >= threadLimit || now.Before(s.faults.busyUntil) {
		return nil, threadExceeded(t.cfg.Username)
	}
	s.inflight[key]++
	if s.inflight[key] > s.maxInflight {
		s.maxInflight = s.inflight[key]
	}
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.inflight[key]--
	}, answer{}
}

// threshold is ThresholdInformation for t; the caller holds s.mu.
func (t *Tenant) threshold() answer {
	return ok(map[string]int{"externalRequestThreshold": hourlyLimit, "requestThresholdTimeframe": thresholdMinute,
		"currentTimeframeRequestCount": len(t.requests)})
}
