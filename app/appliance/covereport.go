package appliance

import (
	"fmt"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/coveimport"
	"github.com/backupchecks/backupchecks/integrations/cove"
)

// report leaves the trace every poll owes: one log line with its
// outcome, the metrics, and an audit event when a person started it.
func (p *CovePoller) report(t coveimport.Trigger, res coveimport.PollResult, err error, took time.Duration) {
	p.metrics.observe(took, err)
	attrs := []any{"trigger", t.How, "took", took.Round(time.Millisecond), "seen", res.Seen, "new", res.New,
		"runs", res.Runs, "pending", res.Pending, "gone", res.Gone, "errors", res.Errors}
	if t.ByPerson() {
		attrs = append(attrs, "by", actorName(t.By))
	}
	switch {
	case err != nil:
		p.log.Error("cove poll failed", append(attrs, "error", err, "explain", cove.Explain(err))...)
	case res.Held != nil:
		p.log.Warn("cove poll held the account list", append(attrs, "reason", res.Held.Reason())...)
	default:
		p.log.Info("cove poll", attrs...)
	}
	if !t.ByPerson() || p.audit == nil {
		return
	}
	ev := audit.New(t.By, audit.CovePoll, "Cove", t.How+": "+outcome(res, err))
	if aerr := p.audit(ev); aerr != nil {
		p.log.Error("cove poll: the audit event could not be saved", "error", aerr)
	}
}

// outcome is a poll's result in one sentence, for the audit log.
func outcome(res coveimport.PollResult, err error) string {
	switch {
	case err != nil:
		return "failed: " + cove.Explain(err)
	case res.Held != nil:
		return "list held: " + res.Held.Reason()
	}
	return fmt.Sprintf("%d accounts seen, %d new, %d new runs, %d waiting for approval, %d no longer listed, %d errors",
		res.Seen, res.New, res.Runs, res.Pending, res.Gone, res.Errors)
}

func actorName(a audit.Actor) string {
	if a.Name != "" {
		return a.Name
	}
	return a.IP
}
