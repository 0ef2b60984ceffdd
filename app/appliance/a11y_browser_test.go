package appliance_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/backupchecks/backupchecks/app/testenv"
)

// axeVar names axe-core's axe.min.js; .ci/run installs it (npm, pinned)
// into .ci/cache and exports this. Without it the test looks there, then
// skips (or fails under BACKUPCHECKS_STRICT_TESTS=1).
const axeVar = "BACKUPCHECKS_AXE"

// axeScript returns the text of axe.min.js. It is evaluated in the page
// through the DevTools protocol, which the page's CSP (no inline script)
// does not govern; the appliance never serves it.
func axeScript(t *testing.T) string {
	t.Helper()
	candidates := []string{os.Getenv(axeVar), filepath.Join("..", "..", ".ci", "cache", "axe", "node_modules", "axe-core", "axe.min.js")}
	for _, p := range candidates {
		if p == "" {
			continue
		}
		if b, err := os.ReadFile(p); err == nil {
			return string(b)
		}
	}
	testenv.Missing(t, "axe-core's axe.min.js ("+axeVar+")")
	return ""
}

// axeViolation is the part of axe's result the failure message needs.
type axeViolation struct {
	ID, Impact, Help string
	Nodes            []struct {
		Target         []any
		FailureSummary string
	}
}

