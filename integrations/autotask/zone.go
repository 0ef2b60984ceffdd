package autotask

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/backupchecks/backupchecks/integrations/retrywait"
)

type wireZone struct {
	ZoneName flexString `json:"zoneName"`
	URL      flexString `json:"url"`
	WebURL   flexString `json:"webUrl"`
	CI       flexInt    `json:"ci"`
}

// Zone returns where the API user's database lives, looked up once and
// kept for 12 hours (and again after a 401). The lookup needs no
// credentials and takes no slot: Autotask exempts it from thread limits.
func (c *Client) Zone(ctx context.Context) (Zone, error) {
	z, _, err := c.currentZone(ctx)
	return z, err
}

// cached returns the zone, its lookup generation, and whether it is fresh.
func (c *Client) cached() (Zone, uint64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	fresh := !c.zoneAt.IsZero() && c.cfg.Now().Sub(c.zoneAt) < zoneMaxAge
	return c.zone, c.zoneGen, fresh
}

func (c *Client) currentZone(ctx context.Context) (Zone, uint64, error) {
	if z, gen, fresh := c.cached(); fresh {
		return z, gen, nil
	}
	c.lookupMu.Lock()
	defer c.lookupMu.Unlock()
	if z, gen, fresh := c.cached(); fresh {
		return z, gen, nil // another goroutine looked it up meanwhile
	}
	return c.lookupZone(ctx)
}

// rezone looks the zone up again after generation gen got a 401, unless
// another goroutine already has.
func (c *Client) rezone(ctx context.Context, gen uint64) (Zone, uint64, error) {
	c.lookupMu.Lock()
	defer c.lookupMu.Unlock()
	if z, cur, fresh := c.cached(); fresh && cur != gen {
		return z, cur, nil
	}
	return c.lookupZone(ctx)
}

// lookupZone asks zone discovery; the caller holds lookupMu.
func (c *Client) lookupZone(ctx context.Context) (Zone, uint64, error) {
	const path = "v1.0/zoneInformation"
	r := call{method: http.MethodGet, path: path}
	if strings.TrimSpace(c.cfg.Username) == "" {
		return Zone{}, 0, fmt.Errorf("autotask zone lookup: %w: no user name configured", ErrUnknownUser)
	}
	target := c.cfg.DiscoveryURL + path + "?user=" + url.QueryEscape(c.cfg.Username)
	for attempt := 1; ; attempt++ {
		a := c.exchange(ctx, r.method, target, nil, false)
		if ctx.Err() != nil {
			return Zone{}, 0, fmt.Errorf("autotask zone lookup: %w", ctx.Err())
		}
		if a.err == nil && a.status == http.StatusInternalServerError {
			// An unknown user is a 500 with "Zone information could not be
			// determined"; an outage is a 500 too, worded otherwise.
			if ae := apiError(r, a); unknownUser(ae.Messages) {
				ae.kind = ErrUnknownUser
				return Zone{}, 0, ae
			}
		}
		body, final, retry := judge(r, a)
		switch {
		case final != nil:
			return Zone{}, 0, final
		case retry == nil:
			return c.adoptZone(r, body)
		case attempt >= c.cfg.Retries:
			return Zone{}, 0, &exhaustedError{method: r.method, path: path, attempts: attempt, kind: ErrUnavailable, last: retry}
		}
		wait := c.cfg.Backoff(attempt)
		if d := retrywait.RetryAfter(a.header.Get("Retry-After"), maxRetryAfter); d >= 0 {
			wait = d
		}
		if err := retrywait.Sleep(ctx, wait); err != nil {
			return Zone{}, 0, fmt.Errorf("autotask zone lookup: %w", err)
		}
	}
}

func unknownUser(msgs []string) bool {
	for _, m := range msgs {
		m = strings.ToLower(m)
		if strings.Contains(m, "zone") || strings.Contains(m, "could not be determined") {
			return true
		}
	}
	return false
}

// adoptZone checks and caches a lookup's answer.
func (c *Client) adoptZone(r call, body []byte) (Zone, uint64, error) {
	var w wireZone
	if err := decode(r.method, r.path, body, &w); err != nil {
		return Zone{}, 0, err
	}
	base := strings.TrimSpace(string(w.URL))
	if u, err := url.Parse(base); err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return Zone{}, 0, &malformedError{method: r.method, path: r.path, err: fmt.Errorf("zone url %q is not an absolute URL", base)}
	}
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	z := Zone{Name: string(w.ZoneName), URL: base, WebURL: strings.TrimSpace(string(w.WebURL)), CI: int64(w.CI)}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.zone, c.zoneAt = z, c.cfg.Now()
	c.zoneGen++
	return z, c.zoneGen, nil
}

// sameOrigin: same scheme and host (with port) as base.
func sameOrigin(target, base string) bool {
	t, err1 := url.Parse(target)
	b, err2 := url.Parse(base)
	return err1 == nil && err2 == nil && t.Host != "" &&
		strings.EqualFold(t.Scheme, b.Scheme) && strings.EqualFold(t.Host, b.Host)
}

// TicketURL is the ticket's page in the Autotask web UI.
func TicketURL(z Zone, ticketID int64) string {
	base := z.WebURL
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	return fmt.Sprintf("%sAutotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenTicketDetail&TicketID=%d", base, ticketID)
}
