package autotask

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Explain turns an error of this package into a sentence for an operator:
// what it means and what to do.
func Explain(err error) string {
	if err == nil {
		return ""
	}
	var (
		ae *APIError
		xe *exhaustedError
		me *malformedError
		pe *pageCapError
		fe *foreignURLError
	)
	switch {
	case errors.Is(err, ErrOutcomeUnknown):
		return "Autotask did not confirm the new record (no usable answer came back), so it may or may not exist; " +
			"Backupchecks looks it up by its reference before it ever creates another."
	case errors.Is(err, ErrUnknownUser):
		return "Autotask's zone lookup does not know this API user name: check the user name exactly as shown " +
			"under Admin → Resources → the API user (it looks like an e-mail address)."
	case errors.Is(err, ErrUnauthorized):
		return "Autotask refused the API user: check the user name, secret and API integration code " +
			"(Admin → Resources → the API user → Security)."
	case errors.Is(err, ErrRateLimited):
		return "Autotask is busy: its limit of 3 concurrent requests (shared with this API user's other integrations) or of 10,000 requests an hour " +
			"was reached and did not free up in time. Nothing was done in Autotask; try again in a minute (the periodic sync tries again by itself)."
	case errors.As(err, &xe) && errors.Is(err, ErrUnavailable):
		return fmt.Sprintf("Autotask could not be reached or had an outage (%v); %s. "+
			"Backupchecks tries again later; check this server's network connection if it keeps happening.", xe.last, retried(xe.attempts-1))
	case errors.Is(err, context.DeadlineExceeded):
		return "Autotask did not answer in time; Backupchecks tries again later."
	case errors.Is(err, context.Canceled):
		return "The request to Autotask was cancelled before it finished."
	case errors.As(err, &ae) && ae.Status == 404 && len(ae.Messages) == 0:
		return fmt.Sprintf("Autotask answered 404 Not Found for %s %s: this zone does not offer that request "+
			"(Autotask has no Queues or TicketSources entity, for one), or the record is gone.", ae.Method, ae.Path)
	case errors.Is(err, ErrNotFound):
		return "The record is not in Autotask (any more): it was deleted or merged, or the API user's security level does not show it."
	case errors.As(err, &me):
		return "Autotask sent an answer that could not be read, probably cut off on the way; try again, " +
			"and check any proxy between this server and Autotask if it keeps happening."
	case errors.As(err, &pe):
		return fmt.Sprintf("Autotask has more than %d pages of %s for one query; raise the page limit so that nothing is left out.", pe.pages, pe.entity)
	case errors.As(err, &fe):
		return "Autotask pointed the next page of a query at another server; Backupchecks did not follow it, to keep the API secret to the zone."
	case errors.As(err, &ae) && (ae.Status == 403 || permissionRefused(ae.Messages)):
		return fmt.Sprintf("The API user's security level does not allow %s %s%s. Give it access in Autotask under Admin → "+
			"Resources → Security Levels (the API user's level, Other → API), or leave it where Backupchecks says it is not needed.", ae.Method, ae.Path, words(ae.Messages))
	case errors.As(err, &ae) && len(ae.Messages) > 0 && ae.Status >= 500:
		return "Autotask refused the request: " + strings.Join(cleanMessages(ae.Messages), " ") +
			" Check the ticket defaults in Settings → Autotask (queue, status, priority, source, note type) against Autotask."
	case errors.As(err, &ae):
		return fmt.Sprintf("Autotask refused the request with HTTP %d%s; check the discovery URL, and that this zone supports the request.", ae.Status, detail(ae))
	}
	return err.Error()
}

// permissionRefused recognises Autotask's words for a security level
// that does not allow a call (it answers those with 500, not 403).
func permissionRefused(msgs []string) bool {
	for _, m := range msgs {
		if l := strings.ToLower(m); strings.Contains(l, "adequate permission") || strings.Contains(l, "not have permission") {
			return true
		}
	}
	return false
}

// cleanMessages drops the suffix Autotask puts after a write's messages
// ("; on record number [0]."), which says nothing to a person.
func cleanMessages(msgs []string) []string {
	out := make([]string, 0, len(msgs))
	for _, m := range msgs {
		m = strings.TrimSpace(m)
		if i := strings.Index(strings.ToLower(m), "; on record number ["); i >= 0 {
			m = strings.TrimSpace(m[:i])
		}
		if m != "" && !strings.HasSuffix(m, ".") {
			m += "."
		}
		out = append(out, m)
	}
	return out
}

// words is Autotask's own messages in parentheses, or nothing.
func words(msgs []string) string {
	if len(msgs) == 0 {
		return ""
	}
	return " (Autotask said: " + strings.Join(cleanMessages(msgs), " ") + ")"
}

func detail(ae *APIError) string {
	switch {
	case len(ae.Messages) > 0:
		return " (" + strings.Join(cleanMessages(ae.Messages), " ") + ")"
	case ae.Body != "":
		return " (" + ae.Body + ")"
	}
	return ""
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
