package web_test

import (
	"encoding/csv"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/app/mailimport"
)

// A Bareos mail whose Job line is a spreadsheet formula names a job at
// approval; every CSV the appliance hands out carries that name as text
// (a leading quote, OWASP's advice), and the jobs CSV imports back unchanged.
func TestCSVCellsCannotBeFormulas(t *testing.T) {
	const evil = `=cmd|' /C calc'!A0`
	h := newHarness(t)
	raw, err := os.ReadFile("../reports/bacula/testdata/bareos/backup-fatal-error-unreachable.eml")
	if err != nil {
		t.Fatal(err)
	}
	mail := strings.Replace(string(raw), "pos-terminals.2026-07-15_03.00.00_05", evil, -1)
	res, err := h.app.Mail.Import([]byte(mail), mailimport.Source{Folder: "INBOX", UID: 99})
	if err != nil {
		t.Fatal(err)
	}
	if res.Mail.Report.Job != evil {
		t.Fatalf("the mail names the job %q", res.Mail.Report.Job)
	}
	op := h.login("op")
	op.get(fmt.Sprintf("/inbox/%d", res.Mail.ID))
	if r := op.post(fmt.Sprintf("/inbox/%d/approve", res.Mail.ID), url.Values{"new_customer": {"@Sunport"}, "job_name": {res.Mail.Report.Job}}); r.StatusCode != 303 {
		t.Fatalf("approve: %d", r.StatusCode)
	}

	cu, err := h.app.Customers.List("sunport")
	if err != nil || len(cu) != 1 {
		t.Fatalf("the new customer: %v %v", cu, err)
	}
	cells := func(body string) map[string]bool {
		t.Helper()
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatalf("%v\n%s", err, body)
		}
		m := map[string]bool{}
		for _, row := range rows {
			for _, c := range row {
				m[c] = true
			}
		}
		return m
	}
	for _, table := range []string{"failures", "jobs"} {
		body := bodyOf(op.get("/reports/export.csv?table=" + table + fmt.Sprintf("&period=custom&from=2026-07-01&to=2026-07-31&customer=%d", cu[0].ID)))
		got := cells(body)
		if got[evil] || got["@Sunport"] {
			t.Errorf("the %s CSV has a formula cell:\n%s", table, body)
		}
		if !got["'"+evil] || !got["'@Sunport"] {
			t.Errorf("the %s CSV lacks the escaped job and customer:\n%s", table, body)
		}
	}

	admin := h.login("admin")
	admin.get("/settings/transfer")
	jobsCSV := bodyOf(admin.get("/settings/transfer/jobs.csv"))
	if got := cells(jobsCSV); got[evil] || !got["'"+evil] || !got["'@Sunport"] {
		t.Fatalf("jobs.csv:\n%s", jobsCSV)
	}
	customersCSV := bodyOf(admin.get("/settings/transfer/customers.csv"))
	if got := cells(customersCSV); got["@Sunport"] || !got["'@Sunport"] {
		t.Fatalf("customers.csv:\n%s", customersCSV)
	}
	admin.get("/settings/transfer")
	if page := uploadPage(admin, "/settings/transfer/import", "jobs.csv", []byte(jobsCSV)); !strings.Contains(page, `data-testid="import-nothing"`) {
		t.Fatalf("the appliance's own jobs.csv, imported back, would change something:\n%s", page)
	}
}
