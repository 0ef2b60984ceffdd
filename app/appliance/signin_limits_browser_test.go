package appliance_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/audit"
)

// comingFrom makes the browser's requests arrive as if a reverse proxy on
// loopback forwarded them for ip.
func comingFrom(t *testing.T, ctx context.Context, ip string) {
	t.Helper()
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"X-Forwarded-For": ip}}); err != nil {
		t.Fatal(err)
	}
}

// Issue 26 row 5 in a browser, behind a trusted proxy: someone guessing
// olivia's password from one address is told to wait, with a sentence,
// while olivia herself signs in from her own address.
func TestBrowserHammeredNameStillSignsIn(t *testing.T) {
	a, base := serveAppliance(t)
	if _, err := a.Accounts.Setup(accounts.NewUser{Username: "olivia", Password: browserPassword, Confirm: browserPassword}, audit.Actor{}); err != nil {
		t.Fatal(err)
	}
	g, err := a.Settings.General()
	if err != nil {
		t.Fatal(err)
	}
	g.TrustedProxies = []string{"127.0.0.1"}
	if _, err := a.Settings.SaveGeneral(g, audit.Actor{Name: "olivia"}); err != nil {
		t.Fatal(err)
	}

	attacker := newBrowser(t)
	must := steps(t, attacker, "signin-limits")
	comingFrom(t, attacker, "203.0.113.9")
	var msg string
	for i := range 6 {
		must("a guess", chromedp.Do(attacker, chromedp.Navigate(base+"/login"),
			fill(`[data-testid=login-form] input[name=username]`, "olivia"), fill(`[data-testid=login-form] input[name=password]`, "guess number "+string(rune('a'+i))),
			chromedp.Click(`[data-testid=login-form] button[type=submit]`), chromedp.WaitVisible(`[data-testid=login-error]`)))
		msg, err = chromedp.Run(attacker, chromedp.Text(`[data-testid=login-error]`))
		must("read the error", err)
	}
	if !strings.Contains(msg, "Try again in 30 seconds") {
		t.Fatalf("the sixth guess says %q", msg)
	}
	screenshot(t, attacker, "signin-limits-attacker")

	owner := newBrowser(t)
	comingFrom(t, owner, "198.51.100.20")
	steps(t, owner, "signin-limits-owner")("olivia signs in", chromedp.Do(owner, signIn(base, "olivia")...))
}
