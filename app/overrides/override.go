// Package overrides holds operator rules that turn a known, accepted
// warning or failure into a success, with a reason, without losing what
// the report said: the run keeps its original status and messages.
package overrides

import (
	"errors"
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
)

// Override is one rule.
type Override struct {
	ID uint64 `json:"id"`
	// Scope: one job (JobID), or every job of a software and type.
	JobID    uint64 `json:"job_id,omitempty"`
	Software string `json:"software,omitempty"`
	Type     string `json:"type,omitempty"`
	// Statuses it turns into success: warning, failed or both.
	Statuses []runs.Status `json:"statuses"`
	Object   Match         `json:"object"`  // on the names of the objects that did not succeed
	Message  Match         `json:"message"` // on the run's message or those objects' messages
	From     time.Time     `json:"from"`
	Until    time.Time     `json:"until,omitempty"` // zero: no end
	Reason   string        `json:"reason"`
	By       string        `json:"by"`
	Created  time.Time     `json:"created"`
	Updated  time.Time     `json:"updated,omitempty"`
}

// ErrInvalid explains what is wrong with an override being saved.
type ErrInvalid struct{ Field, Reason string }

func (e *ErrInvalid) Error() string { return e.Reason }

// IsInvalid reports whether err is an override the operator must correct.
func IsInvalid(err error) bool {
	var e *ErrInvalid
	return errors.As(err, &e)
}

// Validate checks the rule and normalises it.
func (o *Override) Validate() error {
	o.Software, o.Type, o.Reason = strings.TrimSpace(o.Software), strings.TrimSpace(o.Type), strings.TrimSpace(o.Reason)
	bad := func(field, reason string) error { return &ErrInvalid{field, reason} }
	if o.JobID == 0 && (o.Software == "" || o.Type == "") {
		return bad("scope", "Choose a job, or a software and type for all jobs of that kind.")
	}
	if o.JobID != 0 {
		o.Software, o.Type = "", ""
	}
	var sts []runs.Status
	for _, s := range []runs.Status{runs.Warning, runs.Failed} {
		for _, t := range o.Statuses {
			if s == t {
				sts = append(sts, s)
				break
			}
		}
	}
	if len(sts) == 0 {
		return bad("statuses", "Choose which status to override: warning, failed or both.")
	}
	o.Statuses = sts
	for field, m := range map[string]*Match{"object": &o.Object, "message": &o.Message} {
		m.Pattern = strings.TrimSpace(m.Pattern)
		if m.Mode == "" {
			m.Mode = Contains
		}
		if _, err := m.compile(); err != nil {
			return bad(field, err.Error())
		}
	}
	if o.Reason == "" {
		return bad("reason", "Say why these runs count as successful; the reason shows on every overridden run.")
	}
	if !o.Until.IsZero() && !o.Until.After(o.From) {
		return bad("until", "The end must come after the start.")
	}
	return nil
}

// ActiveAt reports whether the rule applies to a run at t.
func (o Override) ActiveAt(t time.Time) bool {
	return !t.Before(o.From) && (o.Until.IsZero() || t.Before(o.Until))
}

// Expired reports whether the rule has ended by now.
func (o Override) Expired(now time.Time) bool { return !o.Until.IsZero() && !now.Before(o.Until) }

// Covers reports whether the rule's scope includes the job.
func (o Override) Covers(j jobs.Job) bool {
	if o.JobID != 0 {
		return o.JobID == j.ID
	}
	return strings.EqualFold(o.Software, j.Software) && strings.EqualFold(o.Type, j.Type)
}

// Matches reports whether the rule turns run r of job j into a success.
// With an object pattern, every object that did not succeed must match it;
// with a message pattern, the run's message or else every such object's
// message must match. A run with nothing failing is left alone.
func (o Override) Matches(j jobs.Job, r runs.Run) bool {
	status := r.Status
	if r.Override != nil {
		status = r.Override.Original
	}
	if !o.Covers(j) || !o.ActiveAt(r.Time) || !o.hasStatus(status) {
		return false
	}
	obj, err1 := o.Object.compile()
	msg, err2 := o.Message.compile()
	if err1 != nil || err2 != nil {
		return false // stored before validation tightened: never apply a broken rule
	}
	failing := r.Failing()
	if o.Object.Set() {
		if len(failing) == 0 {
			return false
		}
		for _, ob := range failing {
			if !obj(ob.Name) {
				return false
			}
		}
	}
	if o.Message.Set() && !msg(r.Message) {
		if len(failing) == 0 {
			return false
		}
		for _, ob := range failing {
			if !msg(ob.Message) {
				return false
			}
		}
	}
	return true
}

func (o Override) hasStatus(s runs.Status) bool {
	for _, t := range o.Statuses {
		if t == s {
			return true
		}
	}
	return false
}

// Apply turns r into a success under the first matching rule (lowest ID),
// keeping its original status. It reports whether r changed.
func Apply(list []Override, j jobs.Job, r *runs.Run) bool {
	if r.Override != nil || (r.Status != runs.Warning && r.Status != runs.Failed) {
		return false
	}
	for _, o := range list {
		if o.Matches(j, *r) {
			r.Override = &runs.Applied{ID: o.ID, Reason: o.Reason, Original: r.Status}
			r.Status = runs.Success
			return true
		}
	}
	return false
}
