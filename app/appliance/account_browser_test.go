package appliance_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/audit"
)

// An admin turns on two-factor codes in the browser, signs out, and signs
// in again with the password and then a code from the app.
func TestBrowserTwoFactorCodes(t *testing.T) {
	a, base := serveAppliance(t)
	ctx := newBrowser(t)
	must := steps(t, ctx, "totp")
	if _, err := a.Accounts.Setup(accounts.NewUser{Username: "olivia", Password: browserPassword, Confirm: browserPassword}, audit.Actor{}); err != nil {
		t.Fatal(err)
	}
	must("sign in", chromedp.Do(ctx, signIn(base, "olivia")...))
	must("open the set-up", chromedp.Do(ctx, chromedp.Navigate(base+"/account"), chromedp.Click(`a[href="/account/2fa"]`), chromedp.WaitVisible(`[data-testid=totp-qr]`)))
	key, err := chromedp.Run(ctx, chromedp.Text(`[data-testid=totp-secret]`))
	must("read the key", err)
	code, _ := totp.GenerateCode(strings.TrimSpace(key), time.Now())
	must("enter the code", chromedp.Do(ctx, fill(`[data-testid=totp-enable] input[name=code]`, code),
		chromedp.Click(`[data-testid=totp-enable] button`), chromedp.WaitVisible(`[data-testid=recovery-codes]`)))
	screenshot(t, ctx, "totp-recovery-codes")

	later := newBrowser(t)
	lmust := steps(t, later, "totp-sign-in")
	lmust("password", chromedp.Do(later, chromedp.Navigate(base+"/login"),
		fill(`[data-testid=login-form] input[name=username]`, "olivia"), fill(`[data-testid=login-form] input[name=password]`, browserPassword),
		chromedp.Click(`[data-testid=login-form] button[type=submit]`), chromedp.WaitVisible(`[data-testid=login-code-form]`)))
	lmust("a wrong code", chromedp.Do(later, fill(`[data-testid=login-code-form] input[name=code]`, "000001"),
		chromedp.Click(`[data-testid=login-code-form] button`), chromedp.WaitVisible(`[data-testid=login-error]`)))
	next, _ := totp.GenerateCode(strings.TrimSpace(key), time.Now().Add(30*time.Second))
	lmust("the right code", chromedp.Do(later, fill(`[data-testid=login-code-form] input[name=code]`, next),
		chromedp.Click(`[data-testid=login-code-form] button`), chromedp.WaitVisible(`[data-testid=health]`)))
}

// An admin downloads the export, uploads a CSV of customers, sees what it
// would do, and imports it.
func TestBrowserExportImport(t *testing.T) {
	a, base := serveAppliance(t)
	ctx := newBrowser(t)
	must := steps(t, ctx, "transfer")
	if _, err := a.Accounts.Setup(accounts.NewUser{Username: "olivia", Password: browserPassword, Confirm: browserPassword}, audit.Actor{}); err != nil {
		t.Fatal(err)
	}
	csv := filepath.Join(t.TempDir(), "customers.csv")
	if err := os.WriteFile(csv, []byte("name,active\nGamma BV,true\nDelta Law,false\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	must("sign in", chromedp.Do(ctx, signIn(base, "olivia")...))
	must("upload", chromedp.Do(ctx, chromedp.Navigate(base+"/settings/transfer"),
		chromedp.SetUploadFiles(`[data-testid=import-form] input[type=file]`, []string{csv}),
		chromedp.Click(`[data-testid=import-form] button`), chromedp.WaitVisible(`[data-testid=import-apply]`)))
	plan, err := chromedp.Run(ctx, chromedp.Text(`[data-testid=import-plan]`))
	must("read the plan", err)
	if !strings.Contains(plan, "Customers: 2 created, 0 changed, 0 left alone") {
		t.Errorf("plan: %q", plan)
	}
	if cs, _ := a.Customers.List(""); len(cs) != 0 {
		t.Fatal("the dry run wrote customers")
	}
	_, waitFor := pageJS(t, ctx, "transfer")
	must("import now", chromedp.Do(ctx, chromedp.Click(`[data-testid=import-apply] button`)))
	waitFor("the import is reported", `document.body.innerText.includes("Imported customers.csv")`)
	screenshot(t, ctx, "transfer-imported")
	if cs, _ := a.Customers.List(""); len(cs) != 2 {
		t.Errorf("after Import now: %d customers", len(cs))
	}
}
