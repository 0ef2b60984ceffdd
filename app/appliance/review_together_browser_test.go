package appliance_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
)

// Two operators review the same queue at once, in two browsers: neither
// page moves a row (the row under each one's pointer keeps its place and
// size through their own reviews, the other's and the poll), and each sees
// the other's reviews marked in place, with the poll's bar counting them.
func TestBrowserTwoOperatorsReviewTogether(t *testing.T) {
	a, base := serveAppliance(t)
	seed := &reviewSeed{a: a, t: t, jobs: map[string]jobs.Job{}}
	if _, err := a.Accounts.Setup(accounts.NewUser{Username: "olivia", Password: browserPassword, Confirm: browserPassword}, audit.Actor{}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Accounts.Create(accounts.NewUser{Username: "bob", Role: accounts.Operator, Password: browserPassword, Confirm: browserPassword}, audit.Actor{}); err != nil {
		t.Fatal(err)
	}
	seed.job("Acme", "Nightly")
	var ids []uint64
	for i := 0; i < 8; i++ {
		ids = append(ids, seed.run("Nightly", runs.Failed, fmt.Sprintf("disk %d full", i)).ID)
	}

	type operator struct {
		name, pointer string
		ctx           context.Context
		eval          func(step, js string) string
		waitFor       func(step, js string)
		rect, order   string
	}
	ops := []*operator{{name: "olivia"}, {name: "bob"}}
	rowsOrder := `Array.from(document.querySelectorAll('#queue tr.qrow')).map(r => r.dataset.run).join(',')`
	for i, op := range ops {
		op.ctx = newBrowser(t)
		op.eval, op.waitFor = pageJS(t, op.ctx, "together-"+op.name)
		must := steps(t, op.ctx, "together-"+op.name)
		must("sign in", chromedp.Do(op.ctx, append(signIn(base, op.name),
			chromedp.EmulateViewport(1440, 900),
			chromedp.Navigate(base+"/review"), chromedp.WaitVisible(`[data-testid=queue]`))...))
		op.pointer = fmt.Sprint(ids[5+i]) // the row each one's pointer rests on
		op.rect = op.eval("rect", fmt.Sprintf(`JSON.stringify(document.getElementById('run-%s').getBoundingClientRect())`, op.pointer))
		op.order = op.eval("order", rowsOrder)
	}
	// rowAtPointer is the row under the centre of where the pointer row was.
	rowAtPointer := func(op *operator) string {
		return op.eval("row at pointer", fmt.Sprintf(`(r => (document.elementFromPoint(r.x + r.width/2, r.y + r.height/2).closest('tr.qrow')||{dataset:{}}).dataset.run||'')(%s)`, op.rect))
	}
	stayedPut := func(when string) {
		t.Helper()
		for _, op := range ops {
			if got := op.eval("rect", fmt.Sprintf(`JSON.stringify(document.getElementById('run-%s').getBoundingClientRect())`, op.pointer)); got != op.rect {
				t.Fatalf("%s: %s's row under the pointer moved from %s to %s", when, op.name, op.rect, got)
			}
			if got := rowAtPointer(op); got != op.pointer {
				t.Fatalf("%s: under %s's pointer is now run %q, was %s", when, op.name, got, op.pointer)
			}
			if got := op.eval("order", rowsOrder); got != op.order {
				t.Fatalf("%s: %s's rows changed from %s to %s", when, op.name, op.order, got)
			}
		}
	}

	// Turn by turn: olivia reviews runs 0 and 2, bob 1 and 3.
	for turn := 0; turn < 4; turn++ {
		op, id := ops[turn%2], ids[turn]
		op.eval("review", fmt.Sprintf(`document.querySelector('#run-%d [data-action=review]').click(), 'ok'`, id))
		op.waitFor("marked done", fmt.Sprintf(`document.querySelector('#run-%d.done [data-action=undo]')`, id))
		stayedPut(fmt.Sprintf("after %s reviewed run %d", op.name, id))
	}
	for i, op := range ops {
		other := ops[1-i]
		op.eval("poll", pollNow)
		for turn := 1 - i; turn < 4; turn += 2 {
			op.waitFor("other's mark", fmt.Sprintf(`document.querySelector('#run-%d.done [data-testid=done-mark]')`, ids[turn]))
			mark := op.eval("mark", fmt.Sprintf(`document.querySelector('#run-%d [data-testid=done-mark]').textContent`, ids[turn]))
			if !strings.Contains(mark, "reviewed by "+other.name) {
				t.Fatalf("%s sees run %d marked %q", op.name, ids[turn], mark)
			}
		}
		if news := op.eval("news", `document.querySelector('[data-testid=queue-news-text]').textContent`); !strings.HasPrefix(news, "2 reviewed by others") {
			t.Fatalf("%s's bar says %q", op.name, news)
		}
		screenshot(t, op.ctx, "together-"+op.name)
	}
	stayedPut("after both polls")

	// Undo is offered for 10 s, counting down; then the row stays done
	// without it, in the same place.
	olivia := ops[0]
	undo := fmt.Sprintf(`document.querySelector('#run-%d [data-action=undo]')`, ids[0])
	if got := olivia.eval("countdown", undo+`.textContent`); !strings.HasPrefix(got, "Undo (") {
		t.Fatalf("the undo button says %q", got)
	}
	for deadline := time.Now().Add(15 * time.Second); olivia.eval("undo gone", "String(!!"+undo+")") == "true"; time.Sleep(250 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("Undo is still offered 15 s after the review")
		}
	}
	if mark := olivia.eval("mark stays", fmt.Sprintf(`document.querySelector('#run-%d.done [data-testid=done-mark]').textContent`, ids[0])); !strings.Contains(mark, "reviewed by olivia") {
		t.Fatalf("after the undo window the row says %q", mark)
	}
	stayedPut("after the undo window")
}
