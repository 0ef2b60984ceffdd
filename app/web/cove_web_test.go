package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/coveimport"
	"github.com/backupchecks/backupchecks/app/secret"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/integrations/cove/covetest"
)

// seedCove puts Cove accounts waiting for approval: "cove" (acme-fs01 of
// Cove customer "Acme"), "cove-other" and one of "Gamma".
func (h *harness) seedCove() {
	h.t.Helper()
	at := time.Now().Add(-time.Hour).UTC().Truncate(time.Second)
	mk := func(id int64, name, customer string) coveimport.Account {
		return coveimport.Account{ID: id, DeviceName: name, ComputerName: strings.ToUpper(name), Customer: customer, Kind: coveimport.Server,
			Total: coveimport.Session{Source: 9, Status: coveimport.Completed, Time: at}, ColourBar: "5555555555555555555555582055",
			Sources: []coveimport.Session{{Source: 1, Status: coveimport.Completed, Time: at}}, State: coveimport.Pending, FirstSeen: at}
	}
	list := []coveimport.Account{mk(77, "acme-fs01", "Acme"), mk(78, "acme-lt02", "Acme"), mk(79, "gamma-dc", "Gamma")}
	if err := h.app.Store.SaveCoveAccounts(list, nil); err != nil {
		h.t.Fatal(err)
	}
	h.ids["cove"], h.ids["cove-other"] = 77, 78
}

func TestApprovingACoveAccountCreatesItsJobWithHistory(t *testing.T) {
	h := newHarness(t)
	h.seedCove()
	c := h.login("op")
	if dash := bodyOf(c.get("/")); !strings.Contains(dash, "waiting for approval: 1 mail, 3 Cove accounts") {
		t.Error("the dashboard does not count what waits for approval")
	}
	page := bodyOf(c.get("/cove"))
	for _, want := range []string{"acme-fs01", "gamma-dc", `data-testid="colour-bar"`, "Approve all 2"} {
		if !strings.Contains(page, want) {
			t.Errorf("the approval page lacks %q", want)
		}
	}
	// "Acme" exists in the harness: it is preselected for Cove customer "Acme".
	if !strings.Contains(page, `selected>Acme</option>`) && !strings.Contains(page, `selected="selected">Acme`) {
		t.Error("the customer with the Cove customer's name is not preselected")
	}
	resp := c.post("/cove/approve-customer", map[string][]string{"cove_customer": {"Acme"}, "customer": {itoa(h.ids["customer"])}})
	if resp.StatusCode != 303 {
		t.Fatalf("approve all: %d", resp.StatusCode)
	}
	a, _ := h.app.Cove.Get(77)
	if a.State != coveimport.Approved || a.JobID == 0 {
		t.Fatalf("after approval: %+v", a)
	}
	j, _ := h.app.Jobs.Get(a.JobID)
	page = bodyOf(c.get("/cove"))
	if strings.Contains(page, "acme-fs01") || !strings.Contains(page, "gamma-dc") {
		t.Fatal("the approved accounts still wait, or the other customer's vanished")
	}
	rs, _ := h.app.Runs.OfJob(j.ID, "", 100)
	if j.CustomerID != h.ids["customer"] || j.Name != "ACME-FS01" || len(rs.Runs) != 27 {
		t.Fatalf("job %+v with %d runs", j, len(rs.Runs))
	}
	detail := bodyOf(c.get("/jobs/" + itoa(j.ID)))
	for _, want := range []string{"Files and Folders", `data-testid="colour-bar"`, "Cove account 77"} {
		if !strings.Contains(detail, want) {
			t.Errorf("Job Details of a Cove job lacks %q", want)
		}
	}
	if strings.Contains(detail, `data-testid="cove-gone"`) {
		t.Error("an account Cove lists is said to be gone")
	}
	a.Gone = time.Now()
	if err := h.app.Store.SaveCoveAccounts([]coveimport.Account{a}, nil); err != nil {
		t.Fatal(err)
	}
	if detail := bodyOf(c.get("/jobs/" + itoa(j.ID))); !strings.Contains(detail, "Cove no longer lists this account") {
		t.Error("Job Details does not say Cove stopped listing the account")
	}
}

func TestAFailingCovePollShowsOnTheDashboardAndSettings(t *testing.T) {
	h := newHarness(t)
	cfg := settings.DefaultCove()
	cfg.Enabled, cfg.Username = true, "api"
	if _, err := h.app.Settings.SaveCove(cfg, secret.New("token"), audit.Actor{}); err != nil {
		t.Fatal(err)
	}
	c := h.login("admin")
	if page := bodyOf(c.get("/")); !strings.Contains(page, "Cove import") || !strings.Contains(page, "first poll runs within a minute") {
		t.Fatal("the dashboard does not say Cove polling is about to start")
	}
	err := h.app.Cove.SaveStatus(coveimport.PollStatus{Started: time.Now().Add(-time.Minute), Error: "cove login: Unknown partner/username or bad password (2100)",
		Explain: "Cove refused the login: check the partner name"})
	if err != nil {
		t.Fatal(err)
	}
	if page := bodyOf(c.get("/")); !strings.Contains(page, "Cove refused the login") {
		t.Fatal("a failing Cove poll is not on the dashboard")
	}
	page := bodyOf(c.get("/settings/cove"))
	for _, want := range []string{"Cove refused the login", "stored; type a new one"} {
		if !strings.Contains(page, want) {
			t.Errorf("Settings → Cove lacks %q", want)
		}
	}
	if strings.Contains(page, "Unknown partner/username") {
		t.Error("Settings → Cove shows Cove's raw error text")
	}
	if strings.Contains(page, `value="token"`) {
		t.Fatal("the stored token was rendered back")
	}
}

