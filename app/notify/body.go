package notify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Detail is what delivery adds to an event: the names it is about and a
// link into the appliance (empty without a base URL in Settings → General).
type Detail struct {
	Customer, Job string
	Link          string
}

// Headline and Text are the event in words.
func Headline(ev Event, d Detail) string {
	switch ev.Kind {
	case RunFailed:
		return fmt.Sprintf("Backup failed: %s · %s", d.Customer, d.Job)
	case RunMissed:
		return fmt.Sprintf("Backup missed: %s · %s", d.Customer, d.Job)
	case ConditionRaised:
		if ev.AboutBackups() {
			return "Customers' backups need attention: " + ev.Title
		}
		return "Backupchecks needs attention: " + ev.Title
	case ConditionCleared:
		if ev.AboutBackups() {
			return "Customers' backups: cleared: " + ev.Title
		}
		return "Backupchecks is well again: " + ev.Title
	}
	return "Backupchecks test notification"
}

func text(ev Event) string {
	switch ev.Kind {
	case RunFailed, RunMissed:
		return ev.Message
	case ConditionRaised:
		return ev.Reason
	case ConditionCleared:
		return "This condition has cleared."
	}
	return "If you read this, the webhook works."
}

// genericBody is our own JSON, documented for receivers.
type genericBody struct {
	ID        string    `json:"id"` // the idempotency key: repeats of one event carry the same
	Kind      Kind      `json:"kind"`
	At        time.Time `json:"at"`
	Title     string    `json:"title"`
	Text      string    `json:"text,omitempty"`
	Link      string    `json:"link,omitempty"`
	Customer  string    `json:"customer,omitempty"`
	Job       string    `json:"job,omitempty"`
	RunID     uint64    `json:"run_id,omitempty"`
	Status    string    `json:"status,omitempty"`
	Condition string    `json:"condition,omitempty"`
}

// Body is the request body of ev for format f.
func Body(f Format, ev Event, d Detail) ([]byte, error) {
	title, txt := Headline(ev, d), text(ev)
	switch f {
	case Slack:
		msg := "*" + slackText(title) + "*"
		if txt != "" {
			msg += "\n" + slackText(txt)
		}
		if d.Link != "" {
			msg += "\n<" + d.Link + "|Open in Backupchecks>"
		}
		return json.Marshal(map[string]string{"text": msg})
	case Teams:
		body := []map[string]any{{"type": "TextBlock", "text": teamsText(title), "weight": "Bolder", "size": "Medium", "wrap": true}}
		if txt != "" {
			body = append(body, map[string]any{"type": "TextBlock", "text": teamsText(txt), "wrap": true})
		}
		card := map[string]any{"$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "type": "AdaptiveCard", "version": "1.4", "body": body}
		if d.Link != "" {
			card["actions"] = []map[string]any{{"type": "Action.OpenUrl", "title": "Open in Backupchecks", "url": d.Link}}
		}
		return json.Marshal(map[string]any{"type": "message", "attachments": []map[string]any{
			{"contentType": "application/vnd.microsoft.card.adaptive", "content": card}}})
	}
	return json.Marshal(genericBody{ID: ev.ID, Kind: ev.Kind, At: ev.At, Title: title, Text: txt, Link: d.Link,
		Customer: d.Customer, Job: d.Job, RunID: ev.RunID, Status: ev.Status, Condition: ev.Condition})
}

// Headers a delivery carries; the signature lets a receiver check the body
// came from this appliance: hex HMAC-SHA256, keyed with the webhook's
// secret, of the timestamp, a dot and the body.
const (
	HeaderEvent     = "X-Backupchecks-Event"
	HeaderID        = "Idempotency-Key"
	HeaderTimestamp = "X-Backupchecks-Timestamp"
	HeaderSignature = "X-Backupchecks-Signature"
)

// Sign returns the signature header's value of body sent at ts.
func Sign(secret string, ts time.Time, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(strconv.FormatInt(ts.Unix(), 10)))
	m.Write([]byte("."))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}
