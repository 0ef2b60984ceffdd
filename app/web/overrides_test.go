package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

func TestOverrideFromARunInRunChecks(t *testing.T) {
	h := newHarness(t)
	c := h.login("op")
	warn := h.ids["run-warning"]
	if !strings.Contains(bodyOf(c.get("/review")), fmt.Sprintf("/overrides/new?run=%d&amp;return=/review", warn)) {
		t.Fatal("the warning row offers no override")
	}
	form := bodyOf(c.get(fmt.Sprintf("/overrides/new?run=%d&return=/review", warn)))
	if !strings.Contains(form, `value="DC01"`) || !strings.Contains(form, `value="warning" checked`) {
		t.Fatal("the form is not filled from the run (its status and failing object)")
	}
	bad := url.Values{"scope": {"job"}, "job": {fmt.Sprint(h.ids["job"])}, "status": {"warning"}, "object_mode": {"regex"}, "object_pattern": {"("}, "reason": {"x"}, "return": {"/review"}}
	if r := c.post("/overrides", bad); r.StatusCode != 422 || !strings.Contains(bodyOf(r), "not a valid regular expression") {
		t.Fatalf("a broken regex: %d", r.StatusCode)
	}
	good := url.Values{"scope": {"job"}, "job": {fmt.Sprint(h.ids["job"])}, "status": {"warning"}, "object_mode": {"exact"}, "object_pattern": {"dc01"},
		"message_mode": {"contains"}, "reason": {"DC01 warns about CBT, accepted"}, "return": {"/review"}}
	r := c.post("/overrides", good)
	if r.StatusCode != 303 || r.Header.Get("Location") != "/review" {
		t.Fatalf("create: %d to %q", r.StatusCode, r.Header.Get("Location"))
	}
	body := bodyOf(c.get("/review"))
	if !strings.Contains(body, "1 waiting run(s) now count as successful") || strings.Contains(body, "run warning") {
		t.Fatal("the overridden run is still waiting, or no flash said so")
	}
	run, _ := h.app.Runs.Get(warn)
	if run.Status != "success" || run.Override == nil || run.Override.Original != "warning" {
		t.Fatalf("run after the override: %+v", run)
	}
	if job := bodyOf(c.get(fmt.Sprintf("/jobs/%d", h.ids["job"]))); !strings.Contains(job, `data-testid="overridden"`) || !strings.Contains(job, "Reported as warning; overridden: DC01 warns about CBT") {
		t.Fatal("Job Details shows no overridden badge")
	}
	if job := bodyOf(c.get(fmt.Sprintf("/jobs/%d", h.ids["job"]))); !strings.Contains(between(job, `data-testid="job-overrides"`, "</article>"), "DC01 warns about CBT, accepted") {
		t.Fatal("Job Details does not list the override that applies")
	}
	if form := bodyOf(c.get(fmt.Sprintf("/overrides/new?job=%d", h.ids["job"]))); !strings.Contains(form, "this job: Nightly") {
		t.Fatal("a new override from Job Details is not scoped to the job")
	}
	list := bodyOf(c.get("/overrides"))
	if !strings.Contains(list, "job Nightly") || !strings.Contains(list, "object name is exactly “dc01”") {
		t.Fatalf("list: %s", between(list, `data-testid="overrides"`, "</table>"))
	}
	if r := c.post("/overrides/1/expire", nil); r.StatusCode != 303 {
		t.Fatalf("expire: %d", r.StatusCode)
	}
	if !strings.Contains(bodyOf(c.get("/overrides")), "expired") {
		t.Fatal("the expired override is not marked")
	}
	if r := c.post("/overrides", url.Values{"status": {"warning"}, "scope": {"kind"}, "software": {"x"}, "type": {"y"}, "reason": {"r"}, "return": {"https://evil.example/"}}); r.Header.Get("Location") != "/overrides" {
		t.Fatalf("an outside return address was followed: %q", r.Header.Get("Location"))
	}
}
