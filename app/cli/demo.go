package cli

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/appliance"
	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/demo"
	"github.com/backupchecks/backupchecks/app/settings"
)

// demoCmd creates a demo data directory and serves it.
func demoCmd(args []string, stdio IO) error {
	var cfg Config
	fs := newFlags("demo", "demo [--data DIR] [--listen ADDR]", stdio, &cfg)
	if err := parse(fs, args); err != nil {
		return err
	}
	dataSet := env("BACKUPCHECKS_DATA") != ""
	fs.Visit(func(f *flag.Flag) { dataSet = dataSet || f.Name == "data" })
	if !dataSet {
		cfg.Data = "./demo-data" // never next to, or into, a real ./data
	}
	if entries, err := os.ReadDir(cfg.Data); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s is not empty: serve it with 'backupchecks serve --data %s', or remove it for a fresh demo", cfg.Data, cfg.Data)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return serve(cfg, stdio, func(a *appliance.Appliance, log *slog.Logger) error {
		start := time.Now()
		// The demo's backups run in the evening in Amsterdam, some past
		// midnight: a 06:00 business day keeps each night on one day.
		if _, err := a.Settings.SaveGeneral(settings.General{TimeZone: "Europe/Amsterdam", DayStart: "06:00"}, audit.Actor{Name: "demo", IP: "demo"}); err != nil {
			return fmt.Errorf("demo settings: %w", err)
		}
		sum, err := demo.Generate(demo.Services{Customers: a.Customers, Jobs: a.Jobs, Runs: a.Runs, Overrides: a.Overrides, Remarks: a.Remarks}, demo.Default, uint64(time.Now().UnixNano()), time.Now())
		if err != nil {
			return err
		}
		_, coveSum, err := demo.Cove(demo.CoveServices{Settings: a.Settings, Cove: a.Cove, Customers: a.Customers, Poll: a.CovePoller.Poll},
			100, 2, time.Now().UnixNano(), time.Now())
		if err != nil {
			return err
		}
		// The fakes serve Cove's and Autotask's APIs on loopback until the process
		// ends; served again later with 'serve', their calls fail and say so.
		_, atSum, err := demo.Autotask(demo.AutotaskServices{Settings: a.Settings, Autotask: a.Autotask, Customers: a.Customers, Jobs: a.Jobs, Runs: a.Runs},
			6, 2, demoBaseURL(cfg))
		if err != nil {
			return err
		}
		pass, err := randomPassword()
		if err != nil {
			return err
		}
		if _, err := a.Accounts.Setup(accounts.NewUser{Username: "demo", DisplayName: "Demo Admin", Password: pass, Confirm: pass}, audit.Actor{IP: "demo"}); err != nil {
			return fmt.Errorf("demo admin: %w", err)
		}
		log.Info("demo data generated", "customers", sum.Customers, "jobs", sum.Jobs, "runs", sum.Runs, "took", time.Since(start).Round(time.Millisecond))
		fmt.Fprintf(stdio.Out, "\nDemo data is in %s: %d customers, %d jobs, %d runs.\n"+
			"Cove Data Protection is simulated in this process: %d accounts polled, %d approved, %d waiting under Inbox → Cove accounts.\n"+
			"Autotask is simulated in this process: %d companies, %d customers mapped, %d tickets; Run Checks → t creates one.\n"+
			"Sign in as  demo  with password  %s\n\n",
			cfg.Data, sum.Customers, sum.Jobs, sum.Runs, coveSum.Accounts, coveSum.Approved, coveSum.Pending,
			atSum.Companies, atSum.Mapped, atSum.Tickets, pass)
		return nil
	})
}

func randomPassword() (string, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// demoBaseURL is where the demo's Autotask tickets link back to: the base
// URL if one was given, else the address it listens on.
func demoBaseURL(cfg Config) string {
	if cfg.BaseURL != "" {
		return strings.TrimRight(cfg.BaseURL, "/")
	}
	addr, err := net.ResolveTCPAddr("tcp", cfg.Listen)
	if err != nil {
		return "http://localhost:8080"
	}
	return strings.TrimRight(displayURL("", addr), "/")
}
