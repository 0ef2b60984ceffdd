package bench

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/appliance"
	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/demo"
	"github.com/backupchecks/backupchecks/app/mailimport"
	"github.com/backupchecks/backupchecks/app/secret"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/storage"
)

// User and Password sign the bench in: a bench directory is synthetic
// data for sizing, never a production appliance.
const (
	User     = "bench"
	Password = "bench-only-password"
)

// Generated is what Generate reports.
type Generated struct {
	Scale     string        `json:"scale"`
	Customers int           `json:"customers"`
	Jobs      int           `json:"jobs"`
	Runs      int           `json:"runs"`
	Mails     int           `json:"mails"` // report mails stored with their originals
	Waiting   int           `json:"waiting_for_review"`
	Cove      int           `json:"cove_accounts"`
	Tickets   int           `json:"autotask_tickets"`
	Planted   int           `json:"planted_silent"` // jobs made to stop reporting, for bench run's missed pass
	Took      time.Duration `json:"took_ns"`
	Bytes     int64         `json:"data_bytes"`
}

// Generate builds the scale's data set in dir, which must be empty or
// missing, through the use cases the product itself uses; progress lines go
// to out. The simulated Cove and Autotask run in this process only while
// generating, and are switched off when it is done.
func Generate(dir string, sc Scale, seed uint64, out io.Writer) (Generated, error) {
	g := Generated{Scale: sc.Name}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return g, fmt.Errorf("%s is not empty: generate into a new directory", dir)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return g, err
	}
	start := time.Now()
	st, err := storage.Open(storage.Options{Dir: dir})
	if err != nil {
		return g, err
	}
	defer st.Close()
	a, err := appliance.New(st, appliance.Options{Version: "bench"})
	if err != nil {
		return g, err
	}
	if _, err := a.Accounts.Setup(accounts.NewUser{Username: User, DisplayName: "Bench", Password: Password, Confirm: Password}, audit.Actor{IP: "bench"}); err != nil {
		return g, fmt.Errorf("bench user: %w", err)
	}
	by := audit.Actor{Name: "bench", IP: "bench"}
	if _, err := a.Settings.SaveGeneral(settings.General{TimeZone: "Europe/Amsterdam", DayStart: "06:00"}, by); err != nil {
		return g, fmt.Errorf("bench settings: %w", err)
	}

	now := time.Now()
	expected := expectedRuns(sc)
	var mu sync.Mutex
	lastLine := time.Now()
	progress := func(n int) {
		mu.Lock()
		defer mu.Unlock()
		if time.Since(lastLine) >= 5*time.Second {
			lastLine = time.Now()
			rate := float64(n) / time.Since(start).Seconds()
			fmt.Fprintf(out, "  %d of about %d runs (%.0f runs/s)\n", n, expected, rate)
		}
	}
	fmt.Fprintf(out, "Generating the %s MSP: %d customers, %d jobs, %d days of runs…\n", sc.Name, sc.Customers, sc.Jobs, sc.Days)
	sum, err := demo.GenerateWith(demo.Services{Customers: a.Customers, Jobs: a.Jobs, Runs: a.Runs, Overrides: a.Overrides, Remarks: a.Remarks, Mail: a.Mail},
		sc.Size, seed, now, demo.Options{Workers: 4 * runtime.GOMAXPROCS(0), Progress: progress})
	g.Customers, g.Jobs, g.Runs = sum.Customers, sum.Jobs, sum.Runs
	if err != nil {
		return g, err
	}
	fmt.Fprintf(out, "  %d runs in %s\n", sum.Runs, time.Since(start).Round(time.Second))

	coveFake, coveSum, err := demo.Cove(demo.CoveServices{Settings: a.Settings, Cove: a.Cove, Customers: a.Customers, Poll: a.CovePoller.Poll},
		sc.CoveAccounts, sc.CoveApproved, int64(seed), now)
	if err != nil {
		return g, err
	}
	coveFake.Close()
	g.Cove = coveSum.Accounts
	fmt.Fprintf(out, "  %d Cove accounts polled, %d approved\n", coveSum.Accounts, coveSum.Approved)

	atFake, atSum, err := demo.Autotask(demo.AutotaskServices{Settings: a.Settings, Autotask: a.Autotask, Customers: a.Customers, Jobs: a.Jobs, Runs: a.Runs},
		sc.Mapped, sc.Tickets, "http://localhost:8080")
	if err != nil {
		return g, err
	}
	atFake.Close()
	g.Tickets = atSum.Tickets
	fmt.Fprintf(out, "  %d customers mapped to Autotask, %d tickets\n", atSum.Mapped, atSum.Tickets)

	// Jobs of every kind that stopped reporting days ago, and one quiet
	// by hand: bench run holds the missed pass against them.
	planted, err := plant(a, now, by)
	if err != nil {
		return g, err
	}
	for _, pj := range planted.Jobs {
		if pj.Silent {
			g.Planted++
		}
	}
	fmt.Fprintf(out, "  %d jobs planted silent, %d quiet and run by hand\n", g.Planted, len(planted.Jobs)-g.Planted)

	// A running appliance has inferred every job's schedule and raised its
	// missed runs long ago; served for the first time, the bench must not
	// spend its load doing that.
	if _, err := a.Missed.Pass(); err != nil {
		return g, fmt.Errorf("schedules and missed runs: %w", err)
	}
	if err := switchOff(a.Settings, by); err != nil {
		return g, err
	}
	q, err := a.Runs.Unreviewed()
	if err != nil {
		return g, err
	}
	g.Waiting = len(q)
	if g.Mails, err = st.CountMails(mailimport.Imported); err != nil {
		return g, err
	}
	if err := st.Close(); err != nil {
		return g, err
	}
	// As a restore does: the bulk writes left level 0 and some levels over
	// their size, and a first serve would compact them under the load.
	if err := storage.Settle(dir); err != nil {
		return g, fmt.Errorf("compact the generated directory: %w", err)
	}
	if err := writePlanted(dir, planted); err != nil {
		return g, err
	}
	g.Took = time.Since(start)
	g.Bytes, err = dirSize(dir)
	return g, err
}

// switchOff turns Cove and Autotask off once their fakes are gone, so that
// the served bench measures pages, not retries of integrations that cannot
// answer; what they brought (accounts, mappings, tickets) stays.
func switchOff(set *settings.Service, by audit.Actor) error {
	cove, err := set.Cove()
	if err != nil {
		return err
	}
	cove.Enabled = false
	if _, err := set.SaveCove(cove, secret.Value{}, by); err != nil {
		return fmt.Errorf("switch the bench's Cove off: %w", err)
	}
	at, err := set.Autotask()
	if err != nil {
		return err
	}
	at.Enabled = false
	if _, err := set.SaveAutotask(at, secret.Value{}, by); err != nil {
		return fmt.Errorf("switch the bench's Autotask off: %w", err)
	}
	return nil
}

// expectedRuns is roughly how many runs the scale makes (a quarter of the
// jobs skip weekends, 1.5 % of the slots are missed runs).
func expectedRuns(sc Scale) int {
	jobs := sc.Jobs
	if jobs == 0 {
		jobs = sc.Customers * 9 / 2
	}
	return jobs * (sc.Days + 1) * 93 / 100
}

// dirSize is the bytes of the files below dir.
func dirSize(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err == nil {
			n += info.Size()
		}
		return err
	})
	return n, err
}
