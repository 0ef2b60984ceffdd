package web_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/app/runs"
)

// The dashboard shows the silent jobs and those without a recent success
// with how long and why, each linking to its job, and says so plainly
// when there are none; the conditions about them sit apart from the
// appliance's, and /healthz stays ok for them.
func TestDashboardQuietCards(t *testing.T) {
	h := newHarness(t)
	if _, err := h.app.Missed.Pass(); err != nil {
		t.Fatal(err)
	}
	if _, err := h.app.Watch.Refresh(); err != nil {
		t.Fatal(err)
	}
	dash := bodyOf(h.login("rep").get("/"))
	// Nightly last reported on 3 March 2026.
	silent := regexp.MustCompile(`(?s)data-testid="silent-job">Acme · <a href="/jobs/(\d+)">Nightly</a> <strong data-testid="quiet-for">silent for (\d+) days</strong><br><span class="hint" data-testid="quiet-reason">No run since ([^<]+)</span>`).FindStringSubmatch(dash)
	if silent == nil || silent[1] != fmt.Sprint(h.ids["job"]) || !strings.Contains(silent[3], "3 Mar") {
		t.Fatalf("the silent card does not list Nightly with its missed run's sentence:\n%s", dash)
	}
	// Its only success was on 1 March; the default bound is 3 days.
	if !regexp.MustCompile(`data-testid="nosuccess-job">Acme · <a href="/jobs/\d+">Nightly</a> <strong data-testid="quiet-for">no success for \d+ days</strong><br><span class="hint" data-testid="quiet-reason">Its last success was on Sun 1 Mar 2026, \d+ days ago; 2 × its bound of 3 days is 6 days.</span>`).MatchString(dash) {
		t.Error("the no-success card does not list Nightly with its last success")
	}
	for _, want := range []string{`data-testid="silent-count">1<`, `href="/jobs?silent=1"`, `data-testid="nosuccess-count">1<`,
		`data-testid="backup-conditions"`, `data-testid="condition-silent"`, `data-testid="condition-nosuccess"`} {
		if !strings.Contains(dash, want) {
			t.Errorf("the dashboard lacks %s", want)
		}
	}
	if strings.Contains(dash, `data-testid="conditions"`) {
		t.Error("silent jobs are shown as the appliance needing attention")
	}
	var health map[string]any
	if err := json.Unmarshal([]byte(bodyOf(h.anon().get("/healthz"))), &health); err != nil || health["status"] != "ok" {
		t.Errorf("/healthz with a silent job: %v %v", health, err)
	}

	h.recordRun(runs.Success, "back") // Nightly reports again, now
	if _, err := h.app.Watch.Refresh(); err != nil {
		t.Fatal(err)
	}
	dash = bodyOf(h.login("rep").get("/"))
	for _, want := range []string{`data-testid="silent-empty">No job is silent.<`, `data-testid="nosuccess-empty">Every job has succeeded within 2 × its bound.<`} {
		if !strings.Contains(dash, want) {
			t.Errorf("the dashboard lacks %s", want)
		}
	}
	if strings.Contains(dash, `data-testid="backup-conditions"`) {
		t.Error("the conditions did not clear when the job reported")
	}
}
