package overrides

import (
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
)

var (
	t0      = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	veeam   = jobs.Job{ID: 1, Software: "Veeam Backup & Replication", Type: "Backup Job", Name: "Nightly"}
	other   = jobs.Job{ID: 2, Software: "Veeam Backup & Replication", Type: "Backup Job", Name: "SQL"}
	synjob  = jobs.Job{ID: 3, Software: "Synology Hyper Backup", Type: "Backup Job", Name: "NAS"}
	warnRun = runs.Run{JobID: 1, Time: t0.Add(48 * time.Hour), Status: runs.Warning, Message: "Job finished with warning",
		Objects: []runs.Object{
			{Name: "DC01", Status: runs.Success},
			{Name: "TEST-VM01", Status: runs.Warning, Message: "Changed block tracking has been disabled"},
			{Name: "TEST-VM02", Status: runs.Warning, Message: "Changed block tracking has been disabled"},
		}}
)

func TestMatches(t *testing.T) {
	base := Override{JobID: 1, Statuses: []runs.Status{runs.Warning}, From: t0, Reason: "test VMs"}
	with := func(f func(*Override)) Override { o := base; f(&o); return o }
	failed := warnRun
	failed.Status = runs.Failed
	cases := []struct {
		name string
		o    Override
		job  jobs.Job
		run  runs.Run
		want bool
	}{
		{"job scope, status only", base, veeam, warnRun, true},
		{"another job", base, other, warnRun, false},
		{"failed is not warning", base, veeam, failed, false},
		{"both statuses", with(func(o *Override) { o.Statuses = []runs.Status{runs.Warning, runs.Failed} }), veeam, failed, true},
		{"software and type scope", with(func(o *Override) { o.JobID, o.Software, o.Type = 0, "veeam backup & replication", "backup job" }), other, warnRun, true},
		{"software and type of another product", with(func(o *Override) { o.JobID, o.Software, o.Type = 0, "Veeam Backup & Replication", "Backup Job" }), synjob, warnRun, false},
		{"every failing object starts with TEST-", with(func(o *Override) { o.Object = Match{Prefix, "test-"} }), veeam, warnRun, true},
		{"object exact: only one of two failing matches", with(func(o *Override) { o.Object = Match{Exact, "test-vm01"} }), veeam, warnRun, false},
		{"object ends with", with(func(o *Override) { o.Object = Match{Suffix, "VM02"} }), veeam, warnRun, false},
		{"object regex", with(func(o *Override) { o.Object = Match{Regex, `^test-vm\d+$`} }), veeam, warnRun, true},
		{"message on the run", with(func(o *Override) { o.Message = Match{Contains, "FINISHED WITH"} }), veeam, warnRun, true},
		{"message on every failing object", with(func(o *Override) { o.Message = Match{Contains, "changed block tracking"} }), veeam, warnRun, true},
		{"message nowhere", with(func(o *Override) { o.Message = Match{Contains, "disk full"} }), veeam, warnRun, false},
		{"not yet valid", with(func(o *Override) { o.From = t0.Add(72 * time.Hour) }), veeam, warnRun, false},
		{"ended before the run", with(func(o *Override) { o.Until = t0.Add(24 * time.Hour) }), veeam, warnRun, false},
		{"ends after the run", with(func(o *Override) { o.Until = t0.Add(72 * time.Hour) }), veeam, warnRun, true},
		{"an object pattern never matches a run with no failing objects", with(func(o *Override) { o.Object = Match{Contains, "x"} }), veeam,
			runs.Run{JobID: 1, Time: warnRun.Time, Status: runs.Warning, Message: "x"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.o.Matches(c.job, c.run); got != c.want {
				t.Fatalf("Matches = %v, want %v", got, c.want)
			}
		})
	}
}

func TestApplyKeepsTheOriginal(t *testing.T) {
	r := warnRun
	list := []Override{{ID: 7, JobID: 1, Statuses: []runs.Status{runs.Warning}, From: t0, Reason: "test VMs have no CBT"}}
	if !Apply(list, veeam, &r) {
		t.Fatal("not applied")
	}
	if r.Status != runs.Success || r.Override == nil || r.Override.Original != runs.Warning || r.Override.ID != 7 || r.Message != warnRun.Message {
		t.Fatalf("applied run: %+v %+v", r, r.Override)
	}
	if Apply(list, veeam, &r) {
		t.Fatal("applied twice")
	}
	if len(r.Failing()) != 2 {
		t.Fatal("the objects lost their own statuses")
	}
}

func TestValidate(t *testing.T) {
	cases := []struct {
		o     Override
		field string
	}{
		{Override{JobID: 1, Statuses: []runs.Status{runs.Warning}, Reason: "x"}, ""},
		{Override{Software: "Veeam", Statuses: []runs.Status{runs.Warning}, Reason: "x"}, "scope"},
		{Override{JobID: 1, Statuses: []runs.Status{runs.Success}, Reason: "x"}, "statuses"},
		{Override{JobID: 1, Statuses: []runs.Status{runs.Failed}, Reason: " "}, "reason"},
		{Override{JobID: 1, Statuses: []runs.Status{runs.Failed}, Reason: "x", Object: Match{Regex, "("}}, "object"},
		{Override{JobID: 1, Statuses: []runs.Status{runs.Failed}, Reason: "x", From: t0, Until: t0}, "until"},
	}
	for _, c := range cases {
		err := c.o.Validate()
		if c.field == "" {
			if err != nil {
				t.Errorf("%+v: %v", c.o, err)
			}
			continue
		}
		e, ok := err.(*ErrInvalid)
		if !ok || e.Field != c.field {
			t.Errorf("%+v: got %v, want an error on %s", c.o, err, c.field)
		}
	}
}
