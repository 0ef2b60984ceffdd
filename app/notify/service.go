package notify

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/secret"
)

// Delivery is one event still to be sent to one webhook.
type Delivery struct {
	Event    Event     `json:"event"`
	HookID   uint64    `json:"hook_id"`
	Attempts int       `json:"attempts"`
	NextAt   time.Time `json:"next_at"`
}

// LogEntry is one attempt, for the delivery log in Settings.
type LogEntry struct {
	At      time.Time `json:"at"`
	HookID  uint64    `json:"hook_id"`
	Hook    string    `json:"hook"`
	EventID string    `json:"event_id"`
	Kind    Kind      `json:"kind"`
	Attempt int       `json:"attempt"`
	Status  int       `json:"status,omitempty"` // the HTTP status; 0 when none came
	Error   string    `json:"error,omitempty"`
	// Outcome: "delivered", "retry at <time>" or "gave up".
	Outcome string `json:"outcome"`
}

// MailTarget is the delivery "webhook" ID of mail: mail events fan out to
// it alone, and Service.Mailer sends them.
const MailTarget uint64 = 0

// LogSize is how many attempts the delivery log keeps.
const LogSize = 100

// Store keeps webhooks, the outbox and deliveries.
type Store interface {
	Webhooks() ([]Webhook, error)
	Webhook(id uint64) (Webhook, error)
	CreateWebhook(w Webhook, ev audit.Event) (Webhook, error)
	SaveWebhook(w Webhook, ev audit.Event) error
	DeleteWebhook(id uint64, ev audit.Event) error
	// AddEvent puts an event in the outbox on its own (a test, a
	// condition); runs put theirs in the transaction that records them.
	AddEvent(ev Event) error
	// FanOut turns up to limit outbox events into one delivery per
	// webhook that wants each, removing them from the outbox, in one
	// transaction per batch; it returns how many events it took.
	FanOut(limit int, at time.Time) (int, error)
	// Due lists deliveries whose time has come, oldest first.
	Due(now time.Time, limit int) ([]Delivery, error)
	// Delivered removes d and logs the attempt; Retry saves d's next
	// attempt and logs this one (both keep the log at LogSize).
	Delivered(d Delivery, entry LogEntry) error
	Retry(d Delivery, entry LogEntry) error
	DeliveryLog() ([]LogEntry, error) // newest first
	// QueueOnce puts ev in the outbox unless an event of its ID was
	// queued before, and reports whether it did; a day's digest is
	// queued once however often the clock ticks.
	QueueOnce(ev Event) (bool, error)
	// Conditions are the watch conditions last notified (key → title);
	// SaveConditions replaces them with the events they raise, together.
	Conditions() (map[string]string, error)
	SaveConditions(keys map[string]string, events []Event) error
}

// Backoff is the wait after each failed attempt; after the last, the
// delivery is given up (about a day in all).
var Backoff = []time.Duration{30 * time.Second, 2 * time.Minute, 10 * time.Minute, 30 * time.Minute, time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour}

// Service delivers the outbox.
type Service struct {
	store  Store
	Cipher *secret.Cipher // opens webhook secrets
	Client *http.Client
	Now    func() time.Time
	// Describe names what an event is about and links to it.
	Describe func(ev Event) Detail
	// Mailer composes and sends a mail event and names its recipients;
	// nil, mail events wait (the appliance always sets it).
	Mailer func(ctx context.Context, ev Event) (recipients string, err error)
}

// Permanent marks an error trying again cannot mend (a recipient refused
// for good, a report for a customer since deleted): the delivery is given
// up at once, and the log says why.
type Permanent struct{ Err error }

func (p *Permanent) Error() string { return p.Err.Error() }
func (p *Permanent) Unwrap() error { return p.Err }

// NewService wires delivery.
func NewService(st Store, c *secret.Cipher) *Service {
	return &Service{store: st, Cipher: c, Client: &http.Client{Timeout: 15 * time.Second}, Now: time.Now,
		Describe: func(Event) Detail { return Detail{} }}
}

// Store is the service's store, for the settings pages.
func (s *Service) Store() Store { return s.store }

// Result counts one delivery pass.
type Result struct{ Taken, Delivered, Failed int }

