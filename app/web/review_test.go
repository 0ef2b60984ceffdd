package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/demo"
	"github.com/backupchecks/backupchecks/app/runs"
)

// hx sends a request as htmx does from the page: header token, HX-Request.
func (c *client) hx(method, path string, form url.Values) (*http.Response, string) {
	c.h.t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("HX-Request", "true")
	req.Header.Set("X-CSRF-Token", c.csrf)
	resp := c.do(req)
	return resp, bodyOf(resp)
}

var pollVersion = regexp.MustCompile(`/review/queue\?poll=1&amp;v=(\w+)`)

func TestRunChecksListsUnreviewedRunsWorstFirst(t *testing.T) {
	h := newHarness(t)
	c := h.login("op")
	body := bodyOf(c.get("/review"))
	failed, warning := strings.Index(body, "run failed"), strings.Index(body, "run warning")
	if failed < 0 || warning < 0 || failed > warning {
		t.Fatalf("queue should show the failed run before the warning (at %d and %d)", failed, warning)
	}
	if strings.Contains(body, "run success") {
		t.Fatal("a successful run is in the queue although successes need no review")
	}
	if !strings.Contains(body, `data-testid="count-failed">failed 1`) {
		t.Fatal("counts missing")
	}
	onlyWarnings := bodyOf(c.get("/review?status=warning"))
	if strings.Contains(onlyWarnings, "run failed") || !strings.Contains(onlyWarnings, "run warning") {
		t.Fatal("status filter not applied")
	}
	if rep := bodyOf(h.login("rep").get("/review")); strings.Contains(rep, `data-action="review"`) || !strings.Contains(rep, "run failed") {
		t.Fatal("a reporter sees the queue but no review buttons")
	}
}

func TestReviewOneRunThenUndo(t *testing.T) {
	h := newHarness(t)
	c := h.login("op")
	c.get("/review")
	id := h.ids["run-failed"]
	resp, body := c.hx("POST", fmt.Sprintf("/runs/%d/review", id), url.Values{})
	if resp.StatusCode != 200 || !strings.Contains(body, `data-action="undo"`) || !strings.Contains(body, "reviewed by op") {
		t.Fatalf("review one: %d %s", resp.StatusCode, body)
	}
	if !strings.Contains(body, `hx-swap-oob="true"`) || !strings.Contains(body, `data-testid="count-failed">failed 0`) {
		t.Fatalf("the counts above the queue were not updated: %s", body)
	}
	if r, _ := h.app.Runs.Get(id); r.Reviewed.IsZero() || r.ReviewedBy != "op" {
		t.Fatalf("run not reviewed: %+v", r)
	}
	if strings.Contains(bodyOf(c.get("/review")), "run failed") {
		t.Fatal("the reviewed run is still in the queue")
	}
	_, body = c.hx("POST", fmt.Sprintf("/runs/%d/unreview", id), url.Values{})
	if !strings.Contains(body, `data-action="review"`) {
		t.Fatalf("undo did not restore the row: %s", body)
	}
	if !strings.Contains(bodyOf(c.get("/review")), "run failed") {
		t.Fatal("the run did not return to the queue after undo")
	}
	p, _ := h.app.Store.List(audit.Filter{Action: audit.RunReview})
	if len(p.Events) != 1 || p.Events[0].Actor != "op" {
		t.Fatalf("review audit: %+v", p.Events)
	}
	if resp, _ := c.hx("POST", "/runs/999999/review", url.Values{}); resp.StatusCode != 404 {
		t.Fatalf("reviewing an unknown run: %d", resp.StatusCode)
	}
}

func TestBulkReviewsReturnTheQueue(t *testing.T) {
	h := newHarness(t)
	c := h.login("op")
	c.get("/review")
	resp, body := c.hx("POST", "/runs/review", url.Values{"run": {fmt.Sprint(h.ids["run-warning"])}, "f_status": {"warning"}})
	if resp.StatusCode != 200 || !strings.Contains(body, `id="queue"`) || strings.Contains(body, "run warning") {
		t.Fatalf("review selected: %d %s", resp.StatusCode, body)
	}
	if !strings.Contains(body, "Nothing to review for this filter") {
		t.Fatal("the re-rendered queue lost its filter")
	}
	if resp, _ := c.hx("POST", "/runs/review", url.Values{"run": {"x"}}); resp.StatusCode != 400 {
		t.Fatalf("a malformed selection: %d", resp.StatusCode)
	}
	_, body = c.hx("POST", fmt.Sprintf("/jobs/%d/review-all", h.ids["job"]), url.Values{})
	if !strings.Contains(body, "All caught up") {
		t.Fatalf("after reviewing all of the job the queue should be empty: %s", body)
	}
}

