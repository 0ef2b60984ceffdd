package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestTicketOnAJobShowsOnItsRunsUntilResolved(t *testing.T) {
	h := newHarness(t)
	c := h.login("op")
	c.get("/review")
	add := url.Values{"scope": {"job"}, "job": {fmt.Sprint(h.ids["job"])}, "kind": {"ticket"}, "text": {"T20261126.0042"}, "return": {"/review"}}
	if r := c.post("/remarks", add); r.StatusCode != 303 || r.Header.Get("Location") != "/review" {
		t.Fatalf("add ticket: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	// From now on: the job's old runs in the queue do not carry it, a new one does.
	body := bodyOf(c.get("/review"))
	if !strings.Contains(body, "Added ticket T20261126.0042 to the job") {
		t.Fatal("no confirmation")
	}
	if strings.Contains(between(body, fmt.Sprintf(`data-testid="run-%d"`, h.ids["run-failed"]), "</tr>"), "ticket T20261126.0042") {
		t.Fatal("a job ticket shows on runs from before it was opened")
	}
	r := h.recordRun("failed", "still failing")
	body = bodyOf(c.get("/review"))
	if !strings.Contains(between(body, fmt.Sprintf(`data-testid="run-%d"`, r.ID), "</tr>"), "ticket T20261126.0042") {
		t.Fatal("the new run of the job does not show the ticket")
	}
	today := time.Now().UTC().Format(time.DateOnly)
	if !strings.Contains(bodyOf(c.get("/daily?day="+today)), "ticket T20261126.0042") {
		t.Fatal("Daily Jobs does not show the ticket")
	}
	c.get(fmt.Sprintf("/jobs/%d", h.ids["job"]))
	if r := c.post("/remarks/1/resolve", url.Values{"return": {"/remarks"}}); r.StatusCode != 303 {
		t.Fatalf("resolve: %d", r.StatusCode)
	}
	later := h.recordRun("failed", "failing later")
	body = bodyOf(c.get("/review"))
	if strings.Contains(between(body, fmt.Sprintf(`data-testid="run-%d"`, later.ID), "</tr>"), "ticket T20261126.0042") {
		t.Fatalf("a resolved ticket shows on a later run: %s", between(body, fmt.Sprintf(`data-testid="run-%d"`, later.ID), "</tr>"))
	}
	if !strings.Contains(between(body, fmt.Sprintf(`data-testid="run-%d"`, r.ID), "</tr>"), "ticket T20261126.0042") {
		t.Fatal("a run during the ticket lost it after resolving")
	}
	list := bodyOf(c.get("/remarks"))
	if !strings.Contains(list, "job Nightly") || !strings.Contains(list, "resolved") {
		t.Fatal("remarks page does not list the resolved ticket")
	}
	if r := c.post("/remarks", url.Values{"scope": {"job"}, "job": {fmt.Sprint(h.ids["job"])}, "kind": {"remark"}, "text": {"  "}, "return": {"/review"}}); r.StatusCode != 303 {
		t.Fatalf("empty remark: %d", r.StatusCode)
	}
	if !strings.Contains(bodyOf(c.get("/review")), "Enter the remark.") {
		t.Fatal("an empty remark was not refused with a reason")
	}
}

func TestRemarkOnOneRunFromTheDetailsPanel(t *testing.T) {
	h := newHarness(t)
	c := h.login("op")
	id := h.ids["run-failed"]
	_, panel := c.hx("GET", fmt.Sprintf("/runs/%d", id), nil)
	if !strings.Contains(panel, `data-testid="remark-form"`) || !strings.Contains(panel, `value="/review"`) {
		t.Fatal("the panel offers no remark form returning to Run Checks")
	}
	c.post("/remarks", url.Values{"scope": {"run"}, "run": {fmt.Sprint(id)}, "kind": {"remark"}, "text": {"vendor case 123 open"}, "return": {"/review"}})
	body := bodyOf(c.get("/review"))
	if !strings.Contains(between(body, fmt.Sprintf(`data-testid="run-%d"`, id), "</tr>"), "remark") ||
		strings.Contains(between(body, fmt.Sprintf(`data-testid="run-%d"`, h.ids["run-warning"]), "</tr>"), `data-testid="remark-badge"`) {
		t.Fatal("a run's remark must show on that run only")
	}
	if rep := h.login("rep"); strings.Contains(bodyOf(rep.get(fmt.Sprintf("/runs/%d", id))), `data-testid="remark-form"`) {
		t.Fatal("a reporter is offered the remark form")
	}
}
