package autotask

import (
	"errors"
	"fmt"
	"strings"
)

// APIError is an answer of Autotask that is not a success, kept verbatim.
type APIError struct {
	Status       int      // HTTP status
	Method, Path string   // the request, Path relative to the zone's "V1.0/" (no query string)
	Messages     []string // from {"errors":[...]}, or the {"Message":...} of a 405
	Body         string   // the first 300 bytes of a body that is not JSON

	kind error // the sentinel this answer means (ErrNotFound, ErrUnauthorized...), if any
}

func (e *APIError) Error() string {
	s := fmt.Sprintf("autotask %s %s: HTTP %d", e.Method, e.Path, e.Status)
	switch {
	case len(e.Messages) > 0:
		s += ": " + strings.Join(e.Messages, " ")
	case e.Body != "":
		s += ": " + e.Body
	}
	return s
}

func (e *APIError) Unwrap() error { return e.kind }

// The kinds of failure a caller branches on, tested with errors.Is.
var (
	// ErrNotFound: the record does not exist or the API user cannot see
	// it (GET answered {"item":null} or 404, or a query found nothing).
	ErrNotFound = errors.New("not found")
	// ErrUnauthorized: Autotask refused the credentials (401), also after
	// looking the zone up again.
	ErrUnauthorized = errors.New("credentials refused")
	// ErrUnknownUser: zone discovery knows no database for the user name.
	ErrUnknownUser = errors.New("unknown API user")
	// ErrRateLimited: the thread limit (429) or the hourly threshold was
	// still reached after the retries.
	ErrRateLimited = errors.New("rate limited")
	// ErrUnavailable: Autotask had an outage (5xx that is not a refusal)
	// or could not be reached, after the retries. Added to the contract so
	// that a caller can tell an outage from a refusal that also has 500.
	ErrUnavailable = errors.New("unavailable")
	// ErrOutcomeUnknown: a create was sent but no usable answer came back;
	// Autotask may or may not have made the record. Look it up (by the
	// ticket's ExternalID) before creating it again.
	ErrOutcomeUnknown = errors.New("outcome unknown")
)

// exhaustedError: every attempt failed with something worth retrying.
type exhaustedError struct {
	method, path string
	attempts     int
	kind         error // ErrRateLimited or ErrUnavailable
	last         error
}

func (e *exhaustedError) Error() string {
	return fmt.Sprintf("autotask %s %s: %v after %d attempt(s): %v", e.method, e.path, e.kind, e.attempts, e.last)
}

func (e *exhaustedError) Unwrap() []error { return []error{e.kind, e.last} }

// malformedError: a success answer whose body cannot be read.
type malformedError struct {
	method, path string
	err          error
}

func (e *malformedError) Error() string {
	return fmt.Sprintf("autotask %s %s: malformed answer: %v", e.method, e.path, e.err)
}

func (e *malformedError) Unwrap() error { return e.err }

// pageCapError: a query has more pages than MaxPages.
type pageCapError struct {
	entity string
	pages  int
}

func (e *pageCapError) Error() string {
	return fmt.Sprintf("autotask query %s: more than %d pages of %d records; raise MaxPages", e.entity, e.pages, pageSize)
}

// foreignURLError: a nextPageUrl that points away from the zone; the
// credentials are never sent there.
type foreignURLError struct{ url, zone string }

func (e *foreignURLError) Error() string {
	return fmt.Sprintf("autotask: next page %q is not on the zone %s; not following it", e.url, e.zone)
}

// isThreshold: Autotask's words for both of its limits (thread and hourly).
func isThreshold(msgs []string, body string) bool {
	for _, m := range append(msgs, body) {
		if strings.Contains(strings.ToLower(m), "threshold") {
			return true
		}
	}
	return false
}

// refusalWords are in Autotask's validation and permission messages ("X is
// required.; on record number [0].", "Value does not reference an existing
// entity for Y", "...does not have the adequate permissions..."). A 500
// whose messages match none is treated as an outage: retried when that is
// safe, and an unknown outcome for a create, never a refusal by guess.
var refusalWords = []string{
	"required", "record number", "reference", "picklist", "inactive", "maximum length",
	"permission", "not allowed", "invalid", "not valid", "must ", "cannot", "can not",
	"unable to find", "no matching records", "queryable", "does not exist", "exceed",
}

func isRefusal(msgs []string) bool {
	for _, m := range msgs {
		m = strings.ToLower(m)
		for _, w := range refusalWords {
			if strings.Contains(m, w) {
				return true
			}
		}
	}
	return false
}
