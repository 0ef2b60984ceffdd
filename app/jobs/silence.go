package jobs

import (
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/silence"
)

// Kind is the kind of job a default silence bound applies to: Cove's
// workstations and Microsoft 365 tenants (by the job type Cove import
// gives them), mail jobs of a Microsoft 365 product, and servers.
func (j Job) Kind() silence.Kind {
	switch {
	case j.Source == Cove && j.Type == "Workstation":
		return silence.Workstation
	case strings.Contains(j.Software+" "+j.Type, "Microsoft 365"):
		return silence.M365
	}
	return silence.Server
}

// Bound is the job's silence bound under the settings' defaults.
func (j Job) Bound(d silence.Defaults) silence.Bound {
	return silence.Resolve(j.Silence, j.Schedule(), j.History, j.Kind(), d)
}

// Period is the job's current stretch without a run under bound b.
func (j Job) Period(b silence.Bound) silence.Period {
	return silence.PeriodOf(b, j.LastSeen, j.Created)
}

// SetSilence sets the operator's silence bound (days, or runs by hand
// with a reason), or with nil returns the job to its inferred bound.
func (s *Service) SetSilence(id uint64, set *silence.Setting, by audit.Actor) (Job, error) {
	detail := "reset to inferred"
	if set != nil {
		set.Reason = strings.TrimSpace(set.Reason)
		switch {
		case set.ByHand && set.Reason == "":
			return Job{}, &ErrBadSchedule{"Say why this job runs by hand: the reason shows wherever the job does."}
		case set.ByHand && len(set.Reason) > 300:
			return Job{}, &ErrBadSchedule{"Keep the reason under 300 characters."}
		case !set.ByHand && (set.Days < 1 || set.Days > silence.MaxDays):
			return Job{}, &ErrBadSchedule{"Enter the days without a run as 1 to 90."}
		}
		if !set.ByHand {
			set.Reason = ""
		} else {
			set.Days = 0
		}
		set.SetBy, set.SetAt = by.Name, s.Now().UTC()
		if set.SetBy == "" {
			set.SetBy = "an operator"
		}
		detail = "silent after " + silence.Span(time.Duration(set.Days)*silence.Day) + " without a run"
		if set.ByHand {
			detail = "runs by hand: " + set.Reason
		}
	}
	j, err := s.store.Job(id)
	if err != nil {
		return Job{}, err
	}
	j.Silence = set
	return j, s.store.SaveJob(j, audit.New(by, audit.JobSilence, j.Name, detail))
}
