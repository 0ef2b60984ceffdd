package notify

import (
	"errors"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/app/secret"
)

// Format is the body a webhook receives.
type Format string

const (
	Generic Format = "json"  // our own JSON
	Slack   Format = "slack" // Slack incoming webhook
	Teams   Format = "teams" // Microsoft Teams workflow webhook (Adaptive Card)
)

// Formats in the form's order.
var Formats = []Format{Generic, Slack, Teams}

// Webhook is one URL and the events it receives.
type Webhook struct {
	ID      uint64        `json:"id"`
	Name    string        `json:"name"`
	URL     string        `json:"url"`
	Format  Format        `json:"format"`
	Events  []Kind        `json:"events"`
	Secret  secret.Sealed `json:"secret,omitempty"` // signs the body (HMAC-SHA256)
	Enabled bool          `json:"enabled"`
	Created time.Time     `json:"created"`
}

// Wants reports whether the webhook receives ev.
func (w Webhook) Wants(ev Event) bool {
	if ev.HookID != 0 {
		return ev.HookID == w.ID
	}
	if !w.Enabled {
		return false
	}
	switch ev.Kind {
	case ConditionRaised:
		return slices.Contains(w.Events, ConditionKind(ev.Condition))
	case ConditionCleared:
		return slices.Contains(w.Events, ConditionCleared) && slices.Contains(w.Events, ConditionKind(ev.Condition))
	}
	return slices.Contains(w.Events, ev.Kind)
}

// FieldError is a form field and what to do about it.
type FieldError struct{ Field, Reason string }

func (e *FieldError) Error() string { return e.Reason }

// IsInvalid reports whether err is a webhook the admin must correct.
func IsInvalid(err error) bool {
	var fe *FieldError
	return errors.As(err, &fe)
}

// Validate checks and normalises a webhook being saved.
func (w *Webhook) Validate() error {
	w.Name, w.URL = strings.TrimSpace(w.Name), strings.TrimSpace(w.URL)
	if w.Name == "" || len(w.Name) > 80 {
		return &FieldError{"name", "Give the webhook a name of at most 80 characters, such as “Teams: backups channel”."}
	}
	u, err := url.Parse(w.URL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
		return &FieldError{"url", "Enter the full https:// address the service gave you for this webhook."}
	}
	if u.Scheme == "http" && !loopback(u.Hostname()) {
		return &FieldError{"url", "Use https: events carry customer and job names. Plain http is only for a receiver on this machine."}
	}
	if !slices.Contains(Formats, w.Format) {
		return &FieldError{"format", "Choose a format: JSON, Slack or Microsoft Teams."}
	}
	var kinds []Kind
	for _, k := range Kinds {
		if slices.Contains(w.Events, k) {
			kinds = append(kinds, k)
		}
	}
	if len(kinds) == 0 || (len(kinds) == 1 && kinds[0] == ConditionCleared) {
		return &FieldError{"events", "Choose at least one event to send."}
	}
	w.Events = kinds
	return nil
}

func loopback(host string) bool {
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}
