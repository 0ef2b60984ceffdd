package cove

import (
	"context"
	"errors"
	"fmt"
)

// Cove's own error numbers, carried in the JSON-RPC error's "data"; they
// are observed from live use, not documented by N-able.
const (
	dataVisa           = 1701  // "Visa is inconsistent/corrupted": missing, foreign or expired visa
	dataBadCredentials = 2100  // "Unknown partner/username or bad password"
	dataSecurity       = 13501 // "Operation failed because of security reasons"
)

// RPCError is a JSON-RPC error reply, kept verbatim.
type RPCError struct {
	Code    int    // generic JSON-RPC code, -32603 for all Cove errors seen so far
	Data    int    // Cove's error number (1701, 2100, 13501, ...); 0 when absent
	Message string // Cove's message as sent
}

func (e *RPCError) Error() string {
	if e.Data != 0 {
		return fmt.Sprintf("%s (Cove error %d, code %d)", e.Message, e.Data, e.Code)
	}
	return fmt.Sprintf("%s (code %d)", e.Message, e.Code)
}

// number is how an operator can quote the error: Cove's number, else the
// JSON-RPC code.
func (e *RPCError) number() string {
	if e.Data != 0 {
		return fmt.Sprintf("Cove error %d", e.Data)
	}
	return fmt.Sprintf("JSON-RPC code %d", e.Code)
}

// The kinds of failure a caller branches on; each wraps the RPCError.
var (
	// ErrBadCredentials: Cove refused the login (2100). The client never
	// retries it: repeated failed logins lock the user out.
	ErrBadCredentials = errors.New("login refused")
	// ErrPermission: refused for security reasons (13501) even after a
	// fresh login.
	ErrPermission = errors.New("permission denied")
	// ErrVisa: the session visa was rejected (1701) even right after a
	// fresh login.
	ErrVisa = errors.New("session rejected twice")
)

// unreachableError: every attempt failed in transport, 5xx or 429.
type unreachableError struct {
	method, host string
	attempts     int
	last         error
}

func (e *unreachableError) Error() string {
	return fmt.Sprintf("cove %s: %s could not be reached after %d attempt(s): %v", e.method, e.host, e.attempts, e.last)
}

func (e *unreachableError) Unwrap() error { return e.last }

// malformedError: an HTTP 200 reply that is not a JSON-RPC reply we can read.
type malformedError struct {
	method string
	err    error
}

func (e *malformedError) Error() string {
	return fmt.Sprintf("cove: malformed reply from %s: %v", e.method, e.err)
}

func (e *malformedError) Unwrap() error { return e.err }

// httpStatusError: a 4xx other than 429, which retrying will not change.
type httpStatusError struct {
	status, snippet string
}

func (e *httpStatusError) Error() string {
	if e.snippet == "" {
		return "HTTP " + e.status
	}
	return fmt.Sprintf("HTTP %s: %s", e.status, e.snippet)
}

// pageCapError: more devices than MaxPages×PageSize.
type pageCapError struct {
	partnerID      int64
	pages, perPage int
}

func (e *pageCapError) Error() string {
	return fmt.Sprintf("cove statistics: partner %d has more than %d pages of %d devices; raise MaxPages", e.partnerID, e.pages, e.perPage)
}

// Explain turns an error of this package into one sentence for an
// operator: what happened and what to check.
func Explain(err error) string {
	if err == nil {
		return ""
	}
	var (
		ue *unreachableError
		me *malformedError
		he *httpStatusError
		pe *pageCapError
		te *TimeoutError
		na *notAPIError
		re *RPCError
	)
	switch {
	case errors.Is(err, ErrBadCredentials):
		return "Cove refused the login: check the partner name exactly as it appears in the Cove console's customer list " +
			"(often with an e-mail address in brackets), the username, and the password or API token; " +
			"repeated failed logins can lock the user out for a while."
	case errors.Is(err, ErrPermission):
		return "Cove refused the request for security reasons: the API user's role does not allow this method, " +
			"or one of the requested columns was refused."
	case errors.Is(err, ErrVisa):
		return "Cove rejected the session twice in a row, even right after a fresh login; try again in a few minutes."
	case errors.As(err, &ue):
		return fmt.Sprintf("The Cove service at %s could not be reached (%v); %s. Try again later, "+
			"and check this server's network connection if it keeps happening.", ue.host, ue.last, retried(ue.attempts-1))
	case errors.As(err, &na):
		return fmt.Sprintf("This URL is not the Cove API: %s answered with a web page. "+
			"Check the API URL in Settings → Cove; it is normally %s.", na.url, DefaultURL)
	case errors.As(err, &te):
		return fmt.Sprintf("Cove did not answer %s within %s. Check the API URL (normally %s) "+
			"and that this server can reach it through any firewall or proxy; if it keeps happening, "+
			"Cove may be slow: try again later.", te.What, te.Limit, DefaultURL)
	case errors.Is(err, context.DeadlineExceeded):
		return "The Cove service did not answer before the time limit. Check the API URL and that this server " +
			"can reach it through any firewall or proxy; if it keeps happening, Cove may be slow: try again later."
	case errors.Is(err, context.Canceled):
		return "The request to Cove was cancelled before it finished."
	case errors.As(err, &me):
		return fmt.Sprintf("Cove sent a reply to %s that could not be read, probably cut off on the way; "+
			"try again, and if it keeps happening check any proxy between this server and Cove.", me.method)
	case errors.As(err, &he):
		return fmt.Sprintf("The Cove service refused the request with HTTP %s; check the API URL.", he.status)
	case errors.As(err, &pe):
		return fmt.Sprintf("Cove has more devices than the page limit allows (%d pages of %d); "+
			"raise the limit so that no device is left out.", pe.pages, pe.perPage)
	case errors.As(err, &re):
		// Cove's own wording goes to the log, not to the operator.
		return fmt.Sprintf("Cove answered with an error this appliance does not know (%s); "+
			"try again later, and if it keeps happening, look up the error in the server's log.", re.number())
	}
	return err.Error()
}

func retried(n int) string {
	switch n {
	case 0:
		return "it was not retried"
	case 1:
		return "it was retried once"
	}
	return fmt.Sprintf("it was retried %d times", n)
}
