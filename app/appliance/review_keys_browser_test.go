package appliance_test

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
)

// Typing in a run's panel (its remark form's summary, then the remark
// itself) never fires a shortcut: every shortcut letter typed there reviews
// nothing and moves nothing. Back on the page, r reviews again, so the
// shortcuts themselves still work.
func TestBrowserShortcutsNeverFireWhileTypingInThePanel(t *testing.T) {
	a, base := serveAppliance(t)
	ctx := newBrowser(t)
	seed := &reviewSeed{a: a, t: t, jobs: map[string]jobs.Job{}}
	if _, err := a.Accounts.Setup(accounts.NewUser{Username: "olivia", Password: browserPassword, Confirm: browserPassword}, audit.Actor{}); err != nil {
		t.Fatal(err)
	}
	seed.job("Acme", "Nightly")
	failed := seed.run("Nightly", runs.Failed, "disk full")
	warn := seed.run("Nightly", runs.Warning, "slow target")

	must := steps(t, ctx, "keys")
	eval, waitFor := pageJS(t, ctx, "keys")
	key := func(k string) { must("press "+k, chromedp.Do(ctx, chromedp.KeyEvent(k))) }
	unreviewed := func(when string) {
		t.Helper()
		for _, id := range []uint64{failed.ID, warn.ID} {
			if r, _ := a.Runs.Get(id); !r.Reviewed.IsZero() {
				t.Fatalf("%s: run %d was reviewed by %s", when, id, r.ReviewedBy)
			}
		}
	}

	must("sign in", chromedp.Do(ctx, append(signIn(base, "olivia"),
		chromedp.Click(`[data-testid=nav-review]`),
		chromedp.WaitVisible(`[data-testid=queue]`))...))
	key("j")
	key("o")
	waitFor("details open", `document.querySelector('#panel [data-testid=remark-add]')`)
	current := eval("current row", `document.querySelector('#queue tr.qrow.current').dataset.run`)

	// Focus on the form's summary (a click on "Add remark or ticket"), then type.
	must("open the remark form", chromedp.Do(ctx, chromedp.Click(`#panel [data-testid=remark-add]`)))
	for _, k := range []string{"r", "x", "t", "u", "j", "k", "o", "?", "r"} {
		key(k)
	}
	unreviewed("keys typed on the remark form's summary")
	if eval("help closed", `String(document.querySelector('[data-testid=keys-dialog]').open)`) != "false" {
		t.Fatal("? opened the shortcuts dialog while focus was in the panel")
	}
	// The remark itself: a sentence holding every shortcut letter.
	must("type a remark", chromedp.Do(ctx, chromedp.SendKeys(`#panel [data-testid=remark-form] input[name=text]`,
		"the job ran ok; x-ray of the quick review, try undo?")))
	unreviewed("a sentence typed in the remark")
	if got := eval("current row after typing", `document.querySelector('#queue tr.qrow.current').dataset.run`); got != current {
		t.Fatalf("typing moved the highlighted row from %s to %s", current, got)
	}

	// Back on the page, the shortcut acts.
	eval("blur", `document.activeElement.blur(), 'ok'`)
	key("r")
	waitFor("reviewed by r", fmt.Sprintf(`document.querySelector('#run-%s [data-action=undo]')`, current))
}
