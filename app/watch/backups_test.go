package watch_test

import (
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/app/silence"
	"github.com/backupchecks/backupchecks/app/silentjobs"
	"github.com/backupchecks/backupchecks/app/watch"
	"github.com/backupchecks/backupchecks/storage"
)

// quiet is an appliance with customers' jobs and a clock the test moves.
type quiet struct {
	t     *testing.T
	at    time.Time
	jobs  *jobs.Service
	runs  *runs.Service
	cust  customers.Customer
	watch *watch.Service
	n     int
}

func newQuiet(t *testing.T) *quiet {
	st, err := storage.Open(storage.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	q := &quiet{t: t, at: now}
	clock := func() time.Time { return q.at }
	q.jobs = jobs.NewService(st, func(id uint64) error { _, err := st.Customer(id); return err })
	q.jobs.Now = clock
	q.runs = runs.NewService(st)
	cs := customers.NewService(st)
	if q.cust, err = cs.Create("Acme", audit.Actor{Name: "test"}); err != nil {
		t.Fatal(err)
	}
	q.watch = watch.New(watch.Sources{Settings: settings.NewService(st), Now: clock,
		Quiet: &silentjobs.Service{Jobs: q.jobs, Runs: q.runs, Customers: cs, Now: clock}})
	return q
}

func (q *quiet) job(name string) jobs.Job {
	j, err := q.jobs.Create(jobs.NewJob{CustomerID: q.cust.ID, Source: jobs.Email, Software: "Veeam Backup & Replication", Type: "Backup Job",
		Name: name, MatchKey: jobs.EmailKey("veeam@acme.test", "Veeam Backup & Replication", "Backup Job", name)}, audit.Actor{Name: "test"})
	if err != nil {
		q.t.Fatal(err)
	}
	return j
}

// report records a run of the job at the clock's time.
func (q *quiet) report(j jobs.Job, st runs.Status) {
	q.n++
	if _, _, err := q.runs.Record(runs.NewRun{JobID: j.ID, Source: runs.FromEmail, ExternalID: "<" + string(rune('a'+q.n)) + "@acme.test>",
		Time: q.at, Status: st, Message: "run " + string(st)}); err != nil {
		q.t.Fatal(err)
	}
}

// conditions are the watch's keys now, with each reason checked.
func (q *quiet) conditions() string {
	q.t.Helper()
	conds, err := q.watch.Conditions()
	if err != nil {
		q.t.Fatal(err)
	}
	var keys []string
	for _, c := range conds {
		keys = append(keys, c.Key)
		if !c.Backups {
			q.t.Errorf("%s is not marked as about customers' backups: /healthz would say degraded", c.Key)
		}
		if !strings.Contains(c.Reason, "Acme / Nightly (") || !strings.HasSuffix(c.Reason, ".") {
			q.t.Errorf("%s: the reason does not name the job in a sentence: %q", c.Key, c.Reason)
		}
	}
	return strings.Join(keys, " ")
}

// "Jobs silent" is raised when a job goes past its bound (the default 3
// days for a mail job with little history) and cleared when it reports;
// "No recent success" is raised when its last success is older than 2 ×
// the bound, and cleared when it succeeds, whatever the runs in between.
func TestJobsSilentAndNoSuccess(t *testing.T) {
	q := newQuiet(t)
	j := q.job("Nightly")
	day := silence.Day
	steps := []struct {
		name  string
		after time.Duration // the clock moves on by this first
		run   runs.Status   // then the job reports this, "" nothing
		want  string
	}{
		{"just approved", 0, "", ""},
		{"two days without a run", 2 * day, "", ""},
		{"three days without a run: silent", day, "", "silent"},
		{"it reports a success", 0, runs.Success, ""},
		{"four days after that", 4 * day, "", "silent"},
		{"it reports a failure", 0, runs.Failed, ""},
		{"a failure each day, six and a half days after the success", 2*day + 12*time.Hour, runs.Failed, "nosuccess"},
		{"a warning is no success either", day, runs.Warning, "nosuccess"},
		{"silent as well, three days later", 3 * day, "", "nosuccess silent"},
		{"it succeeds again", 0, runs.Success, ""},
	}
	for _, s := range steps {
		q.at = q.at.Add(s.after)
		if s.run != "" {
			q.report(j, s.run)
		}
		if got := q.conditions(); got != s.want {
			t.Errorf("%s: conditions %q, want %q", s.name, got, s.want)
		}
	}
}

// A job an operator set to "runs by hand" raises neither condition, how
// long it stays quiet; an archived job neither.
func TestRunsByHandNeverRaises(t *testing.T) {
	q := newQuiet(t)
	j := q.job("Nightly")
	if _, err := q.jobs.SetSilence(j.ID, &silence.Setting{ByHand: true, Reason: "restore tests, once a quarter"}, audit.Actor{Name: "op"}); err != nil {
		t.Fatal(err)
	}
	old := q.job("Old server")
	if _, err := q.jobs.SetArchived(old.ID, true, audit.Actor{Name: "op"}); err != nil {
		t.Fatal(err)
	}
	q.at = q.at.Add(200 * silence.Day)
	if got := q.conditions(); got != "" {
		t.Errorf("a job that runs by hand and an archived one, 200 days quiet: %q", got)
	}
}
