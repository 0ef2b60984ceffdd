package web_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/app/runs"
)

// The reports' per-job table says how long ago each job last succeeded,
// at the moment the report is made, with the time on hover; the CSV has
// it as a time and a number of days.
func TestReportsShowTimeSinceLastSuccess(t *testing.T) {
	h := newHarness(t)
	rep := h.login("rep")
	march := "period=month&month=2026-03"
	page := bodyOf(rep.get("/reports?" + march))
	// The harness's Nightly succeeded on 1 March 2026 only.
	if !regexp.MustCompile(`<th title="when the report was made">Last success</th>`).MatchString(page) ||
		!regexp.MustCompile(`data-testid="report-last-success" title="2026-03-01 22:00">\d+ days ago<`).MatchString(page) {
		t.Errorf("the jobs table lacks Nightly's last success:\n%s", page)
	}
	csv := bodyOf(rep.get("/reports/export.csv?table=jobs&" + march))
	if !strings.Contains(csv, ",last_success,days_since_success\n") || !regexp.MustCompile(`,2026-03-01T22:00:00Z,\d+\.\d\n`).MatchString(csv) {
		t.Errorf("the jobs CSV lacks the last success:\n%s", csv)
	}

	h.recordRun(runs.Failed, "disk full") // a failure now is no success
	page = bodyOf(rep.get("/reports?period=last30"))
	if !regexp.MustCompile(`data-testid="report-last-success" title="2026-03-01 22:00">\d+ days ago<`).MatchString(page) {
		t.Errorf("a failure moved the last success:\n%s", page)
	}
	h.recordRun(runs.Success, "fine")
	page = bodyOf(rep.get("/reports?period=last30"))
	if !strings.Contains(page, ">within the hour<") {
		t.Errorf("a success now is not the last success:\n%s", page)
	}
}
