package appliance_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// othersFix are pages whose content other work reshapes (issue 24: Run
// Checks' rows, the Dashboard's morning view): their overflow at 390 px is
// logged, not failed, until that work lands; then remove them from here.
var othersFix = map[string]string{
	"/review": "Run Checks (views/review.templ, assets/css/review.css)",
	"/":       "the Dashboard (views/dashboard*.templ, assets/css/dashboard.css)",
}

// On a phone (390 px wide) the pages of the morning round work without
// sideways scrolling: the page is no wider than the screen, and every
// button, field and link in the content lies within it (a table too wide
// for the screen scrolls inside its own box or reflows, the navigation
// wraps). Screenshots at 1440 and 390 px are kept with
// BACKUPCHECKS_SCREENSHOTS.
func TestBrowserPhoneWidth(t *testing.T) {
	_, base := seededAppliance(t)
	ctx := slowBrowser(t, 4*time.Minute)
	must := steps(t, ctx, "phone")
	eval, _ := pageJS(t, ctx, "phone")
	must("sign in", chromedp.Do(ctx, signIn(base, "admin")...))
	job := firstLink(t, ctx, base, "/jobs", "/jobs/")
	pages := []struct{ name, path string }{{"run-checks", "/review"}, {"daily-jobs", "/daily"}, {"job-details", job}, {"dashboard", "/"}}

	for _, width := range []int64{1440, 390} {
		must(fmt.Sprint("width ", width), chromedp.Do(ctx, chromedp.EmulateViewport(width, 844)))
		for _, p := range pages {
			must("open "+p.path, chromedp.Do(ctx, chromedp.Navigate(base+p.path)))
			must("settle "+p.path, settled(ctx))
			screenshot(t, ctx, fmt.Sprintf("phone-%s-%d", p.name, width))
			if width != 390 {
				continue
			}
			var problems []string
			if w := eval("scroll width", `String(document.scrollingElement.scrollWidth)`); w != "390" {
				problems = append(problems, "the page is "+w+" px wide")
			}
			// Controls out of the screen, unless inside a box that scrolls
			// sideways by itself (a wide table's own scroll).
			out := eval("controls off screen", `(function(){
				const inOwnScroll = e => { for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
					const o = getComputedStyle(p).overflowX; if ((o === 'auto' || o === 'scroll') && p.scrollWidth > p.clientWidth) return true } return false };
				const bad = [];
				for (const e of document.querySelectorAll('main a[href], main button, main input:not([type=hidden]), main select, main textarea, main summary, header a, header button')) {
					const r = e.getBoundingClientRect();
					if (r.width === 0 || r.height === 0 || inOwnScroll(e)) continue;
					if (r.left < -1 || r.right > innerWidth + 1) bad.push((e.textContent.trim() || e.getAttribute('name') || e.tagName).slice(0, 40) + ' at ' + Math.round(r.left) + '–' + Math.round(r.right));
				}
				return bad.slice(0, 8).join('; ') + (bad.length > 8 ? '; … ' + (bad.length - 8) + ' more' : '') })()`)
			if out != "" {
				problems = append(problems, "controls beyond the screen's edge: "+out)
			}
			if len(problems) == 0 {
				continue
			}
			if owner, ok := othersFix[p.path]; ok {
				t.Logf("%s at 390 px (expected to be fixed by the work on %s): %s", p.name, owner, strings.Join(problems, "; "))
				continue
			}
			t.Errorf("%s at 390 px: %s", p.name, strings.Join(problems, "; "))
		}
	}
}