func TestCoveTestConnectionSaysWhoAndHowManyOrWhatWentWrong(t *testing.T) {
	h := newHarness(t)
	fake := covetest.New()
	fake.Start()
	t.Cleanup(fake.Close)
	fake.AddPartner(covetest.Partner{ID: 1, Name: "MSP"})
	fake.AddUser(covetest.User{Partner: "MSP (ops@msp.example)", Username: "api", Password: "token", PartnerID: 1, ID: 1})
	for i := int64(1); i <= 3; i++ {
		fake.PutDevice(covetest.Device{ID: i, PartnerID: 1, Values: map[string]string{"I1": fmt.Sprint("dev", i)}})
	}
	c := h.login("admin")
	c.get("/settings/cove")
	form := url.Values{"url": {fake.URL()}, "partner": {"MSP (ops@msp.example)"}, "username": {"api"}, "password": {"token"},
		"interval": {"30"}, "page_size": {"1000"}}
	page := bodyOf(c.post("/settings/cove/test", form))
	if !strings.Contains(page, "MSP (ops@msp.example) (partner 1) and the customers below it have 3 accounts") {
		t.Fatalf("a working connection: %s", page)
	}
	form.Set("password", "wrong")
	page = bodyOf(c.post("/settings/cove/test", form))
	if !strings.Contains(page, "Cove refused the login") || strings.Contains(page, "Unknown partner/username") {
		t.Error("a refused login is not explained, or Cove's raw error text is shown")
	}
	if cfg, _ := h.app.Settings.Cove(); cfg.Enabled || cfg.Username != "" {
		t.Fatal("testing saved the settings")
	}
}

func TestAThousandsOfAccountsApprovalListIsPaged(t *testing.T) {
	h := newHarness(t)
	var list []coveimport.Account
	for cu := range 30 {
		for i := range 60 {
			list = append(list, coveimport.Account{ID: int64(10_000 + cu*100 + i), DeviceName: fmt.Sprintf("c%02d-ws%03d", cu, i),
				Customer: fmt.Sprintf("Customer %02d", cu), Kind: coveimport.Workstation, State: coveimport.Pending})
		}
	}
	if err := h.app.Store.SaveCoveAccounts(list, nil); err != nil {
		t.Fatal(err)
	}
	c := h.login("op")
	first := bodyOf(c.get("/cove"))
	if n := strings.Count(first, `data-testid="cove-group-`); n != 20 {
		t.Fatalf("%d customers on the first page, want 20", n)
	}
	if !strings.Contains(first, "Approve all 60") || !strings.Contains(first, "10 more account(s) of Customer 00") || !strings.Contains(first, "page 1 of 2") {
		t.Fatal("the first page does not say how many accounts each customer has beyond those listed, or how many pages there are")
	}
	if strings.Count(first, `data-testid="cove-account-`) != 20*50 {
		t.Fatal("more than 50 rows of a customer were listed")
	}
	second := bodyOf(c.get("/cove?page=1"))
	if n := strings.Count(second, `data-testid="cove-group-`); n != 10 || !strings.Contains(second, "Customer 29") {
		t.Fatalf("%d customers on the second page", n)
	}
}

// A held Cove list is explained wherever an admin looks; a device whose
// kind is a guess says so on the approval list.
func TestAHeldCoveListAndAGuessedKindAreExplained(t *testing.T) {
	h := newHarness(t)
	cfg := settings.DefaultCove()
	cfg.Enabled, cfg.Username = true, "api"
	if _, err := h.app.Settings.SaveCove(cfg, secret.New("token"), audit.Actor{}); err != nil {
		t.Fatal(err)
	}
	held := coveimport.Held{Seen: 0, Baseline: 12, Since: time.Now().Add(-time.Hour)}
	st := coveimport.PollStatus{Started: time.Now().Add(-time.Minute), LastSuccess: time.Now().Add(-time.Minute),
		Result: coveimport.PollResult{Held: &held}, Memory: coveimport.Memory{Baseline: 12, Held: &held}}
	if err := h.app.Cove.SaveStatus(st); err != nil {
		t.Fatal(err)
	}
	a := coveimport.Account{ID: 5, DeviceName: "odd-box", Customer: "Acme", Kind: coveimport.Server, State: coveimport.Pending,
		KindNote: "Cove's OS type \"Plan 9\" is neither workstation nor server, so this device is taken as a server."}
	if err := h.app.Store.SaveCoveAccounts([]coveimport.Account{a}, nil); err != nil {
		t.Fatal(err)
	}
	c := h.login("admin")
	for _, path := range []string{"/settings/cove", "/cove", "/"} {
		page := bodyOf(c.get(path))
		if !strings.Contains(page, "Cove listed no accounts at all (the last list applied had 12)") {
			t.Errorf("%s does not say why the Cove list is held", path)
		}
	}
	if page := bodyOf(c.get("/cove")); !strings.Contains(page, "is taken as a server") {
		t.Error("the approval list does not say the kind is a guess")
	}
}