// runAxe injects axe (once per document) and returns the page's violations
// of every rule axe runs by default (WCAG 2.0–2.2 A/AA and best practice).
// The mail body's sandboxed frame is the sender's HTML, not the UI: skipped.
func runAxe(ctx context.Context, axe string) ([]axeViolation, error) {
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof window.axe === 'object' || (function(){`+axe+"\n; return true })()")); err != nil {
		return nil, fmt.Errorf("inject axe: %w", err)
	}
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`axe.run(document, {iframes: false, resultTypes: ['violations']}).then(r => JSON.stringify(r.violations))`, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("axe.run: %w", err)
	}
	var v []axeViolation
	return v, json.Unmarshal([]byte(out), &v)
}

// a11yPages are the pages an admin reaches from the navigation of a
// seeded appliance, and from there one record of each kind (a job, a run,
// a mail, an override, a customer's Autotask mapping).
func a11yPages(t *testing.T, ctx context.Context, base string) []string {
	pages := []string{"/", "/review", "/daily", "/inbox", "/cove", "/customers", "/customers/autotask", "/jobs", "/jobs?silent=1",
		"/overrides", "/overrides/new", "/remarks", "/reports", "/account", "/account/2fa", "/account/tokens", "/api",
		"/settings", "/settings/mail", "/settings/parsers", "/settings/parsers/rules/new", "/settings/cove", "/settings/autotask",
		"/settings/notifications", "/settings/users", "/settings/audit", "/settings/signin", "/settings/transfer", "/settings/maintenance"}
	job := firstLink(t, ctx, base, "/jobs", "/jobs/")
	if job == "" {
		t.Fatal("the seeded Jobs page links no job")
	}
	pages = append(pages, job)
	for _, from := range [][2]string{{"/daily", "/runs/"}, {"/inbox", "/inbox/"}, {"/overrides", "/overrides/"}, {"/customers", "/customers/"}} {
		if p := firstLink(t, ctx, base, from[0], from[1]); p != "" {
			pages = append(pages, p)
		} else {
			t.Errorf("no %s… link on %s of the seeded appliance", from[1], from[0])
		}
	}
	return pages
}

// Every page an admin reaches, in the light and the dark theme, has no
// serious or critical accessibility violation as axe-core finds them:
// contrast of every text and badge (WCAG 2.2 AA), names of every control,
// landmarks, ARIA. The dark pass chooses dark on the account page, so it
// also shows the choice reaching every page. Counts per page are logged.
func TestBrowserAccessibility(t *testing.T) {
	axe := axeScript(t)
	_, base := seededAppliance(t)
	ctx := slowBrowser(t, 6*time.Minute)
	must := steps(t, ctx, "a11y")
	eval, _ := pageJS(t, ctx, "a11y")

	// The sign-in page, before anyone is signed in.
	must("open sign-in", chromedp.Do(ctx, chromedp.Navigate(base+"/login")))
	failures := map[string][]string{}
	counts := map[string]int{}
	check := func(theme, path string) {
		t.Helper()
		must("settle "+path, settled(ctx))
		if theme != "" {
			if got := eval("theme of "+path, `document.documentElement.getAttribute('data-theme') || ''`); got != theme {
				t.Errorf("%s: <html data-theme=%q>, want %q", path, got, theme)
			}
		}
		v, err := runAxe(ctx, axe)
		must("axe on "+path, err)
		key := theme + " " + path
		for _, x := range v {
			counts[x.Impact]++
			if x.Impact != "serious" && x.Impact != "critical" {
				continue
			}
			var where []string
			for i, n := range x.Nodes {
				if i == 4 {
					where = append(where, fmt.Sprintf("… %d more", len(x.Nodes)-4))
					break
				}
				where = append(where, fmt.Sprintf("%v: %s", n.Target, strings.ReplaceAll(n.FailureSummary, "\n", " ")))
			}
			failures[key] = append(failures[key], fmt.Sprintf("%s (%s, %d elements): %s\n      %s", x.ID, x.Impact, len(x.Nodes), x.Help, strings.Join(where, "\n      ")))
		}
		for _, f := range failures[key] {
			t.Logf("%s: %s", key, f)
		}
		var ids []string
		for _, x := range v {
			ids = append(ids, x.ID+":"+x.Impact)
		}
		t.Logf("%-6s %-32s %d violations (%d serious or critical) %s", theme, path, len(v), len(failures[key]), strings.Join(ids, " "))
	}
	check("", "/login")

	must("sign in", chromedp.Do(ctx, signIn(base, "admin")...))
	pages := a11yPages(t, ctx, base)
	for _, theme := range []string{"light", "dark"} {
		// The user's choice, made on the account page like a person would.
		must("choose "+theme, chromedp.Do(ctx, chromedp.Navigate(base+"/account"),
			chromedp.Click(`[data-testid=theme-`+theme+`]`), chromedp.Click(`[data-testid=theme-form] button[type=submit]`),
			chromedp.WaitVisible(`[data-testid=flash]`)))
		for _, p := range pages {
			must("open "+p, chromedp.Do(ctx, chromedp.Navigate(base+p)))
			check(theme, p)
			if p == "/daily" || p == "/" || strings.HasPrefix(p, "/jobs/") {
				screenshot(t, ctx, "a11y-"+theme+"-"+strings.Trim(strings.NewReplacer("/", "-", "?", "-", "=", "-").Replace(p), "-"))
			}
		}
	}
	t.Logf("axe violations over %d page views: %d critical, %d serious, %d moderate, %d minor",
		2*len(pages)+1, counts["critical"], counts["serious"], counts["moderate"], counts["minor"])
	if len(failures) > 0 {
		keys := make([]string, 0, len(failures))
		for k := range failures {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var b strings.Builder
		for _, k := range keys {
			fmt.Fprintf(&b, "\n%s:\n    %s", k, strings.Join(failures[k], "\n    "))
		}
		t.Fatalf("serious or critical accessibility violations on %d page views:%s", len(failures), b.String())
	}
}

// The theme choice follows the device when the user chose none: with the
// device set to dark, the page is dark without any data-theme.
func TestBrowserThemeFollowsDevice(t *testing.T) {
	_, base := seededAppliance(t)
	ctx := newBrowser(t)
	must := steps(t, ctx, "theme-system")
	eval, _ := pageJS(t, ctx, "theme-system")
	background := `getComputedStyle(document.body).backgroundColor + ' ' + getComputedStyle(document.documentElement).backgroundColor`
	must("sign in", chromedp.Do(ctx, signIn(base, "admin")...))
	must("device dark", chromedp.Do(ctx, deviceScheme("dark"), chromedp.Navigate(base+"/daily")))
	if got := eval("theme attribute", `document.documentElement.getAttribute('data-theme') || 'none'`); got != "none" {
		t.Fatalf("a user who chose nothing gets data-theme=%s", got)
	}
	dark := eval("dark background", background)
	must("device light", chromedp.Do(ctx, deviceScheme("light"), chromedp.Navigate(base+"/daily")))
	light := eval("light background", background)
	if dark == light || !strings.Contains(light, "rgb(255, 255, 255)") {
		t.Fatalf("the page does not follow the device: dark %q, light %q", dark, light)
	}
	// A chosen theme wins over the device, after signing in again too.
	must("choose light", chromedp.Do(ctx, chromedp.Navigate(base+"/account"),
		chromedp.Click(`[data-testid=theme-light]`), chromedp.Click(`[data-testid=theme-form] button[type=submit]`),
		chromedp.WaitVisible(`[data-testid=flash]`),
		deviceScheme("dark"),
		chromedp.Click(`[data-testid=logout]`), chromedp.WaitVisible(`[data-testid=login-form]`)))
	must("sign in again", chromedp.Do(ctx, signIn(base, "admin")...))
	if got := eval("chosen light", background); got != light {
		t.Fatalf("light chosen, device dark: background %q, want %q", got, light)
	}
}

// deviceScheme sets the light or dark preference the page sees from the device.
func deviceScheme(scheme string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
		return err
	})
}

// Keyboard users: the first Tab reaches a visible "Skip to content" that
// moves past the navigation, and every control Tab reaches shows a focus
// ring (an outline at least 2 px wide), on the pages operators use most.
func TestBrowserKeyboardFocus(t *testing.T) {
	_, base := seededAppliance(t)
	ctx := newBrowser(t)
	must := steps(t, ctx, "focus")
	eval, _ := pageJS(t, ctx, "focus")
	must("sign in", chromedp.Do(ctx, signIn(base, "admin")...))
	job := firstLink(t, ctx, base, "/jobs", "/jobs/")
	for _, p := range []string{"/daily", job, "/account", "/settings"} {
		must("open "+p, chromedp.Do(ctx, chromedp.Navigate(base+p)))
		must("settle "+p, settled(ctx))
		must("first tab", chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)))
		skip := eval("skip link", `(function(){ const e = document.activeElement, r = e.getBoundingClientRect();
			return e.textContent.trim() + '|' + (r.top >= 0 && r.bottom <= innerHeight && r.width > 0 ? 'visible' : 'hidden') })()`)
		if skip != "Skip to content|visible" {
			t.Fatalf("%s: the first Tab reaches %q, want a visible \"Skip to content\"", p, skip)
		}
		must("follow skip link", chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter), chromedp.KeyEvent(kb.Tab)))
		if in := eval("after skip", `String(!!document.activeElement.closest('main'))`); in != "true" {
			t.Errorf("%s: after \"Skip to content\" the next Tab reaches %s, outside the main content", p,
				eval("where", `document.activeElement.outerHTML.slice(0, 120)`))
		}
		must("back to top", chromedp.Do(ctx, chromedp.Navigate(base+p)))
		must("settle "+p, settled(ctx))
		seen := 0
		for i := 0; i < 80; i++ {
			must("tab", chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)))
			ring := eval("focus ring", `(function(){ const e = document.activeElement; if (!e || e === document.body) return 'end';
				const s = getComputedStyle(e);
				const ok = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 && s.outlineColor !== 'rgba(0, 0, 0, 0)';
				return ok ? "ok" : "no ring (" + s.outlineStyle + " " + s.outlineWidth + " " + s.outlineColor + " focus=" + e.matches(":focus") + " fv=" + e.matches(":focus-visible") + ") on " + e.outerHTML.slice(0, 160) })()`)
			if ring == "end" {
				break
			}
			if ring != "ok" {
				t.Errorf("%s: %s", p, ring)
			}
			seen++
		}
		if seen < 10 {
			t.Errorf("%s: Tab reached only %d controls", p, seen)
		}
	}
}
