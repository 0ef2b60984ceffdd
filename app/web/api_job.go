package web

import (
	"math"
	"time"

	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/silentjobs"
)

// apiJobView is a job as the API gives it: the stored job with its
// liveness at the moment of the request, so a reader need not redo the
// silence bound's rules. last_seen and last_success are null when the job
// never reported or never succeeded (the stored job leaves them out).
type apiJobView struct {
	jobs.Job
	LastSeen    *time.Time `json:"last_seen"`
	LastSuccess *time.Time `json:"last_success"`
	Bound       apiBound   `json:"bound"`
	Silent      bool       `json:"silent"`
	// SilentDays: since its last run (or its approval, when it never ran).
	SilentDays float64 `json:"silent_days"`
	NoSuccess  bool    `json:"no_success"`
	// SinceSuccessDays: since its last success (or its approval).
	SinceSuccessDays float64 `json:"since_success_days"`
}

// apiBound is the job's silence bound: days is null when it runs by hand.
type apiBound struct {
	Days    *float64 `json:"days"`
	Basis   string   `json:"basis"`
	Explain string   `json:"explain"`
}

// apiSilentView is an entry of the silent and no-success lists.
type apiSilentView struct {
	apiJobView
	Customer string `json:"customer"`
	Reason   string `json:"reason"` // the missed run's sentence, else the bound explained
}

func apiJobOf(j jobs.Job, l jobs.Liveness) apiJobView {
	v := apiJobView{Job: j, Silent: l.Silent, SilentDays: days(l.For), NoSuccess: l.NoSuccess, SinceSuccessDays: days(l.SinceSuccess),
		Bound: apiBound{Basis: string(l.Bound.Basis), Explain: l.Bound.Explain()}}
	if !j.LastSeen.IsZero() {
		v.LastSeen = &j.LastSeen
	}
	if !j.LastSuccess.IsZero() {
		v.LastSuccess = &j.LastSuccess
	}
	if !l.Bound.Never() {
		d := days(l.Bound.Span)
		v.Bound.Days = &d
	}
	return v
}

// apiJobsAt judges the jobs at now with the settings' thresholds.
func (s *Server) apiJobsAt(list []jobs.Job, now time.Time) []apiJobView {
	t := s.Jobs.Thresholds()
	out := make([]apiJobView, 0, len(list))
	for _, j := range list {
		out = append(out, apiJobOf(j, j.Liveness(t, now)))
	}
	return out
}

func apiSilentOf(list []silentjobs.Entry) []apiSilentView {
	out := make([]apiSilentView, 0, len(list))
	for _, e := range list {
		out = append(out, apiSilentView{apiJobView: apiJobOf(e.Job, e.Liveness), Customer: e.Customer, Reason: e.Reason})
	}
	return out
}

// days is a duration in days to two decimals: a schedule's grace makes
// bounds like 1.25 days.
func days(d time.Duration) float64 { return math.Round(d.Hours()/24*100) / 100 }
