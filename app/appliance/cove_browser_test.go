package appliance_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/secret"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/integrations/cove/covetest"
)

// An operator approves a Cove customer's accounts from the approval page
// and finds their jobs in Daily Jobs, with today's sessions as runs.
func TestBrowserApproveCoveAccountsAndSeeThemInDailyJobs(t *testing.T) {
	a, base := serveAppliance(t)
	ctx := newBrowser(t)

	fake := covetest.New()
	fake.Start()
	t.Cleanup(fake.Close)
	fake.AddPartner(covetest.Partner{ID: 1, Name: "MSP", Level: "Reseller"})
	fake.AddPartner(covetest.Partner{ID: 2, ParentID: 1, Name: "Northwind Traders", Level: "EndCustomer"})
	fake.AddPartner(covetest.Partner{ID: 3, ParentID: 1, Name: "Globex Corp", Level: "EndCustomer"})
	fake.AddUser(covetest.User{Partner: "MSP", Username: "api", Password: "token", PartnerID: 1, ID: 5})
	session := strconv.FormatInt(time.Now().Add(-2*time.Hour).Unix(), 10)
	device := func(id, partner int64, name, i78 string) {
		fake.PutDevice(covetest.Device{ID: id, PartnerID: partner, Values: map[string]string{"I1": name, "I18": strings.ToUpper(name), "I32": "2",
			"I16": "Windows Server 2022 Standard", "I78": i78, "D09F00": "5", "D09F15": session, "D01F00": "5", "D01F15": session,
			"D09F08": "5555555555555555555555555585"}})
	}
	device(101, 2, "northwind-dc01", "D01D02")
	device(102, 2, "northwind-sql01", "D01D10")
	device(201, 3, "globex-fs01", "D01")

	cfg := settings.DefaultCove()
	cfg.Enabled, cfg.URL, cfg.Partner, cfg.Username = true, fake.URL(), "MSP", "api"
	if _, err := a.Settings.SaveCove(cfg, secret.New("token"), audit.Actor{}); err != nil {
		t.Fatal(err)
	}
	if res, err := a.CovePoller.Poll(context.Background()); err != nil || res.Pending != 3 {
		t.Fatalf("poll: %+v %v", res, err)
	}
	if _, err := a.Accounts.Setup(accounts.NewUser{Username: "olivia", Password: browserPassword, Confirm: browserPassword}, audit.Actor{}); err != nil {
		t.Fatal(err)
	}

	must := steps(t, ctx, "cove")
	must("sign in", chromedp.Do(ctx, signIn(base, "olivia")...))
	must("approval page", chromedp.Do(ctx, chromedp.Navigate(base+"/inbox"),
		chromedp.Click(`[data-testid=tab-cove]`),
		chromedp.WaitVisible(`[data-testid="cove-group-Northwind Traders"]`)))
	screenshot(t, ctx, "cove-approvals")
	must("approve all", chromedp.Do(ctx,
		chromedp.Click(`[data-testid="cove-group-Northwind Traders"] [data-testid=cove-approve-all]`),
		chromedp.WaitVisible(`.flash.success`)))
	flash, err := chromedp.Run(ctx, chromedp.Text[string](`.flash.success`))
	must("flash", err)
	if !strings.Contains(flash, "2 job(s) created") {
		t.Fatalf("after approving: %q", flash)
	}
	left, err := chromedp.Run(ctx, chromedp.Text[string](`main`))
	must("what is left", err)
	if strings.Contains(left, "northwind-dc01") || !strings.Contains(left, "globex-fs01") {
		t.Fatal("the approved accounts still wait, or the other customer's account is gone")
	}
	must("daily jobs", chromedp.Do(ctx, chromedp.Navigate(base+"/daily"), chromedp.WaitVisible(`main table`)))
	daily, err := chromedp.Run(ctx, chromedp.Text[string](`main`))
	must("daily text", err)
	// "expected": the colour bar's history gave the jobs a schedule at once.
	for _, want := range []string{"NORTHWIND-DC01", "NORTHWIND-SQL01", "Northwind Traders", "expected"} {
		if !strings.Contains(daily, want) {
			t.Errorf("Daily Jobs lacks %q", want)
		}
	}
	if strings.Contains(daily, "GLOBEX-FS01") {
		t.Error("an account not approved shows in Daily Jobs")
	}
	screenshot(t, ctx, "cove-daily")
	sql, err := a.Cove.Get(102)
	must("account", err)
	must("job details", chromedp.Do(ctx, chromedp.Click(fmt.Sprintf(`main a[href="/jobs/%d"]`, sql.JobID)),
		chromedp.WaitVisible(`[data-testid=cove-sources]`)))
	sources, err := chromedp.Run(ctx, chromedp.Text[string](`[data-testid=cove-sources]`))
	must("sources", err)
	if !strings.Contains(sources, "MS SQL") || !strings.Contains(sources, "All data sources") {
		t.Errorf("the data-source table of a Cove job: %q", sources)
	}
	screenshot(t, ctx, "cove-job")
	must("settings", chromedp.Do(ctx, chromedp.Navigate(base+"/settings/cove"), chromedp.WaitVisible(`[data-testid=cove-status]`)))
	screenshot(t, ctx, "cove-settings")

	// Cove answers with a third of the accounts missing: nothing changes,
	// and the admin reads why on the Cove page and the dashboard.
	fake.SetFaults(covetest.Faults{ListOnly: 2})
	if res, err := a.CovePoller.Poll(context.Background()); err != nil || res.Held == nil {
		t.Fatalf("poll of a shrunken list: %+v %v", res, err)
	}
	must("held list on the Cove page", chromedp.Do(ctx, chromedp.Navigate(base+"/cove"), chromedp.WaitVisible(`[data-testid=cove-held]`)))
	held, err := chromedp.Run(ctx, chromedp.Text[string](`[data-testid=cove-held]`))
	must("held text", err)
	if !strings.Contains(held, "Cove listed 2 accounts, 1 fewer than the 3") || !strings.Contains(held, "No account was changed") {
		t.Fatalf("the held list's warning: %q", held)
	}
	waiting, err := chromedp.Run(ctx, chromedp.Text[string](`main`))
	must("waiting text", err)
	if !strings.Contains(waiting, "globex-fs01") || strings.Contains(waiting, "not listed by Cove since") {
		t.Fatal("the account missing from the held list was changed")
	}
	screenshot(t, ctx, "cove-held")
	must("dashboard", chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(`main`)))
	dash, err := chromedp.Run(ctx, chromedp.Text[string](`main`))
	must("dashboard text", err)
	if !strings.Contains(dash, "account list held") || !strings.Contains(dash, "1 fewer than the 3") {
		t.Fatal("the dashboard does not say the Cove list is held, or why")
	}
}
