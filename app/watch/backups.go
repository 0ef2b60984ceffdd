package watch

import (
	"fmt"
	"time"

	"github.com/backupchecks/backupchecks/app/settings"
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

func (s *Service) silent(_ settings.Watch, now time.Time) (*Condition, error) {
	if s.Quiet == nil {
		return nil, nil
	}
	list, err := s.Quiet.Silent()
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, nil
	}
	since := list[0].Liveness.Period.Deadline
	for _, e := range list {
		if e.Liveness.Period.Deadline.Before(since) {
			since = e.Liveness.Period.Deadline
		}
	}
	head := "1 job is silent past its bound"
	if len(list) > 1 {
		head = fmt.Sprintf("%d jobs are silent past their bound", len(list))
	}
	return &Condition{Key: "silent", Title: "Jobs silent", Since: since, Backups: true,
		Reason: head + ": " + named(list, func(e silentjobs.Entry) time.Duration { return e.For }) + ". Each has a missed run in Run Checks."}, nil
}

func (s *Service) noSuccess(_ settings.Watch, now time.Time) (*Condition, error) {
	if s.Quiet == nil {
		return nil, nil
	}
	list, err := s.Quiet.WithoutSuccess()
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, nil
	}
	n := s.Quiet.Times()
	since := time.Time{}
	for _, e := range list {
		// the moment this job's last success grew older than n × its bound
		at := now.Add(-e.SinceSuccess).Add(time.Duration(n) * e.Liveness.Bound.Span)
		if since.IsZero() || at.Before(since) {
			since = at
		}
	}
	head := fmt.Sprintf("1 job has had no success within %d × its bound", n)
	if len(list) > 1 {
		head = fmt.Sprintf("%d jobs have had no success within %d × their bound", len(list), n)
	}
	return &Condition{Key: "nosuccess", Title: "No recent success", Since: since, Backups: true,
		Reason: head + ": " + named(list, func(e silentjobs.Entry) time.Duration { return e.SinceSuccess }) + ". Open the job to see what its runs say."}, nil
}

// named lists the first few jobs as "Acme / Nightly (107 days), …".
func named(list []silentjobs.Entry, age func(silentjobs.Entry) time.Duration) string {
	out := ""
	for i, e := range list {
		if i == quietShown {
			out += fmt.Sprintf(" and %d more", len(list)-quietShown)
			break
		}
		if i > 0 {
			out += ", "
		}
		out += fmt.Sprintf("%s / %s (%s)", e.Customer, e.Name, silentjobs.For(age(e)))
	}
	return out
}
