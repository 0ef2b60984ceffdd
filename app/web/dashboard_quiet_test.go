package web_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

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

// With more silent jobs than the card lists, it names the five longest
// and links to all of them; the condition names three and counts the rest.
func TestDashboardQuietCardNamesTheLongest(t *testing.T) {
	h := newHarness(t)
	for i := range 6 {
		h.quietJob(fmt.Sprintf("Server %d", i+1), time.Duration(4+i)*24*time.Hour)
	}
	if _, err := h.app.Watch.Refresh(); err != nil {
		t.Fatal(err)
	}
	dash := bodyOf(h.login("op").get("/"))
	names := regexp.MustCompile(`data-testid="silent-job">Acme · <a href="/jobs/\d+">([^<]+)</a>`).FindAllStringSubmatch(dash, -1)
	var got []string
	for _, m := range names {
		got = append(got, m[1])
	}
	if strings.Join(got, ", ") != "Nightly, Server 6, Server 5, Server 4, Server 3" {
		t.Errorf("the card lists %q, want the five longest silent", got)
	}
	if !strings.Contains(dash, `data-testid="silent-count">7<`) || !strings.Contains(dash, `All 7 silent jobs`) {
		t.Error("the card does not count all seven or link to them")
	}
	if !strings.Contains(dash, "7 jobs are silent past their bound: Acme / Nightly (") || !strings.Contains(dash, "Acme / Server 5 (8 days) and 4 more.") {
		t.Errorf("the condition does not name three and count the rest:\n%s", dash)
	}
}
