package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// Reports read the period from the form, say what is wrong with one that
// cannot be read, and export each table as CSV with the form's scope.
func TestReportsPageAndExports(t *testing.T) {
	h := newHarness(t)
	rep := h.login("rep")
	march := "period=month&month=2026-03"

	page := bodyOf(rep.get("/reports?" + march))
	for _, want := range []string{"March 2026", "33.3 %", "Nightly", `data-testid="report-trend"`, "1 failed"} {
		if !strings.Contains(page, want) {
			t.Errorf("the March report lacks %q", want)
		}
	}
	if strings.Contains(page, `data-testid="report-calendar"`) {
		t.Error("the report over every customer shows calendars")
	}

	res := rep.get("/reports?period=custom&from=2026-03-09&to=2026-03-01")
	if body := bodyOf(res); res.StatusCode != 422 || !strings.Contains(body, "The period ends before it starts. The last 30 days are shown instead.") {
		t.Errorf("a reversed period: %d\n%s", res.StatusCode, body)
	}

	customer := fmt.Sprintf("%s&customer=%d", march, h.ids["customer"])
	page = bodyOf(rep.get("/reports?" + customer))
	for _, want := range []string{`data-testid="report-calendar"`, `data-day="2026-03-03"`, "run failed", "CSV: failures"} {
		if !strings.Contains(page, want) {
			t.Errorf("Acme's report lacks %q", want)
		}
	}

	res = rep.get("/reports/export.csv?table=jobs&" + customer)
	body := bodyOf(res)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/csv; charset=utf-8" ||
		res.Header.Get("Content-Disposition") != `attachment; filename="backupchecks-jobs-2026-03-01-2026-03-31.csv"` {
		t.Errorf("CSV answer: %d %v", res.StatusCode, res.Header)
	}
	if !strings.HasPrefix(body, "\ufeffperiod_from,") || !strings.Contains(body, "2026-03-01,2026-03-31,Acme,Nightly,") {
		t.Errorf("jobs CSV:\n%s", body)
	}
	if res := rep.get("/reports/export.csv?table=users&" + march); res.StatusCode != 400 {
		t.Errorf("an unknown table: %d", res.StatusCode)
	}
	if res := rep.get("/reports/export.csv?table=jobs&period=month&month=March"); res.StatusCode != 422 {
		t.Errorf("a CSV of a bad period: %d", res.StatusCode)
	}

	admin := h.login("admin")
	form := url.Values{"msp_name": {"Example IT Services"}, "time_zone": {"UTC"}, "day_start": {"00:00"}}
	if res := admin.post("/settings", form); res.StatusCode != 303 {
		t.Fatalf("saving the MSP name: %d %s", res.StatusCode, bodyOf(res))
	}
	page = bodyOf(rep.get("/reports/print?" + customer))
	for _, want := range []string{"Example IT Services", "Backup report: Acme", "Print this page"} {
		if !strings.Contains(page, want) {
			t.Errorf("the printable report lacks %q", want)
		}
	}
	if strings.Contains(page, `data-testid="nav"`) {
		t.Error("the printable report has the navigation")
	}
}
