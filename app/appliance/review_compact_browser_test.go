package appliance_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
)

// seedWaiting records n runs waiting for review, spread over customers and
// jobs the way a morning looks: failures and warnings with a message of a
// sentence or two, most with a dozen objects of which a few failed.
func seedWaiting(t *testing.T, seed *reviewSeed, n int) {
	t.Helper()
	statuses := []runs.Status{runs.Failed, runs.Warning, runs.Warning, runs.Missed, runs.Failed}
	msgs := []string{
		"Processing VM-SQL01 Error: Failed to create VM snapshot. Snapshot creation timed out after 30 minutes",
		"Job finished with warning: 2 files were skipped because they were in use",
		"Agent did not report",
		"Backup location is running low on free space (4 % left); the next full backup may fail",
	}
	for i := 0; i < n; i++ {
		cust, job := fmt.Sprintf("Customer %02d", i/20), fmt.Sprintf("Job %02d-%d", i/20, i%2)
		if _, ok := seed.jobs[job]; !ok {
			seed.job(cust, job)
		}
		seed.n++
		st := statuses[i%len(statuses)]
		var objs []runs.Object
		if st != runs.Missed {
			for k := 0; k < 12; k++ {
				os := runs.Success
				if k < 1+i%4 {
					os = st
				}
				objs = append(objs, runs.Object{Name: fmt.Sprintf("SRV-%02d", k), Kind: "VM", Status: os, Message: "object message " + strconv.Itoa(k)})
			}
		}
		if _, _, err := seed.a.Runs.Record(runs.NewRun{JobID: seed.jobs[job].ID, Source: runs.FromEmail, ExternalID: fmt.Sprint("bulk-", i),
			Time: time.Now().Add(-time.Duration(i) * time.Minute), Status: st, Message: msgs[i%len(msgs)], Objects: objs}); err != nil {
			t.Fatal(err)
		}
	}
}

// 200 runs waiting for review fit in 6,000 px at 1440 px wide (one compact
// line per run), and at 390 px nothing scrolls sideways and every row's
// Details and Reviewed buttons are on screen.
func TestBrowserRunChecksIsCompact(t *testing.T) {
	a, base := serveAppliance(t)
	ctx := newBrowser(t)
	seed := &reviewSeed{a: a, t: t, jobs: map[string]jobs.Job{}}
	if _, err := a.Accounts.Setup(accounts.NewUser{Username: "olivia", Password: browserPassword, Confirm: browserPassword}, audit.Actor{}); err != nil {
		t.Fatal(err)
	}
	seedWaiting(t, seed, 200)

	must := steps(t, ctx, "compact")
	eval, _ := pageJS(t, ctx, "compact")
	must("sign in", chromedp.Do(ctx, signIn(base, "olivia")...))
	must("wide", chromedp.Do(ctx, chromedp.EmulateViewport(1440, 900), chromedp.Navigate(base+"/review"),
		chromedp.WaitVisible(`[data-testid=queue]`)))
	if n := eval("rows", `String(document.querySelectorAll('#queue tr.qrow').length)`); n != "200" {
		t.Fatalf("the queue shows %s rows, want 200", n)
	}
	h, _ := strconv.Atoi(eval("height", `String(document.documentElement.scrollHeight)`))
	t.Logf("Run Checks with 200 waiting runs at 1440 px wide: %d px high", h)
	screenshot(t, ctx, "review-compact-1440")
	viewportShot(t, ctx, "review-compact-1440-top")
	if h > 6000 {
		t.Fatalf("200 waiting runs make a page %d px high, want at most 6,000", h)
	}
	// Status once per row: one status badge, no per-object badges.
	if n := eval("badges", `String(document.querySelectorAll('#queue tr.qrow')[0].querySelectorAll('[data-status]').length)`); n != "1" {
		t.Fatalf("a row shows %s status badges, want 1", n)
	}

	must("phone", chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(base+"/review"),
		chromedp.WaitVisible(`[data-testid=queue]`)))
	screenshot(t, ctx, "review-compact-390")
	viewportShot(t, ctx, "review-compact-390-top")
	if w := eval("width", `document.documentElement.scrollWidth + ' ' + document.documentElement.clientWidth`); w != "390 390" {
		t.Fatalf("at 390 px the page scrolls sideways (scroll width, client width: %s)", w)
	}
	off := eval("buttons in reach", `Array.from(document.querySelectorAll('#queue tr.qrow [data-action=open], #queue tr.qrow [data-action=review]'))
		.filter(b => { const r = b.getBoundingClientRect(); return r.left < 0 || r.right > 390 || r.width === 0 }).length + ''`)
	if off != "0" {
		t.Fatalf("at 390 px %s Details/Reviewed buttons are off-screen", off)
	}
}

// viewportShot saves what the window shows (the full page of 200 runs is
// too tall to look at) when BACKUPCHECKS_SCREENSHOTS names a directory.
func viewportShot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("BACKUPCHECKS_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	_ = os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
}
