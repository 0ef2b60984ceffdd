package psa

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
)

// autoRetry is how long a failed automatic action waits before it is
// tried again: a refusal (mapping, defaults) needs an admin, not a call a
// minute. A lost answer is looked up again at the next pass.
const autoRetry = 15 * time.Minute

// noteEvery is the daily note's spacing.
const noteEvery = 24 * time.Hour

// AutoReport is what one automatic-ticket pass did.
type AutoReport struct {
	Jobs     int // jobs a rule applies to
	Created  int
	Resolved int
	Notes    int
	Failed   int
}

// AutoTicketPass applies the automatic-ticket rules: a ticket after N
// consecutive failed or missed runs of a mapped customer's job, at most
// one per failure streak, resolved when the job succeeds again. With the
// integration off it reads only the settings, and with no rule switched
// on one record more: no call to Autotask either way.
func (s *Service) AutoTicketPass(ctx context.Context) (AutoReport, error) {
	var rep AutoReport
	cfg, err := s.settings.Autotask()
	if err != nil || !cfg.Enabled {
		return rep, err
	}
	rules, err := s.store.AutoRules()
	if err != nil || !rules.Any() {
		return rep, err
	}
	list, err := s.ruledJobs(rules)
	if err != nil {
		return rep, err
	}
	var errs []error
	for _, j := range list {
		if ctx.Err() != nil {
			break
		}
		r, scope := rules.For(j)
		if !r.On && scope == "job" {
			// Switched off for this job: a streak it still holds ends
			// without any call.
			continue
		}
		rep.Jobs++
		if err := s.autoJob(ctx, j, r, scope, &rep); err != nil {
			rep.Failed++
			errs = append(errs, err)
		}
	}
	return rep, errors.Join(errs...)
}

// ruledJobs are the active jobs a switched-on rule applies to.
func (s *Service) ruledJobs(rules AutoRules) ([]jobs.Job, error) {
	var all []jobs.Job
	customerOn := false
	for _, r := range rules.Customers {
		customerOn = customerOn || r.On
	}
	if customerOn {
		var err error
		if all, err = s.jobs.All(); err != nil {
			return nil, err
		}
	} else {
		for id, r := range rules.Jobs {
			if !r.On {
				continue
			}
			j, err := s.jobs.Get(id)
			if errors.Is(err, jobs.ErrNotFound) {
				continue // deleted or merged since: its rule is moot
			}
			if err != nil {
				return nil, err
			}
			all = append(all, j)
		}
	}
	out := all[:0]
	for _, j := range all {
		if r, _ := rules.For(j); r.On && !j.Archived {
			out = append(out, j)
		}
	}
	return out, nil
}

