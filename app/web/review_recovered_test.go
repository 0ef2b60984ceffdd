package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/runs"
)

// recoveredJob adds to the harness job, after its warning and failure, a
// success at a fixed time and then a failure that is still failing.
func (h *harness) recoveredJob() (success, stillFailing runs.Run) {
	h.t.Helper()
	at := time.Date(2026, 3, 5, 23, 30, 0, 0, time.UTC) // 00:30 the next day in Amsterdam
	for i, st := range []runs.Status{runs.Success, runs.Failed} {
		r, _, err := h.app.Runs.Record(runs.NewRun{JobID: h.ids["job"], Source: runs.FromEmail, ExternalID: "<later-" + string(st) + "@acme.test>",
			Time: at.Add(time.Duration(i) * 24 * time.Hour), Status: st, Message: map[runs.Status]string{runs.Success: "back to normal", runs.Failed: "still broken"}[st]})
		if err != nil {
			h.t.Fatal(err)
		}
		if st == runs.Success {
			success = r
		} else {
			stillFailing = r
		}
	}
	return success, stillFailing
}

func TestRunChecksAndJobDetailsShowRecoveredRuns(t *testing.T) {
	h := newHarness(t)
	h.recoveredJob()
	admin := h.login("admin")
	admin.get("/settings")
	if r := admin.post("/settings", url.Values{"time_zone": {"Europe/Amsterdam"}, "day_start": {"00:00"}}); r.StatusCode != 303 {
		t.Fatalf("save settings: %d", r.StatusCode)
	}
	c := h.login("rep")
	body := bodyOf(c.get("/review"))
	for _, run := range []string{"run-failed", "run-warning"} {
		row := between(body, `data-testid="run-`+itoa(h.ids[run])+`"`, "</tr>")
		if !strings.Contains(row, "recovered 2026-03-06 00:30") {
			t.Fatalf("the %s row does not say when the job recovered (in the UI zone): %s", run, row)
		}
	}
	if !strings.Contains(body, `data-testid="count-recovered">recovered 2<`) || strings.Contains(body, `data-testid="review-recovered"`) {
		t.Fatal("a reporter sees the recovered count but no review button")
	}
	if strings.Count(body, `data-testid="recovered"`) != 2 {
		t.Fatal("only the two runs before the success are recovered; the failure after it is still failing")
	}

	recovered := bodyOf(c.get("/review?recovery=recovered"))
	if !strings.Contains(recovered, "run failed") || !strings.Contains(recovered, "run warning") || strings.Contains(recovered, "still broken") {
		t.Fatal("the recovered filter should list the failure and warning before the success, not the failure after it")
	}
	failing := bodyOf(c.get("/review?recovery=failing"))
	if strings.Contains(failing, "run failed") || !strings.Contains(failing, "still broken") || !strings.Contains(failing, `name="f_recovery" value="failing"`) {
		t.Fatal("the still-failing filter should list only the failure after the success, and keep the filter for bulk actions")
	}

	job := bodyOf(c.get("/jobs/" + itoa(h.ids["job"])))
	if row := between(job, `data-testid="run-`+itoa(h.ids["run-failed"])+`"`, "</tr>"); !strings.Contains(row, "recovered 2026-03-06 00:30") {
		t.Fatalf("Job Details does not show the recovery on the failed run: %s", row)
	}
	if strings.Count(job, `data-testid="recovered"`) != 2 {
		t.Fatal("Job Details marks other runs than the two recovered ones")
	}
}

// One table of who may press "Review all recovered", in the style of TestRoutesByRole.
func TestReviewAllRecovered(t *testing.T) {
	cases := []struct {
		name     string
		user     string
		noCSRF   bool
		expect   string
		status   int
		contains string
		reviewed bool
	}{
		{"a reporter is refused", "rep", false, "2", http.StatusForbidden, "", false},
		{"no CSRF token is refused", "op", true, "2", http.StatusForbidden, "", false},
		{"a stale count reviews nothing", "op", false, "1", http.StatusOK, "Nothing was reviewed: the recovered runs changed", false},
		{"the counted runs are reviewed", "op", false, "2", http.StatusOK, "still broken", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			_, still := h.recoveredJob()
			c := h.login(tc.user)
			c.get("/review")
			form := url.Values{"expect": {tc.expect}, "f_status": {""}, "f_customer": {"0"}}
			var resp *http.Response
			var body string
			if tc.noCSRF {
				req := httptest.NewRequest(http.MethodPost, "/review/recovered", strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("HX-Request", "true")
				resp = c.do(req)
				body = bodyOf(resp)
			} else {
				resp, body = c.hx("POST", "/review/recovered", form)
			}
			if resp.StatusCode != tc.status || !strings.Contains(body, tc.contains) {
				t.Fatalf("status %d, want %d; body lacks %q: %.400s", resp.StatusCode, tc.status, tc.contains, body)
			}
			for _, id := range []uint64{h.ids["run-failed"], h.ids["run-warning"]} {
				r, _ := h.app.Runs.Get(id)
				if got := !r.Reviewed.IsZero(); got != tc.reviewed || tc.reviewed && r.ReviewedBy != "op" {
					t.Fatalf("run %d reviewed %v by %q, want reviewed=%v by op", id, got, r.ReviewedBy, tc.reviewed)
				}
			}
			if r, _ := h.app.Runs.Get(still.ID); !r.Reviewed.IsZero() {
				t.Fatal("the still-failing run was reviewed")
			}
			p, _ := h.app.Store.List(audit.Filter{Action: audit.RunReview})
			if tc.reviewed != (len(p.Events) == 1) {
				t.Fatalf("review audit events: %+v", p.Events)
			}
			if tc.reviewed && (strings.Contains(body, "run failed") || strings.Contains(body, `data-testid="review-recovered"`)) {
				t.Fatal("the returned queue still holds a recovered run or the button")
			}
		})
	}
}

func TestTheAutomaticReviewSettingIsOffUntilAnAdminTurnsItOn(t *testing.T) {
	h := newHarness(t)
	h.recoveredJob()
	if n, err := h.app.Recovered.Pass(); n != 0 || err != nil {
		t.Fatalf("a new appliance reviewed %d recovered runs (%v); the setting is off by default", n, err)
	}
	admin := h.login("admin")
	if page := bodyOf(admin.get("/settings")); strings.Contains(between(page, `data-testid="review-when-recovered"`, "</fieldset>"), "checked") {
		t.Fatal("the switch shows on for a new appliance")
	}
	if r := admin.post("/settings", url.Values{"time_zone": {"UTC"}, "day_start": {"00:00"}, "review_when_recovered": {"true"}}); r.StatusCode != 303 {
		t.Fatalf("save settings: %d %s", r.StatusCode, bodyOf(r))
	}
	if n, err := h.app.Recovered.Pass(); n != 2 || err != nil {
		t.Fatalf("with the setting on a pass reviewed %d runs (%v), want the failure and warning before the success", n, err)
	}
	if r, _ := h.app.Runs.Get(h.ids["run-failed"]); !strings.Contains(bodyOf(admin.get("/jobs/"+itoa(h.ids["job"]))), "automatically (job succeeded again)") || r.ReviewedBy != runs.ReviewedByRecovery {
		t.Fatalf("Job Details does not say who reviewed the run: %q", r.ReviewedBy)
	}
	p, _ := h.app.Store.List(audit.Filter{Action: audit.SettingsGeneral})
	if len(p.Events) == 0 || !strings.Contains(p.Events[0].Details, "review runs once their job succeeds again") {
		t.Fatalf("the settings change is not audited: %+v", p.Events)
	}
}
