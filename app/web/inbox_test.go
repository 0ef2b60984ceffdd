package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/app/mailimport"
)

func TestApproveAMailFromTheInbox(t *testing.T) {
	h := newHarness(t)
	c := h.login("op")
	id := h.ids["mail"]
	list := bodyOf(c.get("/inbox"))
	if !strings.Contains(list, "Praxis Server") || !strings.Contains(list, fmt.Sprintf("/inbox/%d/eml", id)) {
		t.Fatal("the waiting report is not listed with its EML")
	}
	page := bodyOf(c.get(fmt.Sprintf("/inbox/%d", id)))
	if !strings.Contains(page, `sandbox=""`) || !strings.Contains(page, fmt.Sprintf(`src="/inbox/%d/body"`, id)) {
		t.Fatal("the body is not in a sandboxed frame")
	}
	body := c.get(fmt.Sprintf("/inbox/%d/body", id))
	if csp := body.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "sandbox") {
		t.Fatalf("the body's CSP: %q", csp)
	}
	if r := c.post(fmt.Sprintf("/inbox/%d/approve", id), url.Values{"job_name": {"Praxis Server"}}); r.StatusCode != 303 {
		t.Fatalf("approve without a customer: %d", r.StatusCode)
	}
	if !strings.Contains(bodyOf(c.get(fmt.Sprintf("/inbox/%d", id))), "Choose the customer") {
		t.Fatal("approving without a customer was not refused with a reason")
	}
	r := c.post(fmt.Sprintf("/inbox/%d/approve", id), url.Values{"new_customer": {"Praxis Dr. Lind"}, "job_name": {"Praxis Server"}})
	if r.StatusCode != 303 || r.Header.Get("Location") != "/inbox" {
		t.Fatalf("approve: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	if !strings.Contains(bodyOf(c.get("/inbox")), "Job Praxis Server created: 1 mail(s) became runs") {
		t.Fatal("no confirmation of the approval")
	}
	cu, err := h.app.Customers.List("praxis")
	if err != nil || len(cu) != 1 {
		t.Fatalf("new customer: %+v %v", cu, err)
	}
	if !strings.Contains(bodyOf(c.get("/review")), "Processing Labor Error: disk full") {
		t.Fatal("the approved report's failed run is not in Run Checks")
	}
	m, _ := h.app.Mail.Get(id)
	if m.State != "imported" || m.RunID == 0 {
		t.Fatalf("mail after approval: %+v", m)
	}
	if r := c.get(fmt.Sprintf("/runs/%d/mail", m.RunID)); r.StatusCode != 303 || r.Header.Get("Location") != fmt.Sprintf("/inbox/%d", id) {
		t.Fatalf("the run does not lead back to its mail: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	if !strings.Contains(bodyOf(c.get(fmt.Sprintf("/runs/%d", m.RunID))), `data-testid="run-mail"`) {
		t.Fatal("the run's details offer no link to its mail")
	}
	if !strings.Contains(bodyOf(c.get(fmt.Sprintf("/jobs/%d", m.JobID))), fmt.Sprintf(`href="/runs/%d/mail"`, m.RunID)) {
		t.Fatal("Job Details offers no link to the run's mail")
	}
}

func TestIgnoreAMail(t *testing.T) {
	h := newHarness(t)
	c := h.login("op")
	id := h.ids["mail"]
	c.get("/inbox")
	row := fmt.Sprintf(`data-testid="mail-%d"`, id)
	c.post(fmt.Sprintf("/inbox/%d/ignore", id), nil)
	if body := bodyOf(c.get("/inbox")); strings.Contains(body, row) || !strings.Contains(body, "is ignored") {
		t.Fatal("an ignored mail is still waiting")
	}
	if !strings.Contains(bodyOf(c.get("/inbox?show=ignored")), row) {
		t.Fatal("the ignored mail is not under Ignored")
	}
	c.post(fmt.Sprintf("/inbox/%d/unignore", id), nil)
	if !strings.Contains(bodyOf(c.get("/inbox")), row) {
		t.Fatal("unignore did not bring the mail back")
	}
	eml := c.get(fmt.Sprintf("/inbox/%d/eml", id))
	if eml.Header.Get("Content-Type") != "message/rfc822" || !strings.Contains(eml.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("EML download headers: %v", eml.Header)
	}
}

func TestReparseAndDeleteAMail(t *testing.T) {
	h := newHarness(t)
	id := h.ids["mail"]
	op := h.login("op")
	op.get(fmt.Sprintf("/inbox/%d", id))
	op.post(fmt.Sprintf("/inbox/%d/reparse", id), nil)
	if !strings.Contains(bodyOf(op.get(fmt.Sprintf("/inbox/%d", id))), "recognised by veeam-vbr; approve it") {
		t.Fatal("parsing again did not say what it found")
	}
	if strings.Contains(bodyOf(op.get(fmt.Sprintf("/inbox/%d", id))), `data-testid="mail-delete"`) {
		t.Fatal("an operator is offered Delete mail")
	}
	admin := h.login("admin")
	admin.get(fmt.Sprintf("/inbox/%d", id))
	if r := admin.post(fmt.Sprintf("/inbox/%d/delete", id), nil); r.StatusCode != 303 {
		t.Fatalf("delete: %d", r.StatusCode)
	}
	if r := admin.get(fmt.Sprintf("/inbox/%d", id)); r.StatusCode != 404 {
		t.Fatalf("the deleted mail's page: %d", r.StatusCode)
	}
}

func TestSearchTheInbox(t *testing.T) {
	h := newHarness(t)
	for i := range 60 {
		raw := fmt.Sprintf("From: script@host%d.example\r\nTo: r@msp.example\r\nSubject: nightly copy %d\r\nDate: Thu, 26 Nov 2026 01:00:00 +0000\r\nMessage-ID: <copy-%d@x>\r\n\r\ndone\r\n", i, i, i)
		if _, err := h.app.Mail.Import([]byte(raw), mailimport.Source{}); err != nil {
			t.Fatal(err)
		}
	}
	c := h.login("rep")
	all := bodyOf(c.get("/inbox"))
	if !strings.Contains(all, `data-testid="inbox-older"`) {
		t.Fatal("61 waiting mails fit on one page")
	}
	found := bodyOf(c.get("/inbox?q=PRAXIS+server"))
	if !strings.Contains(found, "Praxis Server") || strings.Contains(found, "nightly copy") {
		t.Fatal("searching for the job name did not find just its mail")
	}
	found = bodyOf(c.get("/inbox?q=host42.example"))
	if strings.Count(found, `data-testid="mail-`) != 1 || !strings.Contains(found, "nightly copy 42") {
		t.Fatal("searching for a sender did not find just its mail")
	}
	none := bodyOf(c.get("/inbox?q=no+such+thing"))
	if !strings.Contains(none, "No mail here matches") {
		t.Fatal("a search without a match does not say so")
	}
	// Paging through a search keeps it.
	page1 := bodyOf(c.get("/inbox?q=nightly"))
	if strings.Count(page1, `data-testid="mail-`) != 50 || !strings.Contains(page1, "q=nightly") {
		t.Fatal("the first page of a search does not link to its next page")
	}
}
