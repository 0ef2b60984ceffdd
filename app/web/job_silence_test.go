package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
)

// The seeded job last reported in March with three runs: too few to infer
// from, so the default for servers and mail jobs (3 days) applies and it is
// silent. Jobs lists it under "silent only", Job Details says since when,
// and an operator who says it runs by hand (with a reason) makes it never
// silent, audited.
func TestJobDetailsShowsTheSilenceBoundAndAnOperatorSetsIt(t *testing.T) {
	h := newHarness(t)
	op := h.login("op")
	if _, err := h.app.Missed.Pass(); err != nil {
		t.Fatal(err)
	}
	page := fmt.Sprintf("/jobs/%d", h.ids["job"])
	body := bodyOf(op.get(page))
	for _, want := range []string{
		"Expected at least every 3 days — the default for servers and mail jobs (Settings → General): only 3 runs so far; a bound is inferred from 5.",
		`data-testid="silence-now"`, "no run since 2026-03-03 22:00",
		"Last success", `data-testid="silent"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("Job Details lacks %q in %s", want, between(body, `data-testid="job-silence"`, "</article>"))
		}
	}
	if !strings.Contains(bodyOf(op.get("/jobs?silent=1")), `data-testid="job-Nightly"`) {
		t.Fatal("the silent job is not under Jobs → silent only")
	}
	// By hand needs a reason.
	op.post(page+"/silence", url.Values{"mode": {"by-hand"}, "reason": {"  "}})
	if body = bodyOf(op.get(page)); !strings.Contains(body, "Say why this job runs by hand") || strings.Contains(body, `data-testid="by-hand"`) {
		t.Fatal("runs by hand was accepted without a reason")
	}
	if r := op.post(page+"/silence", url.Values{"mode": {"by-hand"}, "reason": {"Run before each release by the customer"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("set by hand: %d", r.StatusCode)
	}
	body = bodyOf(op.get(page))
	if !strings.Contains(body, "Runs by hand: never silent — set by op: Run before each release by the customer.") || strings.Contains(body, `data-testid="silence-now"`) {
		t.Fatalf("by hand not shown: %s", between(body, `data-testid="job-silence"`, "</article>"))
	}
	if strings.Contains(bodyOf(op.get("/jobs?silent=1")), `data-testid="job-Nightly"`) {
		t.Fatal("a job that runs by hand is listed as silent")
	}
	if !strings.Contains(bodyOf(op.get("/jobs")), `data-testid="by-hand"`) {
		t.Fatal("the Jobs list does not mark the job that runs by hand")
	}
	// Days out of range are refused with a sentence; 200 days is not a bound.
	op.post(page+"/silence", url.Values{"mode": {"days"}, "days": {"200"}})
	if !strings.Contains(bodyOf(op.get(page)), "Enter the days without a run as 1 to 90.") {
		t.Fatal("200 days accepted")
	}
	op.post(page+"/silence", url.Values{"mode": {"days"}, "days": {"400"}})
	op.post(page+"/silence", url.Values{"mode": {"inferred"}})
	audit := bodyOf(h.login("admin").get("/settings/audit?action=job.silence"))
	if !strings.Contains(audit, "runs by hand: Run before each release by the customer") || !strings.Contains(audit, "reset to inferred") {
		t.Fatal("the silence bound changes are not audited")
	}
	if strings.Contains(bodyOf(h.login("rep").get(page)), `data-testid="silence-form"`) {
		t.Fatal("a reporter is offered the silence form")
	}
}

// Jobs sorts by the time since the last success, the longest first: the
// seeded job last succeeded in March, a second one just now, so the order
// by name (Alpha first) turns around.
func TestJobsSortByTheLastSuccess(t *testing.T) {
	h := newHarness(t)
	op := h.login("op")
	alpha, err := h.app.Jobs.Create(jobs.NewJob{CustomerID: h.ids["customer"], Source: jobs.Email, Name: "Alpha", MatchKey: "alpha"}, audit.Actor{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := h.app.Runs.Record(runs.NewRun{JobID: alpha.ID, Source: runs.FromEmail, ExternalID: "a1", Time: time.Now(), Status: runs.Success}); err != nil {
		t.Fatal(err)
	}
	order := func(path string) string {
		body := bodyOf(op.get(path))
		a, n := strings.Index(body, `data-testid="job-Alpha"`), strings.Index(body, `data-testid="job-Nightly"`)
		if a < 0 || n < 0 {
			t.Fatalf("%s lacks a job", path)
		}
		if a < n {
			return "Alpha, Nightly"
		}
		return "Nightly, Alpha"
	}
	if got := order("/jobs"); got != "Alpha, Nightly" {
		t.Fatalf("by name: %s", got)
	}
	if got := order("/jobs?sort=success"); got != "Nightly, Alpha" {
		t.Fatalf("longest since a success first: %s", got)
	}
	body := bodyOf(op.get("/jobs?sort=success"))
	if !strings.Contains(between(body, `data-testid="job-Alpha"`, "</tr>"), "just now") {
		t.Fatal("the last success is not shown")
	}
	if !strings.Contains(body, `href="/jobs?page=0"`) {
		t.Fatal("the sorted list does not offer the usual order back")
	}
}

// The missed run of a silent period is on today's Daily Jobs and in Run
// Checks with its reason, and the row says "silent", not "unscheduled run".
func TestASilentJobIsOnDailyJobsAndRunChecksWithItsReason(t *testing.T) {
	h := newHarness(t)
	if res, err := h.app.Missed.Pass(); err != nil || res.Silent != 1 {
		t.Fatalf("the pass over a job silent since March: %+v, %v", res, err)
	}
	op := h.login("op")
	reason := "No run since Tue 3 Mar" // the year is added once it is another year
	row := between(bodyOf(op.get("/daily")), fmt.Sprintf(`data-testid="daily-job-%d"`, h.ids["job"]), "</tr>")
	if !strings.Contains(row, `data-testid="daily-silent"`) || !strings.Contains(row, reason) || strings.Contains(row, "unscheduled run") {
		t.Fatalf("Daily Jobs row of the silent job: %s", row)
	}
	if !strings.Contains(bodyOf(op.get("/review")), reason) {
		t.Fatal("Run Checks does not show the silent period's reason")
	}
}
