package web_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/appliance"
	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/mailimport"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/storage"
)

func init() { accounts.UseFastHashesForTests() }

const testPassword = "correct horse battery"

// harness is the whole appliance on an in-memory store, driven through
// fiber's in-process Test.
type harness struct {
	t   *testing.T
	app *appliance.Appliance
	ids map[string]uint64
	n   int // runs added by recordRun
}

// newHarness sets up admin "admin", operator "op" and reporter "rep".
func newHarness(t *testing.T) *harness {
	t.Helper()
	st, err := storage.Open(storage.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	a, err := appliance.New(st, appliance.Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	h := &harness{t: t, app: a, ids: map[string]uint64{}}
	admin, err := a.Accounts.Setup(accounts.NewUser{Username: "admin", Password: testPassword, Confirm: testPassword}, audit.Actor{})
	if err != nil {
		t.Fatal(err)
	}
	h.ids["admin"] = admin.ID
	for name, role := range map[string]accounts.Role{"op": accounts.Operator, "rep": accounts.Reporter} {
		h.addUser(name, role)
	}
	h.seedJob()
	h.seedMail()
	return h
}

// seedMail puts one report of an unknown job in the Inbox (h.ids["mail"]).
func (h *harness) seedMail() {
	h.t.Helper()
	raw, err := readTestMail("failed-de-vapp-retry.eml")
	if err != nil {
		h.t.Fatal(err)
	}
	res, err := h.app.Mail.Import(raw, mailimport.Source{Folder: "INBOX", UID: 1})
	if err != nil {
		h.t.Fatal(err)
	}
	h.ids["mail"] = res.Mail.ID
}

func (h *harness) addUser(name string, role accounts.Role) uint64 {
	h.t.Helper()
	u, err := h.app.Accounts.Create(accounts.NewUser{Username: name, Role: role, Password: testPassword, Confirm: testPassword}, audit.Actor{})
	if err != nil {
		h.t.Fatal(err)
	}
	h.ids[name] = u.ID
	return u.ID
}

// client is one browser: its cookies and the CSRF token of its last page.
type client struct {
	h       *harness
	cookies map[string]string
	csrf    string
	ip      string
}

func (h *harness) anon() *client {
	c := &client{h: h, cookies: map[string]string{}, ip: "198.51.100.7"}
	c.get("/login")
	return c
}

// login signs in through the form and returns the signed-in browser.
func (h *harness) login(name string) *client {
	h.t.Helper()
	c := h.anon()
	resp := c.post("/login", url.Values{"username": {name}, "password": {testPassword}})
	if resp.StatusCode != http.StatusSeeOther {
		h.t.Fatalf("login %s: status %d", name, resp.StatusCode)
	}
	return c
}

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

func (c *client) do(req *http.Request) *http.Response {
	c.h.t.Helper()
	for k, v := range c.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	req.Header.Set("X-Forwarded-For", c.ip)
	resp, err := c.h.app.Web.Test(req, -1)
	if err != nil {
		c.h.t.Fatal(err)
	}
	for _, ck := range resp.Cookies() {
		if ck.MaxAge < 0 || ck.Value == "" {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck.Value
		}
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body = io.NopCloser(strings.NewReader(string(body)))
	if m := csrfField.FindStringSubmatch(string(body)); m != nil {
		c.csrf = m[1]
	}
	return resp
}

func (c *client) get(path string) *http.Response {
	return c.do(httptest.NewRequest(http.MethodGet, path, nil))
}

// post sends a form with the CSRF token, as the UI's forms do.
func (c *client) post(path string, form url.Values) *http.Response {
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["_csrf"]; !ok {
		form.Set("_csrf", c.csrf)
	}
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

func bodyOf(r *http.Response) string {
	b, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(strings.NewReader(string(b)))
	return string(b)
}

// seedJob gives every harness customer "Acme" with job "Nightly" and three runs.
func (h *harness) seedJob() {
	h.t.Helper()
	by := audit.Actor{Name: "seed"}
	cu, err := h.app.Customers.Create("Acme", by)
	if err != nil {
		h.t.Fatal(err)
	}
	j, err := h.app.Jobs.Create(jobs.NewJob{CustomerID: cu.ID, Source: jobs.Email, Software: "Veeam Backup & Replication",
		Type: "Backup Job", Name: "Nightly", MatchKey: jobs.EmailKey("veeam@acme.test", "Veeam Backup & Replication", "Backup Job", "Nightly")}, by)
	if err != nil {
		h.t.Fatal(err)
	}
	h.ids["customer"], h.ids["job"] = cu.ID, j.ID
	base := time.Date(2026, 3, 1, 22, 0, 0, 0, time.UTC)
	for i, st := range []runs.Status{runs.Success, runs.Warning, runs.Failed} {
		r, _, err := h.app.Runs.Record(runs.NewRun{JobID: j.ID, Source: runs.FromEmail, ExternalID: fmt.Sprintf("<%d@acme.test>", i),
			Time: base.AddDate(0, 0, i), Status: st, Message: "run " + string(st),
			Objects: []runs.Object{{Name: "DC01", Kind: "VM", Status: st}}})
		if err != nil {
			h.t.Fatal(err)
		}
		h.ids["run-"+string(st)] = r.ID
	}
}

// recordRun adds a run of status st with message msg to the seeded job, now.
func (h *harness) recordRun(st runs.Status, msg string) runs.Run {
	h.t.Helper()
	h.n++
	r, _, err := h.app.Runs.Record(runs.NewRun{JobID: h.ids["job"], Source: runs.FromEmail, ExternalID: fmt.Sprintf("<extra-%d@acme.test>", h.n),
		Time: time.Now(), Status: st, Message: msg})
	if err != nil {
		h.t.Fatal(err)
	}
	return r
}

// readTestMail reads one of the Veeam parser's golden mails.
func readTestMail(name string) ([]byte, error) {
	return os.ReadFile("../reports/veeam/testdata/vbr/" + name)
}
