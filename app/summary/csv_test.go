package summary_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/app/summary"
)

// Each table opens in a CSV reader, with Excel's UTF-8 mark first, ISO
// dates and the fixture's hand-counted figures.
func TestCSVExports(t *testing.T) {
	f := newFixture(t)
	r, err := f.svc.Build(f.period, summary.Scope{}, summary.ByWorst)
	if err != nil {
		t.Fatal(err)
	}
	read := func(table string) [][]string {
		t.Helper()
		var b bytes.Buffer
		if err := summary.WriteCSV(&b, r, table); err != nil {
			t.Fatal(err)
		}
		text, ok := strings.CutPrefix(b.String(), "\ufeff")
		if !ok {
			t.Fatalf("%s: no UTF-8 byte-order mark", table)
		}
		rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		return rows
	}
	jobs := read("jobs")
	if len(jobs) != 3 || jobs[0][0] != "period_from" || jobs[0][10] != "of_which_overridden" {
		t.Fatalf("jobs table: %q", jobs)
	}
	want := []string{"2026-10-19", "2026-11-01", "Acme", "Nightly"}
	if got := jobs[2][:4]; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("second job row starts %q, want %q", got, want)
	}
	// expected, runs, success, overridden, warning, failed, missed, rate, streak, tickets, remarks,
	// then its last success (22:00 on 1 Nov, CET) and the days from it to the report's making (10 Nov 12:00)
	if got := strings.Join(jobs[2][7:], ","); got != "14,14,9,1,1,3,1,64.3,3,2,1,2026-11-01T22:00:00+01:00,8.6" {
		t.Errorf("Nightly's figures: %s", got)
	}
	if h := jobs[0]; h[len(h)-2] != "last_success" || h[len(h)-1] != "days_since_success" {
		t.Errorf("jobs header: %q", h)
	}
	if got := jobs[1]; got[3] != "Offsite" || got[len(got)-2] != "" || got[len(got)-1] != "" {
		t.Errorf("a job that never succeeded: %q", got)
	}
	cust := read("customers")
	if len(cust) != 3 || cust[1][2] != "Beta" || cust[1][11] != "0.0" {
		t.Errorf("customers table: %q", cust)
	}
	weeks := read("weeks")
	if len(weeks) != 3 || weeks[1][0] != "2026-10-19" || weeks[2][0] != "2026-10-26" {
		t.Errorf("weeks table: %q", weeks)
	}
	if err := summary.WriteCSV(&bytes.Buffer{}, r, "secrets"); err == nil {
		t.Error("an unknown table is refused")
	}

	r, err = f.svc.Build(f.period, summary.Scope{CustomerID: f.beta.ID}, summary.ByWorst)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := summary.WriteCSV(&b, r, "failures"); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\ufeff"))).ReadAll()
	if err != nil || len(rows) != 2 || rows[1][0] != "2026-10-26T05:30:00+01:00" || rows[1][1] != "Beta" || rows[1][3] != "failed" {
		t.Errorf("failures table: %q (%v)", rows, err)
	}
}
