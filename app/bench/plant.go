package bench

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/backupchecks/backupchecks/app/appliance"
	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/app/silence"
)

// PlantedFile holds, beside the data, the jobs bench generate made silent:
// bench run must know them to say whether the missed pass found them, and
// the directory's own records cannot tell a planted silence from another.
// Badger ignores files it does not own, so it lives in the data directory.
const PlantedFile = "bench-planted.json"

// PlantedJob is one job bench generate made to stop reporting.
type PlantedJob struct {
	ID   uint64 `json:"id"`
	Name string `json:"name"`
	What string `json:"what"` // which case of the silence bound it covers
	// Silent is what the pass must say: true, or false for the job an
	// operator marked as run by hand.
	Silent bool `json:"silent"`
}

// Planted is the manifest bench generate writes and bench run reads.
type Planted struct {
	Now  time.Time    `json:"generated_at"`
	Jobs []PlantedJob `json:"jobs"`
}

// plantedCustomer holds the planted jobs, so an operator looking at the
// bench directory sees at once why they are silent.
const plantedCustomer = "Silent jobs (bench)"

// plan is one planted job: what it is, and the times of the runs it had
// before it fell silent (none: approved and never heard from).
type plan struct {
	job     jobs.NewJob
	what    string
	created time.Time
	times   []time.Time
	byHand  string // the reason, for the job that runs by hand
}

// plants are the silent jobs: one per way the bound is made and per kind
// of job (DESIGN §3), each quiet for days well past its bound at now, and
// one quiet job an operator said runs by hand, which must not be found.
func plants(customer uint64, now time.Time) []plan {
	loc, _ := time.LoadLocation("Europe/Amsterdam") // the bench's Settings → General time zone
	day := func(back int, hour int) time.Time {
		d := now.In(loc).AddDate(0, 0, -back)
		return time.Date(d.Year(), d.Month(), d.Day(), hour, 0, 0, 0, loc)
	}
	daily := func(from, to, hour int) []time.Time {
		var out []time.Time
		for b := from; b >= to; b-- {
			out = append(out, day(b, hour))
		}
		return out
	}
	// Every two to four days at no fixed hour: no weekly or monthly
	// pattern, so the bound comes from the gaps (about 4.5 days).
	var irregular []time.Time
	gaps := []time.Duration{53 * time.Hour, 69 * time.Hour, 98 * time.Hour, 44 * time.Hour, 78 * time.Hour, 61 * time.Hour, 90 * time.Hour}
	for t, i := day(14, 21), 0; len(irregular) < 30; i++ {
		irregular = append([]time.Time{t}, irregular...)
		t = t.Add(-gaps[i%len(gaps)])
	}
	mail := func(software, typ, name string) jobs.NewJob {
		return jobs.NewJob{CustomerID: customer, Source: jobs.Email, Software: software, Type: typ, Name: name,
			MatchKey: jobs.EmailKey("backup@silent-bench.example", software, typ, name)}
	}
	// Account IDs far above the fake Cove's (1,000,000 + 13 per device),
	// so the bench's Cove poll never brings these back to life.
	cove := func(id int, typ, name string) jobs.NewJob {
		return jobs.NewJob{CustomerID: customer, Source: jobs.Cove, Software: "Cove Data Protection", Type: typ, Name: name,
			MatchKey: jobs.CoveKey(fmt.Sprint(9_000_000 + id))}
	}
	return []plan{
		{job: mail("Veeam Backup & Replication", "Backup Job", "Nightly, stopped"), what: "mail job, daily schedule",
			created: day(41, 12), times: daily(40, 6, 22)},
		{job: mail("Synology Hyper Backup", "Backup Job", "Now and then, stopped"), what: "mail job, bound from the gaps in its history",
			created: irregular[0].Add(-time.Hour), times: irregular},
		{job: cove(1, "Server", "SRV-SILENT"), what: "Cove server, daily schedule",
			created: day(31, 12), times: daily(30, 5, 23)},
		{job: cove(2, "Microsoft 365", "M365 tenant, stopped"), what: "Cove Microsoft 365, too few runs: the default for Microsoft 365",
			created: day(10, 12), times: daily(9, 7, 3)},
		{job: cove(3, "Workstation", "LAPTOP-SILENT"), what: "Cove workstation, the default for workstations",
			created: day(31, 12), times: daily(30, 5, 13)},
		{job: mail("NAKIVO Backup & Replication", "Backup Job", "Approved, never reported"), what: "approved, never heard from",
			created: day(8, 10)},
		{job: mail("Veeam Backup & Replication", "Backup Job", "Before each audit"), what: "quiet, runs by hand",
			created: day(60, 12), times: []time.Time{day(59, 15), day(45, 11), day(30, 16)},
			byHand: "Run by hand before each quarterly audit"},
	}
}

// plant creates the planted jobs with their histories through the product's
// use cases, created when their history starts, and their history already
// reviewed, as an operator would have.
func plant(a *appliance.Appliance, now time.Time, by audit.Actor) (Planted, error) {
	p := Planted{Now: now.UTC()}
	cu, err := a.Customers.Create(plantedCustomer, by)
	if err != nil {
		return p, fmt.Errorf("customer of the planted silent jobs: %w", err)
	}
	clock := a.Jobs.Now
	defer func() { a.Jobs.Now = clock }()
	for _, pl := range plants(cu.ID, now) {
		created := pl.created
		a.Jobs.Now = func() time.Time { return created }
		j, err := a.Jobs.Create(pl.job, by)
		if err != nil {
			return p, fmt.Errorf("planted job %q: %w", pl.job.Name, err)
		}
		source := runs.FromEmail
		if pl.job.Source == jobs.Cove {
			source = runs.FromAPI
		}
		list := make([]runs.NewRun, 0, len(pl.times))
		for _, t := range pl.times {
			list = append(list, runs.NewRun{JobID: j.ID, Source: source, ExternalID: fmt.Sprintf("bench-silent-%d-%d", j.ID, t.Unix()),
				Time: t, Status: runs.Success, SourceStatus: "Success", Message: "Backup completed.", ReviewedBy: by.Name})
		}
		if len(list) > 0 {
			if _, _, err := a.Runs.RecordAll(list); err != nil {
				return p, fmt.Errorf("history of planted job %q: %w", j.Name, err)
			}
		}
		if pl.byHand != "" {
			a.Jobs.Now = clock
			if _, err := a.Jobs.SetSilence(j.ID, &silence.Setting{ByHand: true, Reason: pl.byHand}, by); err != nil {
				return p, fmt.Errorf("mark planted job %q as run by hand: %w", j.Name, err)
			}
		}
		p.Jobs = append(p.Jobs, PlantedJob{ID: j.ID, Name: j.Name, What: pl.what, Silent: pl.byHand == ""})
	}
	return p, nil
}

// writePlanted stores the manifest in the data directory.
func writePlanted(dir string, p Planted) error {
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, PlantedFile), append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("record the planted silent jobs: %w", err)
	}
	return nil
}

// readPlanted reads the manifest of a directory bench generate made. A
// directory made before generate planted silent jobs has none: it is
// still measured (regenerating the large set takes minutes), and its pass
// is reported without the planted comparison.
func readPlanted(dir string) (p Planted, listed bool, err error) {
	b, err := os.ReadFile(filepath.Join(dir, PlantedFile))
	if errors.Is(err, os.ErrNotExist) {
		return p, false, nil
	} else if err != nil {
		return p, false, err
	}
	if err := json.Unmarshal(b, &p); err != nil {
		return p, false, fmt.Errorf("%s: %w", filepath.Join(dir, PlantedFile), err)
	}
	return p, true, nil
}
