package cli

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/app/appliance"
	"github.com/backupchecks/backupchecks/app/demo"
)

// demoData is where the demo goes unless told otherwise: never next to,
// or into, a real ./data.
const demoData = "./demo-data"

// demoCmd creates a demo data directory and serves it.
func demoCmd(args []string, stdio IO) error {
	var cfg Config
	fs := newFlags("demo", "demo [--data DIR] [--listen ADDR] [--seed N]", stdio, &cfg)
	if env("BACKUPCHECKS_DATA") == "" {
		cfg.Data = demoData
		fs.Lookup("data").DefValue = demoData // what --help shows
	}
	seed := fs.Uint64("seed", demo.DefaultSeed, "random `seed` of the demo data: the same seed makes the same customers, jobs and runs")
	if err := parse(fs, args); err != nil {
		return err
	}
	existed := true
	if entries, err := os.ReadDir(cfg.Data); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s is not empty: serve it with 'backupchecks serve --data %s', or remove it for a fresh demo", cfg.Data, cfg.Data)
	} else if errors.Is(err, os.ErrNotExist) {
		existed = false
	} else if err != nil {
		return err
	}
	// The port first: a busy port must fail before minutes of generating
	// leave a directory the next attempt refuses.
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		reason := err.Error()
		var se *os.SyscallError
		if errors.As(err, &se) {
			reason = se.Err.Error() // "address already in use"
		}
		return fmt.Errorf("cannot listen on %s: %s; nothing was generated. Choose another address with --listen, e.g. --listen 127.0.0.1:8081", cfg.Listen, reason)
	}
	url := displayURL(cfg.BaseURL, ln.Addr())
	var built *demo.Built
	generated := false
	err = serveOn(cfg, stdio, ln, func(a *appliance.Appliance, log *slog.Logger) error {
		start := time.Now()
		pass, err := randomPassword()
		if err != nil {
			return err
		}
		plan := demo.DefaultPlan(*seed, strings.TrimRight(url, "/"), pass, time.Now())
		fmt.Fprintf(stdio.Out, "Generating the demo (seed %d) in %s …\n", *seed, cfg.Data)
		built, err = demo.Build(a, plan)
		if err != nil {
			return err
		}
		generated = true
		sum := built.Summary
		log.Info("demo data generated", "customers", sum.Customers, "jobs", sum.Jobs, "runs", sum.Runs, "took", time.Since(start).Round(time.Millisecond))
		fmt.Fprintf(stdio.Out, "\nDemo data is in %s: %d customers, %d jobs, %d runs (seed %d).\n"+
			"Report mail: the last %d days' email runs came in as mail; %d mails wait in the Inbox (%d recognised, %d not).\n"+
			"Cove Data Protection is simulated in this process: %d accounts polled, %d approved, %d waiting under Inbox → Cove accounts.\n"+
			"Autotask is simulated in this process: %d companies, %d customers mapped, %d tickets; Run Checks → t creates one.\n\n"+
			"Open  %s  and sign in as  %s  with password  %s\n\n",
			cfg.Data, sum.Customers, sum.Jobs, sum.Runs, *seed, plan.Size.MailDays,
			built.Inbox.Recognised+built.Inbox.Unrecognised, built.Inbox.Recognised, built.Inbox.Unrecognised,
			built.Cove.Accounts, built.Cove.Approved, built.Cove.Pending,
			built.Autotask.Companies, built.Autotask.Mapped, built.Autotask.Tickets, url, demo.Admin, pass)
		return nil
	})
	if built != nil {
		built.Close()
	}
	if err != nil && !generated {
		// Half a demo is no use and would make the next attempt refuse
		// the directory: leave it as it was found.
		cleanDemoDir(cfg.Data, existed)
	}
	return err
}

// cleanDemoDir empties dir, or removes it when the demo created it.
func cleanDemoDir(dir string, existed bool) {
	if !existed {
		_ = os.RemoveAll(dir)
		return
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		_ = os.RemoveAll(dir + string(os.PathSeparator) + e.Name())
	}
}

func randomPassword() (string, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