// Deliver fans the outbox out and sends what is due. A crash between a
// receiver's 2xx and the delivery's removal sends it again: at least
// once, with the event's ID as idempotency key.
func (s *Service) Deliver(ctx context.Context) (Result, error) {
	var res Result
	now := s.Now()
	for {
		n, err := s.store.FanOut(200, now)
		if err != nil {
			return res, fmt.Errorf("read the outbox: %w", err)
		}
		res.Taken += n
		if n < 200 {
			break
		}
	}
	hooks, err := s.store.Webhooks()
	if err != nil {
		return res, fmt.Errorf("read webhooks: %w", err)
	}
	byID := make(map[uint64]Webhook, len(hooks))
	for _, h := range hooks {
		byID[h.ID] = h
	}
	due, err := s.store.Due(now, 100)
	if err != nil {
		return res, fmt.Errorf("read deliveries: %w", err)
	}
	for _, d := range due {
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
		if d.HookID == MailTarget {
			if s.Mailer != nil {
				if err := s.attemptMail(ctx, d, &res); err != nil {
					return res, err
				}
			}
			continue
		}
		h, ok := byID[d.HookID]
		if !ok {
			continue // deleted since; its deliveries went with it
		}
		if err := s.attempt(ctx, h, d, &res); err != nil {
			return res, err
		}
	}
	return res, nil
}

func (s *Service) attempt(ctx context.Context, h Webhook, d Delivery, res *Result) error {
	d.Attempts++
	entry := LogEntry{At: s.Now().UTC(), HookID: h.ID, Hook: h.Name, EventID: d.Event.ID, Kind: d.Event.Kind, Attempt: d.Attempts}
	status, err := s.send(ctx, h, d.Event)
	entry.Status = status
	return s.settle(d, entry, err, res)
}

func (s *Service) attemptMail(ctx context.Context, d Delivery, res *Result) error {
	d.Attempts++
	entry := LogEntry{At: s.Now().UTC(), HookID: MailTarget, Hook: "mail", EventID: d.Event.ID, Kind: d.Event.Kind, Attempt: d.Attempts}
	to, err := s.Mailer(ctx, d.Event)
	if to != "" {
		entry.Hook = "mail to " + to
	}
	return s.settle(d, entry, err, res)
}

// settle records an attempt's outcome: delivered, retried after the next
// backoff, or given up.
func (s *Service) settle(d Delivery, entry LogEntry, err error, res *Result) error {
	now := s.Now()
	var permanent *Permanent
	if err == nil {
		entry.Outcome = "delivered"
		res.Delivered++
		return s.store.Delivered(d, entry)
	}
	res.Failed++
	entry.Error = err.Error()
	if d.Attempts > len(Backoff) || d.Event.Kind == Test || d.Event.Kind == MailTest || errors.As(err, &permanent) {
		entry.Outcome = "gave up"
		return s.store.Delivered(d, entry)
	}
	d.NextAt = now.Add(Backoff[d.Attempts-1])
	entry.Outcome = "retry at " + d.NextAt.UTC().Format(time.RFC3339)
	return s.store.Retry(d, entry)
}

// send posts one event; a status outside 2xx is an error.
func (s *Service) send(ctx context.Context, h Webhook, ev Event) (int, error) {
	body, err := Body(h.Format, ev, s.Describe(ev))
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.URL, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	ts := s.Now()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Backupchecks")
	req.Header.Set(HeaderEvent, string(ev.Kind))
	req.Header.Set(HeaderID, ev.ID)
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(ts.Unix(), 10))
	if !h.Secret.IsZero() && s.Cipher != nil {
		key, err := s.Cipher.Open(h.Secret)
		if err != nil {
			return 0, fmt.Errorf("open the webhook's secret: %w", err)
		}
		req.Header.Set(HeaderSignature, Sign(key.Reveal(), ts, body))
	}
	resp, err := noRedirects(s.Client).Do(req)
	if err != nil {
		return 0, fmt.Errorf("no answer: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode >= 300 && resp.StatusCode <= 399 {
		return resp.StatusCode, fmt.Errorf("answered %s (redirect not followed; enter the address it points to)", resp.Status)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Errorf("answered %s", resp.Status)
	}
	return resp.StatusCode, nil
}

// noRedirects is c without following redirects: a 307 would resend the
// signed body to wherever the receiver points, another host included.
func noRedirects(c *http.Client) *http.Client {
	if c == nil {
		c = http.DefaultClient
	}
	cp := *c
	cp.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &cp
}

// NewSecret makes a webhook's signing secret.
func NewSecret() (secret.Value, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return secret.Value{}, err
	}
	return secret.New("bcwh_" + base64.RawURLEncoding.EncodeToString(b)), nil
}
