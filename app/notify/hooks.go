package notify

import (
	"context"
	"fmt"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/secret"
)

// CreateWebhook validates w, gives it a signing secret and stores it. The
// secret is returned this once; it is stored sealed and never shown again.
func (s *Service) CreateWebhook(w Webhook, by audit.Actor) (Webhook, secret.Value, error) {
	if err := w.Validate(); err != nil {
		return w, secret.Value{}, err
	}
	if s.Cipher == nil {
		return w, secret.Value{}, fmt.Errorf("no key to seal the webhook's secret with")
	}
	key, err := NewSecret()
	if err != nil {
		return w, secret.Value{}, err
	}
	if w.Secret, err = s.Cipher.Seal(key); err != nil {
		return w, secret.Value{}, err
	}
	w.Enabled, w.Created = true, s.Now().UTC()
	w, err = s.store.CreateWebhook(w, audit.New(by, audit.SettingsNotify, "webhook "+w.Name, "added for "+w.URL))
	return w, key, err
}

// DeleteWebhook removes a webhook and what it still had to receive.
func (s *Service) DeleteWebhook(id uint64, by audit.Actor) error {
	w, err := s.store.Webhook(id)
	if err != nil {
		return err
	}
	return s.store.DeleteWebhook(id, audit.New(by, audit.SettingsNotify, "webhook "+w.Name, "deleted"))
}

// SendTest queues a test event for one webhook and delivers it now; the
// delivery log says how it went.
func (s *Service) SendTest(id uint64) (LogEntry, error) {
	if _, err := s.store.Webhook(id); err != nil {
		return LogEntry{}, err
	}
	now := s.Now().UTC()
	return s.sendNow(Event{ID: fmt.Sprintf("test-%d-%d", id, now.UnixNano()), Kind: Test, At: now, HookID: id})
}

// SendTestMail sends a test mail to the recipients now, through the
// outbox like every mail, and says how it went.
func (s *Service) SendTestMail(recipients []string) (LogEntry, error) {
	if len(recipients) == 0 {
		return LogEntry{}, fmt.Errorf("no address to send the test to")
	}
	now := s.Now().UTC()
	return s.sendNow(Event{ID: fmt.Sprintf("mailtest-%d", now.UnixNano()), Kind: MailTest, At: now, Recipients: recipients})
}

// sendNow queues ev, delivers the outbox and finds ev's attempt in the log.
func (s *Service) sendNow(ev Event) (LogEntry, error) {
	if err := s.store.AddEvent(ev); err != nil {
		return LogEntry{}, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
	defer cancel()
	if _, err := s.Deliver(ctx); err != nil {
		return LogEntry{}, err
	}
	log, err := s.store.DeliveryLog()
	if err != nil {
		return LogEntry{}, err
	}
	for _, e := range log {
		if e.EventID == ev.ID {
			return e, nil
		}
	}
	return LogEntry{}, fmt.Errorf("the test was queued but not sent yet")
}
