package appliance_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/appliance"
	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/demo"
	"github.com/backupchecks/backupchecks/app/mailimport"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/app/testenv"
)

// seededAppliance serves an appliance filled the way the demo fills one,
// smaller: customers with two weeks of runs of several products (some
// waiting in Run Checks, overrides and remarks), Cove accounts approved and
// waiting, Autotask mapped with a ticket, and a mail in the Inbox that no
// parser knows. Its admin is "admin" with browserPassword. The pages then
// show every kind of row, badge and form a real appliance does.
func seededAppliance(t *testing.T) (*appliance.Appliance, string) {
	t.Helper()
	a, base := serveAppliance(t)
	now := time.Now()
	by := audit.Actor{Name: "test", IP: "test"}
	if _, err := a.Settings.SaveGeneral(settings.General{TimeZone: "Europe/Amsterdam", DayStart: "06:00"}, by); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Generate(demo.Services{Customers: a.Customers, Jobs: a.Jobs, Runs: a.Runs, Overrides: a.Overrides, Remarks: a.Remarks},
		demo.Size{Customers: 6, Days: 14}, 24, now); err != nil {
		t.Fatal(err)
	}
	cove, _, err := demo.Cove(demo.CoveServices{Settings: a.Settings, Cove: a.Cove, Customers: a.Customers, Poll: a.CovePoller.Poll}, 12, 1, 24, now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cove.Close)
	at, _, err := demo.Autotask(demo.AutotaskServices{Settings: a.Settings, Autotask: a.Autotask, Customers: a.Customers, Jobs: a.Jobs, Runs: a.Runs}, 3, 1, base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(at.Close)
	raw := "From: nas@unknown.example\r\nTo: reports@msp.test\r\nSubject: Nightly copy finished with warnings\r\n" +
		"Date: " + now.Add(-time.Hour).Format(time.RFC1123Z) + "\r\nMessage-ID: <a11y-1@unknown.example>\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n\r\nThe nightly copy of share Finance finished with 2 warnings.\r\n"
	if _, err := a.Mail.Import([]byte(raw), mailimport.Source{}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Accounts.Setup(accounts.NewUser{Username: "admin", DisplayName: "Ada Admin", Password: browserPassword, Confirm: browserPassword}, by); err != nil {
		t.Fatal(err)
	}
	return a, base
}

// slowBrowser is newBrowser with a longer deadline, for tests that visit
// every page (newBrowser's 90 s suit one story).
func slowBrowser(t *testing.T, d time.Duration) context.Context {
	t.Helper()
	exe := testenv.Executable(t, "/usr/lib/chromium/chromium", "chromium", "chromium-browser", "google-chrome")
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("no-proxy-server", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
		chromedp.WindowSize(1440, 900))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, d)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	return ctx
}

// firstLink returns the path of the first link on the page at path whose
// href starts with prefix and continues with a digit (a record's page), or
// "" when there is none.
func firstLink(t *testing.T, ctx context.Context, base, path, prefix string) string {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+path)); err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	if err := settled(ctx); err != nil {
		t.Fatalf("load %s: %v", path, err)
	}
	js := fmt.Sprintf(`(Array.from(document.querySelectorAll('main a[href^=%q]')).map(a => a.getAttribute('href')).find(h => /^[0-9]/.test(h.slice(%d))) || '')`,
		prefix, len(prefix))
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
	if err != nil {
		t.Fatalf("look for a %s link on %s: %v", prefix, path, err)
	}
	href, _, _ = strings.Cut(href, "#")
	return href
}

// settled waits until the page has loaded and htmx has no request running
// (a page that loads parts of itself, like Daily Jobs' groups, is complete).
func settled(ctx context.Context) error {
	deadline := time.Now().Add(10 * time.Second)
	for {
		done, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.readyState === 'complete' && !document.querySelector('.htmx-request')`))
		if err != nil || done || time.Now().After(deadline) {
			time.Sleep(150 * time.Millisecond) // a last swap's settle
			return err
		}
		time.Sleep(100 * time.Millisecond)
	}
}
