package watch

import (
	"fmt"
	"time"

	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/app/silence"
	"github.com/backupchecks/backupchecks/app/silentjobs"
)

// The two conditions about customers' backups rather than the appliance:
// jobs silent past their bound, and jobs without a success within N ×
// their bound. They notify like the others, but Backups marks them so
// /healthz stays "ok": a customer's server that stopped reporting is no
// reason for a load balancer or an uptime monitor to think this appliance
// is unwell, and it would page whoever runs the VM for every customer's
// forgotten laptop.

// quietShown is how many jobs a condition's reason names.
const quietShown = 3

func (s *Service) silent(settings.Watch, time.Time) (*Condition, error) {
	if s.Quiet == nil {
		return nil, nil
	}
	list, all, err := s.Quiet.SilentFirst(quietShown)
	if err != nil {
		return nil, err
	}
	if len(all) == 0 {
		return nil, nil
	}
	since := all[0].Liveness.Period.Deadline
	for _, j := range all {
		if j.Liveness.Period.Deadline.Before(since) {
			since = j.Liveness.Period.Deadline
		}
	}
	total := len(all)
	head := "1 job is silent past its bound"
	if total > 1 {
		head = fmt.Sprintf("%d jobs are silent past their bound", total)
	}
	return &Condition{Key: "silent", Title: "Jobs silent", Since: since, Backups: true,
		Reason: head + ": " + named(list, total, func(e silentjobs.Entry) time.Duration { return e.For }) + ". Each gets one missed run per silent period, in Run Checks."}, nil
}

func (s *Service) noSuccess(_ settings.Watch, now time.Time) (*Condition, error) {
	if s.Quiet == nil {
		return nil, nil
	}
	list, all, err := s.Quiet.WithoutSuccessFirst(quietShown)
	if err != nil {
		return nil, err
	}
	if len(all) == 0 {
		return nil, nil
	}
	n := s.Quiet.Times()
	since := time.Time{}
	for _, j := range all {
		// the moment this job's last success grew older than n × its bound
		at := now.Add(-j.SinceSuccess).Add(time.Duration(n) * j.Liveness.Bound.Span)
		if since.IsZero() || at.Before(since) {
			since = at
		}
	}
	total := len(all)
	head := fmt.Sprintf("1 job has had no success within %d × its bound", n)
	if total > 1 {
		head = fmt.Sprintf("%d jobs have had no success within %d × their bound", total, n)
	}
	return &Condition{Key: "nosuccess", Title: "No recent success", Since: since, Backups: true,
		Reason: head + ": " + named(list, total, func(e silentjobs.Entry) time.Duration { return e.SinceSuccess }) + ". Open the job to see what its runs say."}, nil
}

// named lists the first few jobs as "Acme / Nightly (107 days), … and 4
// more".
func named(list []silentjobs.Entry, total int, age func(silentjobs.Entry) time.Duration) string {
	out := ""
	for i, e := range list {
		if i > 0 {
			out += ", "
		}
		out += fmt.Sprintf("%s / %s (%s)", e.Customer, e.Name, silence.Rough(age(e)))
	}
	if total > len(list) {
		out += fmt.Sprintf(" and %d more", total-len(list))
	}
	return out
}
