// Package notify tells people who are not looking at the screen: events
// (a run failed or was missed, the appliance became unwell or well again,
// the daily digest or a scheduled report is due) go into one outbox
// stored with what caused them, and a background task delivers them to
// webhooks or by mail, retrying with backoff, at least once, each with a
// key the receiver can drop repeats by (a mail's Message-ID).
package notify

import (
	"fmt"
	"slices"
	"time"
)

// Kind is what happened.
type Kind string

const (
	RunFailed        Kind = "run.failed"
	RunMissed        Kind = "run.missed"
	ConditionRaised  Kind = "appliance.unwell"
	ConditionCleared Kind = "appliance.well"
	Test             Kind = "test"
	// Mail events go to the SMTP server, not to webhooks.
	Digest    Kind = "digest"
	Scheduled Kind = "report.scheduled"
	MailTest  Kind = "mail.test"
)

// ByMail reports whether events of the kind are mail.
func (k Kind) ByMail() bool { return k == Digest || k == Scheduled || k == MailTest }

// A webhook subscribes to runs failing or missed, to each of the watch's
// conditions on its own, and to hearing when a condition it receives
// clears. A condition's subscription is "condition." and the condition's
// key; the event it receives is ConditionRaised.
func ConditionKind(key string) Kind { return Kind("condition." + key) }

// conditionKinds are the subscriptions to the watch's conditions about
// the appliance itself.
var conditionKinds = []Kind{ConditionKind("backlog"), ConditionKind("mail"), ConditionKind("cove"), ConditionKind("autotask"), ConditionKind("backup")}

// backupKinds are the subscriptions to the watch's conditions about
// customers' jobs. They are kept apart from conditionKinds because the
// migration of "appliance.unwell" webhooks subscribes them to
// ConditionKinds: a hook that asked to hear the appliance is unwell did
// not ask to hear about customers' silent jobs.
var backupKinds = []Kind{ConditionKind("silent"), ConditionKind("nosuccess")}

// Kinds are the subscriptions a webhook may choose, in the form's order.
var Kinds = slices.Concat([]Kind{RunFailed, RunMissed}, backupKinds, conditionKinds, []Kind{ConditionCleared})

// ConditionKinds are the subscriptions to the appliance's conditions.
func ConditionKinds() []Kind { return slices.Clone(conditionKinds) }

// BackupConditionKinds are the subscriptions to the conditions about
// customers' jobs (silent, no recent success).
func BackupConditionKinds() []Kind { return slices.Clone(backupKinds) }

// AboutBackups reports whether a condition's event is about customers'
// jobs rather than the appliance, so its headline does not say the
// appliance is unwell.
func (ev Event) AboutBackups() bool { return slices.Contains(backupKinds, ConditionKind(ev.Condition)) }

// Label names a subscription for people.
func (k Kind) Label() string {
	switch k {
	case RunFailed:
		return "a run failed"
	case RunMissed:
		return "a run was missed"
	case ConditionKind("silent"):
		return "jobs are silent past their bound (raised when the first goes silent)"
	case ConditionKind("nosuccess"):
		return "jobs have had no success within N × their bound (Settings → General)"
	case ConditionKind("backlog"):
		return "the review queue holds more waiting runs than the limit above, for longer than its hours"
	case ConditionKind("mail"):
		return "the mail import fails or stalls"
	case ConditionKind("cove"):
		return "the Cove poll fails or stalls"
	case ConditionKind("autotask"):
		return "calls to Autotask fail"
	case ConditionKind("backup"):
		return "the appliance has not been backed up for the days above"
	case ConditionRaised:
		return "the appliance needs attention"
	case ConditionCleared:
		return "and when each of those conditions clears"
	}
	return "test"
}

// Event is one entry of the outbox.
type Event struct {
	// ID is the idempotency key: the same event delivered twice has the
	// same ID (run-42-failed, condition-backup-raised-<time>).
	ID   string    `json:"id"`
	Kind Kind      `json:"kind"`
	At   time.Time `json:"at"`
	// What it is about; a run's names are filled in at delivery.
	RunID     uint64 `json:"run_id,omitempty"`
	JobID     uint64 `json:"job_id,omitempty"`
	Status    string `json:"status,omitempty"`
	Message   string `json:"message,omitempty"`
	Condition string `json:"condition,omitempty"` // a watch condition's key
	Title     string `json:"title,omitempty"`
	Reason    string `json:"reason,omitempty"`
	// HookID, when set, sends the event to that webhook only ("Send test").
	HookID uint64 `json:"hook_id,omitempty"`
	// A mail's: the day it is for and the business days it covers
	// (YYYY-MM-DD), the report schedule it comes from, and for a test
	// its recipients (others read theirs from the settings when sent).
	Day        string   `json:"day,omitempty"`
	From       string   `json:"from,omitempty"`
	To         string   `json:"to,omitempty"`
	ScheduleID uint64   `json:"schedule_id,omitempty"`
	Recipients []string `json:"recipients,omitempty"`
}

// MaxRunAge bounds the runs that notify: one reported days late (history
// of a Cove account being approved, an old mail imported) is no news.
const MaxRunAge = 48 * time.Hour

// RunEvent is the event of a new run, if it is one worth sending.
func RunEvent(runID, jobID uint64, status, message string, at, now time.Time) (Event, bool) {
	kind := Kind("")
	switch status {
	case "failed":
		kind = RunFailed
	case "missed":
		kind = RunMissed
	}
	if kind == "" || now.Sub(at) > MaxRunAge {
		return Event{}, false
	}
	if len(message) > 500 {
		message = message[:500] + "…"
	}
	return Event{ID: fmt.Sprintf("run-%d-%s", runID, status), Kind: kind, At: now.UTC(), RunID: runID, JobID: jobID, Status: status, Message: message}, true
}