// autoJob moves one job's streak on: create, note, or resolve.
func (s *Service) autoJob(ctx context.Context, j jobs.Job, r AutoRule, scope string, rep *AutoReport) error {
	st, err := s.store.AutoStreak(j.ID)
	if err != nil {
		return s.autoFailed(j, "read the job's automatic ticket", err)
	}
	st.JobID = j.ID
	now := s.Now().UTC()
	c, err := s.customers.Get(j.CustomerID)
	if err != nil {
		return s.autoFailed(j, "read the job's customer", err)
	}
	by := autoActor(scope, scopeName(scope, c, j), r)
	switch {
	case st.Active() && j.LastSuccess.After(st.RunTime):
		return s.autoRecover(ctx, j, r, st, by, rep)
	case st.Active() && !st.Created:
		if now.Before(st.RetryAfter) {
			return nil
		}
		return s.autoCreate(ctx, j, st, by, rep)
	case st.Active():
		if r.DailyNote && now.Sub(st.LastNote) >= noteEvery && j.LastRun.After(st.RunTime) {
			return s.autoNote(ctx, j, st, by, rep)
		}
		return nil
	}
	if (j.LastStatus != string(runs.Failed) && j.LastStatus != string(runs.Missed)) || now.Before(st.RetryAfter) {
		return nil // no run is read while the job's last run is not a failure
	}
	if TicketBlocker(c) != "" {
		return nil // unmapped or blocked: the customer page says why
	}
	page, err := s.runs.OfJob(j.ID, "", r.After)
	if err != nil {
		return s.autoFailed(j, "read the job's latest runs", err)
	}
	if len(page.Runs) < r.After {
		return nil
	}
	ids := make([]uint64, 0, len(page.Runs))
	for _, run := range page.Runs {
		if run.Status != runs.Failed && run.Status != runs.Missed {
			return nil // a success or warning broke the count
		}
		ids = append(ids, run.ID)
	}
	// A ticket an operator already made for this streak is its ticket.
	have, err := s.store.RunTicketsOf(ids)
	if err != nil {
		return s.autoFailed(j, "read the tickets of the job's latest runs", err)
	}
	for _, rt := range have {
		if l, ok := rt.Current(); ok && l.State != Deleted {
			return nil
		}
	}
	newest := page.Runs[0]
	st = AutoStreak{JobID: j.ID, RunID: newest.ID, RunTime: newest.Time, Rule: by.Name, Fired: now,
		PrevRunID: st.PrevRunID, Ended: st.Ended, EndedHow: st.EndedHow}
	ev := audit.New(by, audit.TicketCreate, runTarget(newest.ID), fmt.Sprintf("automatic ticket rule fired for job %s: %s in a row, the newest run %d",
		j.Name, plural(r.After, "failed or missed run", "failed or missed runs"), newest.ID))
	stored, reserved, err := s.store.ReserveAutoStreak(st, ev)
	if err != nil {
		return s.autoFailed(j, "reserve the streak's ticket", err)
	}
	if !reserved {
		return nil // another pass holds this streak; it goes on with it
	}
	return s.autoCreate(ctx, j, stored, by, rep)
}

func scopeName(scope string, c customers.Customer, j jobs.Job) string {
	if scope == "job" {
		return j.Name + " (" + c.Name + ")"
	}
	return c.Name
}

// autoCreate creates (or, after a lost answer or a crash, finds) the
// streak's ticket through CreateTicket: the run's reservation and marker.
func (s *Service) autoCreate(ctx context.Context, j jobs.Job, st AutoStreak, by audit.Actor, rep *AutoReport) error {
	res, err := s.CreateTicket(ctx, st.RunID, by)
	now := s.Now().UTC()
	if err != nil {
		st.LastError, st.RetryAfter = err.Error(), now.Add(autoRetry)
		if errors.Is(err, ErrCreateUnconfirmed) {
			st.RetryAfter = now // looked up by its marker at the next pass
		}
		if serr := s.store.SaveAutoStreak(st, nil); serr != nil {
			err = errors.Join(err, serr)
		}
		return s.autoFailed(j, fmt.Sprintf("create the ticket of run %d", st.RunID), err)
	}
	st.Created, st.LastError, st.RetryAfter, st.LastNote = true, "", time.Time{}, now
	if !res.Existing {
		rep.Created++
	}
	return s.store.SaveAutoStreak(st, nil)
}