func TestQueuePollAnswersNoContentUntilSomethingChanges(t *testing.T) {
	h := newHarness(t)
	c := h.login("rep")
	m := pollVersion.FindStringSubmatch(bodyOf(c.get("/review")))
	if m == nil {
		t.Fatal("the page does not poll")
	}
	failed, warning := h.ids["run-failed"], h.ids["run-warning"]
	poll := fmt.Sprintf("/review/queue?poll=1&v=%s&seen=%d,%d&open=%d,%d", m[1], failed, warning, failed, warning)
	if resp, _ := c.hx("GET", poll, nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("unchanged queue: %d", resp.StatusCode)
	}
	h.app.Runs.Review([]uint64{warning}, audit.Actor{Name: "someone"})
	resp, body := c.hx("GET", poll, nil)
	if resp.StatusCode != 200 || strings.Contains(body, `id="queue"`) || strings.Contains(body, "run failed") {
		t.Fatalf("the poll re-rendered rows instead of reporting the change: %d %s", resp.StatusCode, body)
	}
	if !strings.Contains(body, "1 reviewed by others") || !strings.Contains(body, `data-testid="queue-refresh"`) {
		t.Fatalf("the poll's bar: %s", body)
	}
	mark := fmt.Sprintf(`<template><tr id="run-%d" hx-swap-oob="true" class="qrow done"`, warning)
	if !strings.Contains(body, mark) || !strings.Contains(body, "reviewed by someone") || strings.Contains(body, `data-action="undo"`) {
		t.Fatalf("the row reviewed by someone else is not marked in place (without an undo): %s", body)
	}
	// Once marked (no longer open), the row is not sent again; the bar still counts it.
	_, body = c.hx("GET", fmt.Sprintf("/review/queue?poll=1&v=%s&seen=%d,%d&open=%d", m[1], failed, warning, failed), nil)
	if strings.Contains(body, "<template>") || !strings.Contains(body, "1 reviewed by others") {
		t.Fatalf("second poll: %s", body)
	}
	// The bar's Refresh re-renders the queue.
	_, body = c.hx("GET", "/review/queue", nil)
	if !strings.Contains(body, `id="queue"`) || strings.Contains(body, "run warning") {
		t.Fatalf("refresh: %s", body)
	}
}

func TestRunDetailsPanelAndPage(t *testing.T) {
	h := newHarness(t)
	c := h.login("rep")
	_, panel := c.hx("GET", fmt.Sprintf("/runs/%d", h.ids["run-failed"]), nil)
	if !strings.Contains(panel, "data-close-panel") || strings.Contains(panel, "<html") || !strings.Contains(panel, "DC01") {
		t.Fatalf("panel fragment: %s", panel)
	}
	page := bodyOf(c.get(fmt.Sprintf("/runs/%d", h.ids["run-failed"])))
	if !strings.Contains(page, "<html") || !strings.Contains(page, "run failed") {
		t.Fatal("the run page without htmx is not a full page")
	}
	if r := c.get("/runs/424242"); r.StatusCode != 404 {
		t.Fatalf("unknown run: %d", r.StatusCode)
	}
}

func TestSuccessesNeedReviewWhenTheSettingSaysSo(t *testing.T) {
	h := newHarness(t)
	admin := h.login("admin")
	admin.get("/settings")
	if r := admin.post("/settings", url.Values{"time_zone": {"UTC"}, "day_start": {"06:00"}, "success_needs_review": {"true"}}); r.StatusCode != 303 {
		t.Fatalf("save settings: %d %s", r.StatusCode, bodyOf(r))
	}
	h.recordRun("success", "later success")
	body := bodyOf(admin.get("/review"))
	if !strings.Contains(body, "later success") || !strings.Contains(body, `data-testid="review-successes"`) {
		t.Fatal("with the setting on, a new success waits in the queue with a bulk action")
	}
	admin.get("/review")
	_, body = admin.hx("POST", "/review/successes", url.Values{})
	if strings.Contains(body, "later success") || !strings.Contains(body, "run failed") {
		t.Fatalf("review all successes: %s", body)
	}
}

func TestDashboardCountsTheQueueAndToday(t *testing.T) {
	h := newHarness(t)
	c := h.login("rep")
	body := bodyOf(c.get("/"))
	if !strings.Contains(body, `data-testid="ops-unreviewed">2<`) || !strings.Contains(body, "1 failed, 0 missed, 1 warning") {
		t.Fatalf("dashboard queue counts: %s", between(body, `data-testid="ops"`, "</section>"))
	}
	h.recordRun(runs.Failed, "today's failure")
	body = bodyOf(c.get("/"))
	if !strings.Contains(body, `data-testid="ops-unreviewed">3<`) || !strings.Contains(body, `data-testid="ops-customers-review">1<`) {
		t.Fatalf("after a failure today: %s", between(body, `data-testid="ops"`, "</section>"))
	}
}

// A customer without an Autotask company is said so once, in its group's
// heading, not on each of its rows; each row shows its status once.
func TestRunChecksSaysUnmappedOncePerCustomer(t *testing.T) {
	h := newHarness(t)
	a := h.app
	fake, _, err := demo.Autotask(demo.AutotaskServices{Settings: a.Settings, Autotask: a.Autotask, Customers: a.Customers, Jobs: a.Jobs, Runs: a.Runs},
		0, 0, "https://backups.msp.example")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fake.Close)
	h.recordRun(runs.Failed, "another failure")
	body := bodyOf(h.login("op").get("/review"))
	if n := strings.Count(body, "is not mapped to an Autotask company"); n != 1 {
		t.Fatalf("the unmapped customer is said %d times, want once (in its heading)", n)
	}
	head := body[strings.Index(body, `class="group-head"`):]
	if !strings.Contains(head[:strings.Index(head, "</div>")], "not mapped to an Autotask company") {
		t.Fatal("the sentence is not in the customer's heading")
	}
	row := body[strings.Index(body, fmt.Sprintf(`id="run-%d"`, h.ids["run-failed"])):]
	row = row[:strings.Index(row, "</tr>")]
	if n := strings.Count(row, ">failed<"); n != 1 {
		t.Fatalf("the failed run's row says failed %d times: %s", n, row)
	}
}
