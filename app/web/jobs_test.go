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
	"github.com/backupchecks/backupchecks/views"
)

func TestCustomersPageCountsAndEdits(t *testing.T) {
	h := newHarness(t)
	c := h.login("op")
	body := bodyOf(c.get("/customers"))
	row := between(body, `data-testid="customer-Acme"`, "</tr>")
	// Acme has one job whose last run failed.
	if !strings.Contains(row, "<td>1</td>") || !strings.Contains(row, `badge bad">1<`) {
		t.Fatalf("Acme row lacks its counts: %s", row)
	}
	if r := c.post("/customers", url.Values{"name": {"  Bakker   BV "}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", r.StatusCode)
	}
	if r := c.post("/customers", url.Values{"name": {"bakker bv"}}); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(bodyOf(r), "already exists") {
		t.Fatalf("duplicate name: %d", r.StatusCode)
	}
	if !strings.Contains(bodyOf(c.get("/customers?q=bakker")), `data-testid="customer-Bakker BV"`) {
		t.Fatal("new customer not listed under its cleaned name")
	}
	c.post(fmt.Sprintf("/customers/%d/active", h.ids["customer"]), url.Values{"active": {"false"}})
	if !strings.Contains(between(bodyOf(c.get("/customers")), `data-testid="customer-Acme"`, "</tr>"), "inactive") {
		t.Fatal("deactivated customer still shown active")
	}
	if !strings.Contains(bodyOf(h.login("admin").get("/settings/audit?action=customer.deactivate")), "Acme") {
		t.Fatal("deactivation not audited")
	}
	if strings.Contains(bodyOf(h.login("rep").get("/customers")), "customer-create-form") {
		t.Fatal("a reporter is offered the create form")
	}
}

func TestJobsFiltersAndArchive(t *testing.T) {
	h := newHarness(t)
	c := h.login("op")
	for q, want := range map[string]bool{
		"/jobs?status=failed": true, "/jobs?status=success": false, "/jobs?source=cove": false,
		"/jobs?software=Veeam+Backup+%26+Replication": true, "/jobs?q=acme": true, "/jobs?q=synology": false,
		fmt.Sprintf("/jobs?customer=%d", h.ids["customer"]): true,
	} {
		if got := strings.Contains(bodyOf(c.get(q)), `data-testid="job-Nightly"`); got != want {
			t.Errorf("%s lists Nightly: %v, want %v", q, got, want)
		}
	}
	if r := c.post(fmt.Sprintf("/jobs/%d/archived", h.ids["job"]), url.Values{"archived": {"true"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("archive: %d", r.StatusCode)
	}
	if strings.Contains(bodyOf(c.get("/jobs")), `data-testid="job-Nightly"`) {
		t.Fatal("archived job still in the default list")
	}
	if !strings.Contains(bodyOf(c.get("/jobs?archived=yes")), `data-testid="job-Nightly"`) {
		t.Fatal("archived job missing from the archived list")
	}
}

func TestJobDetailsRunsNewestFirstWithMore(t *testing.T) {
	h := newHarness(t)
	base := time.Date(2026, 4, 1, 22, 0, 0, 0, time.UTC)
	for i := range 120 {
		if _, _, err := h.app.Runs.Record(runs.NewRun{JobID: h.ids["job"], Source: runs.FromEmail, ExternalID: fmt.Sprint("bulk-", i),
			Time: base.Add(time.Duration(i) * time.Hour), Status: runs.Success, Message: fmt.Sprintf("bulk %03d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	c := h.login("rep")
	body := bodyOf(c.get(fmt.Sprintf("/jobs/%d", h.ids["job"])))
	if strings.Count(body, `data-testid="run-`) != 100 {
		t.Fatalf("%d runs on the first page, want 100", strings.Count(body, `data-testid="run-`))
	}
	if strings.Index(body, "bulk 119") > strings.Index(body, "bulk 118") || strings.Contains(body, "bulk 019") {
		t.Fatal("runs are not newest first")
	}
	if strings.Contains(body, "job-actions") {
		t.Fatal("a reporter is offered job actions")
	}
	more := between(body, `hx-get="`, `"`)
	if !strings.HasPrefix(more, "/jobs/") {
		t.Fatalf("no 'older runs' link: %q", more)
	}
	frag := bodyOf(c.get(strings.ReplaceAll(more, "&amp;", "&")))
	if strings.Contains(frag, "<html") || !strings.Contains(frag, "bulk 019") || !strings.Contains(frag, "run failed") {
		t.Fatalf("older runs fragment: %.400s", frag)
	}
	if strings.Contains(frag, "older-runs") {
		t.Fatal("the last page still offers older runs")
	}
	if r := c.get(fmt.Sprintf("/jobs/%d?before=garbage", h.ids["job"])); r.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad cursor: %d", r.StatusCode)
	}
	if r := c.get("/jobs/424242"); r.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown job: %d", r.StatusCode)
	}
}

func TestJobRenameAndMove(t *testing.T) {
	h := newHarness(t)
	c := h.login("op")
	other, _ := h.app.Customers.Create("Zeta", actorForTests)
	c.post(fmt.Sprintf("/jobs/%d/rename", h.ids["job"]), url.Values{"name": {"Nightly VMs"}})
	c.post(fmt.Sprintf("/jobs/%d/move", h.ids["job"]), url.Values{"customer": {fmt.Sprint(other.ID)}})
	j, _ := h.app.Jobs.Get(h.ids["job"])
	if j.Name != "Nightly VMs" || j.CustomerID != other.ID {
		t.Fatalf("job after rename and move: %+v", j)
	}
	if j.LastStatus != "failed" {
		t.Fatalf("edits lost the last-run summary: %q", j.LastStatus)
	}
	c.post(fmt.Sprintf("/jobs/%d/move", h.ids["job"]), url.Values{"customer": {"99999"}})
	if !strings.Contains(bodyOf(c.get(fmt.Sprintf("/jobs/%d", h.ids["job"]))), "Choose an existing customer") {
		t.Fatal("moving to an unknown customer not refused with a reason")
	}
}

// between returns the text after the first start marker up to end.
func between(s, start, end string) string {
	i := strings.Index(s, start)
	if i < 0 {
		return ""
	}
	s = s[i+len(start):]
	if j := strings.Index(s, end); j >= 0 {
		return s[:j]
	}
	return s
}

func TestSetAndResetAJobSchedule(t *testing.T) {
	h := newHarness(t)
	c := h.login("op")
	page := fmt.Sprintf("/jobs/%d", h.ids["job"])
	if body := bodyOf(c.get(page)); !strings.Contains(body, "no fixed schedule") {
		t.Fatal("a job with three runs has no inferred schedule yet")
	}
	set := url.Values{"kind": {"weekly"}, "day": {"4", "2"}, "time": {"03:00"}, "grace": {"120"}, "month_day": {"1"}}
	if r := c.post(page+"/schedule", set); r.StatusCode != 303 {
		t.Fatalf("set schedule: %d", r.StatusCode)
	}
	body := bodyOf(c.get(page))
	if !strings.Contains(body, "expected on Tue, Thu around 03:00, grace 2 h — set by op") {
		t.Fatalf("schedule not shown: %s", between(body, `data-testid="schedule-explain"`, "</p>"))
	}
	c.post(page+"/schedule", url.Values{"kind": {"weekly"}, "time": {"03:00"}, "grace": {"120"}})
	if body := bodyOf(c.get(page)); !strings.Contains(body, "Choose at least one weekday") || !strings.Contains(body, "Tue, Thu") {
		t.Fatal("a weekly schedule without days was not refused with a reason")
	}
	c.post(page+"/schedule", url.Values{"reset": {"true"}})
	if body := bodyOf(c.get(page)); !strings.Contains(body, "no fixed schedule") || strings.Contains(body, "set by op") {
		t.Fatal("reset did not return to the inferred schedule")
	}
}

func TestMergeAndDeleteJobs(t *testing.T) {
	h := newHarness(t)
	c := h.login("admin")
	other, err := h.app.Jobs.Create(jobs.NewJob{CustomerID: h.ids["customer"], Source: jobs.Email, Software: "Veeam Backup & Replication",
		Type: "Backup Job", Name: "Nightly (renamed on the server)", MatchKey: "other-key"}, audit.Actor{})
	if err != nil {
		t.Fatal(err)
	}
	page := fmt.Sprintf("/jobs/%d", other.ID)
	if !strings.Contains(bodyOf(c.get(page)), `data-testid="merge-form"`) {
		t.Fatal("no merge form on a customer with two jobs")
	}
	r := c.post(page+"/merge", url.Values{"into": {fmt.Sprint(h.ids["job"])}})
	if r.StatusCode != 303 || r.Header.Get("Location") != fmt.Sprintf("/jobs/%d", h.ids["job"]) {
		t.Fatalf("merge: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	if j, err := h.app.Jobs.ByKey("other-key"); err != nil || j.ID != h.ids["job"] {
		t.Fatal("reports of the merged job no longer find a job")
	}
	if r := c.get(page); r.StatusCode != 404 {
		t.Fatalf("the merged job's page: %d", r.StatusCode)
	}
	if rep := h.login("op"); !strings.Contains(bodyOf(rep.get(fmt.Sprintf("/jobs/%d", h.ids["job"]))), "Rename") ||
		strings.Contains(bodyOf(rep.get(fmt.Sprintf("/jobs/%d", h.ids["job"]))), `data-testid="job-delete"`) {
		t.Fatal("an operator is offered Delete job")
	}
	c.get(fmt.Sprintf("/jobs/%d", h.ids["job"]))
	if r := c.post(fmt.Sprintf("/jobs/%d/delete", h.ids["job"]), nil); r.StatusCode != 303 {
		t.Fatalf("delete: %d", r.StatusCode)
	}
	if !strings.Contains(bodyOf(c.get("/jobs")), "Deleted job Nightly and its 3 run(s).") {
		t.Fatal("no confirmation of the delete")
	}
	if q, _ := h.app.Runs.Unreviewed(); len(q) != 0 {
		t.Fatalf("runs of the deleted job are still queued: %d", len(q))
	}
	p, _ := h.app.Store.List(audit.Filter{Action: audit.JobDelete})
	if len(p.Events) != 1 || p.Events[0].Actor != "admin" {
		t.Fatal("the delete is not audited")
	}
}

// The Jobs list of a large MSP comes a page of views.JobsPerPage at a time,
// the filter kept from page to page.
func TestJobsListPages(t *testing.T) {
	h := newHarness(t)
	for i := range views.JobsPerPage + 10 {
		if _, err := h.app.Jobs.Create(jobs.NewJob{CustomerID: h.ids["customer"], Source: jobs.Email, Software: "Veeam Backup & Replication",
			Type: "Backup Job", Name: fmt.Sprintf("Paged %03d", i), MatchKey: fmt.Sprintf("paged/%d", i)}, audit.Actor{Name: "seed"}); err != nil {
			t.Fatal(err)
		}
	}
	c := h.login("rep")
	first := bodyOf(c.get("/jobs?q=paged"))
	if n := strings.Count(first, `data-testid="job-Paged`); n != views.JobsPerPage || !strings.Contains(first, "210 job(s)") ||
		!strings.Contains(first, `href="/jobs?page=1&amp;q=paged"`) || strings.Contains(first, `data-testid="jobs-prev"`) {
		t.Fatalf("the first page lists %d jobs and links %q", n, between(first, `data-testid="jobs-pager"`, "</nav>"))
	}
	second := bodyOf(c.get("/jobs?q=paged&page=1"))
	if n := strings.Count(second, `data-testid="job-Paged`); n != 10 || !strings.Contains(second, "Paged 209") || strings.Contains(second, `data-testid="jobs-next"`) {
		t.Fatalf("the second page lists %d jobs", n)
	}
	if past := bodyOf(c.get("/jobs?q=paged&page=99")); !strings.Contains(past, "Paged 209") {
		t.Fatal("a page past the end does not show the last page")
	}
}