// autoRecover ends a streak whose job succeeded again: its ticket is
// resolved by the button's rule when the rule says so, else left as is.
func (s *Service) autoRecover(ctx context.Context, j jobs.Job, r AutoRule, st AutoStreak, by audit.Actor, rep *AutoReport) error {
	now := s.Now().UTC()
	if now.Before(st.RetryAfter) {
		return nil
	}
	rt, err := s.store.RunTickets(st.RunID)
	if err != nil {
		return s.autoFailed(j, "read the streak's ticket", err)
	}
	cur, has := rt.Current()
	if has && cur.State == Pending {
		// The create's answer was lost: find the ticket before resolving.
		if _, err := s.CreateTicket(ctx, st.RunID, by); err != nil {
			st.LastError, st.RetryAfter = err.Error(), now.Add(autoRetry)
			_ = s.store.SaveAutoStreak(st, nil)
			return s.autoFailed(j, fmt.Sprintf("find the ticket of run %d before resolving it", st.RunID), err)
		}
		rt, _ = s.store.RunTickets(st.RunID)
		cur, has = rt.Current()
	}
	how := "job succeeded again; the ticket was left as it is (automatic resolve is off)"
	switch {
	case !has:
		how = "job succeeded again before a ticket was made"
	case r.Resolve:
		out, l, err := s.ResolveTicket(ctx, st.RunID, by)
		var refused *Refused
		switch {
		case errors.Is(err, ErrTicketDeleted):
			how = "job succeeded again; " + linkName(l) + " was deleted in Autotask"
		case errors.As(err, &refused):
			how = "job succeeded again; not resolved: " + refused.Reason
		case err != nil:
			st.LastError, st.RetryAfter = err.Error(), now.Add(autoRetry)
			_ = s.store.SaveAutoStreak(st, nil)
			return s.autoFailed(j, fmt.Sprintf("resolve %s", linkName(cur)), err)
		default:
			how = fmt.Sprintf("job succeeded again; %s resolved automatically: %s", linkName(l), out)
			rep.Resolved++
		}
	}
	ended := AutoStreak{JobID: j.ID, PrevRunID: st.RunID, Ended: now, EndedHow: how}
	ev := audit.New(by, audit.TicketResolve, runTarget(st.RunID), "failure streak of job "+j.Name+" ended: "+how)
	return s.store.SaveAutoStreak(ended, &ev)
}

// autoNote adds the streak's one note of the day. The day is taken before
// the call, so a lost answer never makes it two.
func (s *Service) autoNote(ctx context.Context, j jobs.Job, st AutoStreak, by audit.Actor, rep *AutoReport) error {
	api, cfg, err := s.api()
	if err != nil {
		return nil // switched off meanwhile
	}
	rt, err := s.store.RunTickets(st.RunID)
	if err != nil {
		return s.autoFailed(j, "read the streak's ticket", err)
	}
	l, ok := rt.Current()
	if !ok || l.State != Open {
		return nil // resolved, deleted or not made: nothing to note on
	}
	st.LastNote = s.Now().UTC()
	if err := s.store.SaveAutoStreak(st, nil); err != nil {
		return s.autoFailed(j, "record the daily note", err)
	}
	loc := time.UTC
	if g, err := s.settings.General(); err == nil {
		loc = g.Location()
	}
	text := fmt.Sprintf("Backupchecks: job %s is still failing. Its latest run (%s) is %s; this ticket was made for the run of %s. (%s)",
		j.Name, j.LastRun.In(loc).Format("Mon 2 Jan 2006 15:04"), j.LastStatus, st.RunTime.In(loc).Format("Mon 2 Jan 2006 15:04"), by.Name)
	if err := s.addNote(ctx, api, cfg.NoteType.ID, cfg.NotePublish.ID, l.TicketID, "Still failing", text); err != nil {
		return s.autoFailed(j, "add the daily note to "+linkName(l), err)
	}
	rep.Notes++
	_ = s.store.AuditTicket(audit.New(by, audit.TicketResolve, runTarget(st.RunID), linkName(l)+": daily note added, job still failing"))
	return nil
}

// autoFailed writes the failure's log line and shows it in the Autotask
// health (dashboard, Settings → Autotask), naming the job.
func (s *Service) autoFailed(j jobs.Job, what string, err error) error {
	op := fmt.Sprintf("automatic ticket for job %s: %s", j.Name, what)
	s.logger().Warn("autotask: automatic ticket failed", "job", j.ID, "action", what, "error", err.Error())
	if h, rerr := s.store.AutotaskHealth(); rerr == nil {
		if !h.Failing() {
			h.FailingSince = s.Now().UTC()
		}
		h.LastError, h.Operation = err.Error(), op
		h.Explain = "An automatic ticket could not be made or resolved; Backupchecks tries again. Check the mapping and Settings → Autotask."
		var refused *Refused
		if !errors.As(err, &refused) {
			h.Explain = explainOr(err, h.Explain)
		}
		_ = s.store.SaveAutotaskHealth(h)
	}
	return fmt.Errorf("%s: %w", op, err)
}
