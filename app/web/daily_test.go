package web_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/daily"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
)

func TestDailyJobsPicksADay(t *testing.T) {
	h := newHarness(t)
	c := h.login("rep")
	body := bodyOf(c.get("/daily?day=2026-03-03"))
	for _, want := range []string{"run failed", `href="/daily?day=2026-03-02"`, `href="/daily?day=2026-03-04"`, "Tuesday 2026-03-03"} {
		if !strings.Contains(body, want) {
			t.Fatalf("Daily Jobs for 2026-03-03 lacks %q", want)
		}
	}
	if strings.Contains(body, "run warning") {
		t.Fatal("a run of the day before is on the board")
	}
	if r := c.get("/daily?day=03-03-2026"); r.StatusCode != 400 || !strings.Contains(bodyOf(r), "YYYY-MM-DD") {
		t.Fatalf("a malformed day: %d", r.StatusCode)
	}
	if body := bodyOf(c.get("/daily")); !strings.Contains(body, "Today, ") || strings.Contains(body, `data-testid="next-day"`) {
		t.Fatal("today is the default and has no next day")
	}
}

// A board of more than daily.CollapseAbove jobs shows each customer's
// counts and the jobs needing attention, and loads a customer's other jobs
// on demand; filtered to one customer it is whole again.
func TestDailyJobsCollapsesALargeBoard(t *testing.T) {
	h := newHarness(t)
	by := audit.Actor{Name: "seed"}
	big, err := h.app.Customers.Create("Big Customer", by)
	if err != nil {
		t.Fatal(err)
	}
	var first, failed uint64
	day := time.Date(2026, 3, 3, 22, 0, 0, 0, time.UTC)
	for i := range daily.CollapseAbove + 10 {
		j, err := h.app.Jobs.Create(jobs.NewJob{CustomerID: big.ID, Source: jobs.Email, Software: "Veeam Backup & Replication",
			Type: "Backup Job", Name: fmt.Sprintf("Job %03d", i), MatchKey: fmt.Sprintf("big/%d", i)}, by)
		if err != nil {
			t.Fatal(err)
		}
		st := runs.Success
		if i == 7 {
			st, failed = runs.Failed, j.ID
		}
		if i == 0 {
			first = j.ID
		}
		if _, _, err := h.app.Runs.Record(runs.NewRun{JobID: j.ID, Source: runs.FromEmail, ExternalID: fmt.Sprint(i), Time: day, Status: st, Message: "run " + string(st)}); err != nil {
			t.Fatal(err)
		}
	}
	c := h.login("rep")
	body := bodyOf(c.get("/daily?day=2026-03-03"))
	for _, want := range []string{`data-testid="daily-collapsed"`, fmt.Sprintf(`data-testid="daily-job-%d"`, failed), "success 309", "failed 1",
		fmt.Sprintf(`data-testid="daily-expand-%d"`, big.ID), "Show all 310 jobs (309 more)", fmt.Sprintf(`data-testid="daily-job-%d"`, h.ids["job"])} {
		if !strings.Contains(body, want) {
			t.Errorf("the collapsed board lacks %q", want)
		}
	}
	if strings.Contains(body, fmt.Sprintf(`data-testid="daily-job-%d"`, first)) {
		t.Error("the collapsed board lists a successful job of a large customer")
	}
	_, group := c.hx("GET", fmt.Sprintf("/daily/group?day=2026-03-03&customer=%d", big.ID), nil)
	if n := strings.Count(group, `data-testid="daily-job-`); n != daily.CollapseAbove+10 || !strings.Contains(group, fmt.Sprintf(`data-testid="daily-job-%d"`, first)) {
		t.Errorf("the customer's jobs on demand: %d rows", n)
	}
	whole := bodyOf(c.get(fmt.Sprintf("/daily?day=2026-03-03&customer=%d", big.ID)))
	if strings.Contains(whole, `data-testid="daily-collapsed"`) || !strings.Contains(whole, fmt.Sprintf(`data-testid="daily-job-%d"`, first)) {
		t.Error("filtered to one customer the board is not whole")
	}
}
