package appliance_test

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/backupchecks/backupchecks/app/appliance"
	"github.com/backupchecks/backupchecks/app/testenv"
	"github.com/backupchecks/backupchecks/storage"
)

const browserPassword = "correct horse battery"

// startAppliance serves the real appliance, on a real Badger directory, on loopback.
func startAppliance(t *testing.T) string {
	_, base := serveAppliance(t)
	return base
}

// serveAppliance is startAppliance that also hands back the appliance, to seed it.
func serveAppliance(t *testing.T) (*appliance.Appliance, string) {
	t.Helper()
	st, err := storage.Open(storage.Options{Dir: filepath.Join(t.TempDir(), "data")})
	if err != nil {
		t.Fatal(err)
	}
	a, err := appliance.New(st, appliance.Options{Version: "browser-test"})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Start(); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = a.Web.Listener(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := a.Shutdown(ctx); err != nil {
			t.Error(err)
		}
	})
	return a, "http://" + ln.Addr().String()
}

// newBrowser starts headless Chromium with no network beyond loopback.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	exe := testenv.Executable(t, "/usr/lib/chromium/chromium", "chromium", "chromium-browser", "google-chrome")
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("no-proxy-server", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
		chromedp.WindowSize(1280, 900))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	return ctx
}

// screenshot saves the page when BACKUPCHECKS_SCREENSHOTS names a directory.
func screenshot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("BACKUPCHECKS_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // 100 = PNG; lower gives JPEG
	if err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	_ = os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
}

func fill(sel, text string) chromedp.Action[chromedp.Void] { return chromedp.SendKeys(sel, text) }

// steps returns must: a browser step that failed saves a screenshot named
// failed-<name>-<step> and ends the test.
func steps(t *testing.T, ctx context.Context, name string) func(step string, err error) {
	return func(step string, err error) {
		t.Helper()
		if err != nil {
			screenshot(t, ctx, "failed-"+name+"-"+strings.ReplaceAll(step, " ", "-"))
			t.Fatalf("%s: %v", step, err)
		}
	}
}

// pageJS returns eval, which runs a JavaScript expression in the page and
// returns its string value, and waitFor, which polls an expression until it
// is truthy (sturdier than waiting on nodes htmx swaps out from under the
// query); both end the test on failure, with a screenshot.
func pageJS(t *testing.T, ctx context.Context, name string) (eval func(step, js string) string, waitFor func(step, js string)) {
	must := steps(t, ctx, name)
	eval = func(step, js string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		must(step, err)
		return s
	}
	waitFor = func(step, js string) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); eval(step, "String(!!("+js+"))") != "true"; time.Sleep(50 * time.Millisecond) {
			if time.Now().After(deadline) {
				screenshot(t, ctx, "failed-"+name+"-"+strings.ReplaceAll(step, " ", "-"))
				t.Fatalf("%s: timed out waiting for %s", step, js)
			}
		}
	}
	return eval, waitFor
}

// signIn signs user in through the login form (password browserPassword)
// and waits for the dashboard.
func signIn(base, user string) []chromedp.Action[chromedp.Void] {
	return []chromedp.Action[chromedp.Void]{chromedp.Navigate(base + "/login"),
		fill(`[data-testid=login-form] input[name=username]`, user),
		fill(`[data-testid=login-form] input[name=password]`, browserPassword),
		chromedp.Click(`[data-testid=login-form] button[type=submit]`),
		chromedp.WaitVisible(`[data-testid=health]`)}
}

// The first-run story in a real browser: set up the first admin, sign in,
// add an operator, sign out; the operator signs in, has no Settings in the
// nav and is refused /settings.
func TestBrowserFirstRunAndRoles(t *testing.T) {
	base := startAppliance(t)
	ctx := newBrowser(t)

	must := steps(t, ctx, "first-run")
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(sel))
		must("read "+sel, err)
		return s
	}

	must("open", chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(`[data-testid=setup-form]`)))
	screenshot(t, ctx, "1-setup")
	must("setup", chromedp.Do(ctx,
		fill(`[data-testid=setup-form] input[name=username]`, "admin"),
		fill(`[data-testid=setup-form] input[name=display_name]`, "Ada Admin"),
		fill(`[data-testid=setup-form] input[name=password]`, browserPassword),
		fill(`[data-testid=setup-form] input[name=confirm]`, browserPassword),
		chromedp.Click(`[data-testid=setup-form] button[type=submit]`),
		chromedp.WaitVisible(`[data-testid=login-form]`)))
	if got := text(`[data-testid=flash]`); !strings.Contains(got, "Administrator admin created") {
		t.Fatalf("flash after setup: %q", got)
	}

	signIn := func(user string) {
		t.Helper()
		must("sign in "+user, chromedp.Do(ctx,
			fill(`[data-testid=login-form] input[name=username]`, user),
			fill(`[data-testid=login-form] input[name=password]`, browserPassword),
			chromedp.Click(`[data-testid=login-form] button[type=submit]`),
			chromedp.WaitVisible(`[data-testid=health]`)))
	}
	signIn("admin")
	screenshot(t, ctx, "2-dashboard-admin")
	if who := text(`[data-testid=who]`); !strings.Contains(who, "Ada Admin") || !strings.Contains(who, "Admin") {
		t.Fatalf("signed in as %q", who)
	}

	must("open users", chromedp.Do(ctx,
		chromedp.Click(`[data-testid=nav-settings]`), chromedp.WaitVisible(`[data-testid=general-form]`),
		chromedp.Click(`[data-testid=sub-users]`), chromedp.WaitVisible(`[data-testid=user-create-form]`)))
	must("create operator", chromedp.Do(ctx,
		fill(`[data-testid=user-create-form] input[name=username]`, "olivia"),
		fill(`[data-testid=user-create-form] input[name=display_name]`, "Olivia Operator"),
		chromedp.SetValue(`[data-testid=user-create-form] select[name=role]`, "operator"),
		fill(`[data-testid=user-create-form] input[name=password]`, browserPassword),
		fill(`[data-testid=user-create-form] input[name=confirm]`, browserPassword),
		chromedp.Click(`[data-testid=user-create-form] button[type=submit]`),
		chromedp.WaitVisible(`[data-testid=user-olivia]`)))
	screenshot(t, ctx, "3-users")
	if row := text(`[data-testid=user-olivia]`); !strings.Contains(row, "Olivia Operator") {
		t.Fatalf("new user row: %q", row)
	}

	must("sign out", chromedp.Do(ctx, chromedp.Click(`[data-testid=logout]`), chromedp.WaitVisible(`[data-testid=login-form]`)))
	signIn("olivia")
	screenshot(t, ctx, "4-dashboard-operator")
	hasSettings, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('[data-testid=nav-settings]') !== null`))
	must("look for Settings", err)
	if hasSettings {
		t.Fatal("an operator sees Settings in the nav")
	}
	resp, err := chromedp.RunResponse(ctx, chromedp.Navigate(base+"/settings"))
	must("open /settings", err)
	if resp.Status != 403 {
		t.Fatalf("operator on /settings: status %d", resp.Status)
	}
	if msg := text(`[data-testid=error-page]`); !strings.Contains(msg, "permission") {
		t.Fatalf("403 page says %q", msg)
	}
	screenshot(t, ctx, "5-forbidden")
}
