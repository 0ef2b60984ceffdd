package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/backupchecks/backupchecks/app/bench"
)

const benchUsage = `Usage:
  backupchecks bench generate --data DIR [--scale small|medium|large] [--seed N]
  backupchecks bench run --data DIR [--duration D] [--saturation D] [--seed N] [--json FILE] [--memory-limit MB]

generate builds a synthetic MSP in the empty directory DIR through the
product's own use cases (large is DESIGN §6's: 300 customers, 5,000 jobs,
two years of runs). run starts the real server on DIR and measures start-up,
memory and every page under 50 operators' morning load; then, on a restored
copy of DIR (DIR itself stays as generated), the online backup and restore,
the missed pass against the silent jobs generate planted (one of every
kind, and one quiet job that runs by hand, which must not be found), a Cove
poll of every account, a bulk review and the import of 10,000 mails.
--memory-limit runs the servers in a memory cgroup of that many MB (as
root): the run then shows whether the appliance works in a VM that small.
A bench directory is for sizing only: it signs in as "bench" with a
published password.
`

func benchCmd(args []string, stdio IO) error {
	if len(args) == 0 || (args[0] != "generate" && args[0] != "run") {
		fmt.Fprint(stdio.Err, benchUsage)
		return errUsage
	}
	var cfg Config
	fs := newFlags("bench "+args[0], "bench "+args[0]+" [flags]", stdio, &cfg)
	switch args[0] {
	case "generate":
		scale := fs.String("scale", "large", "`size` of the MSP: small, medium or large")
		seed := fs.Uint64("seed", 1, "random `seed`; the same seed makes the same data")
		if err := parse(fs, args[1:]); err != nil {
			return err
		}
		sc, err := bench.ScaleNamed(*scale)
		if err != nil {
			return err
		}
		g, err := bench.Generate(cfg.Data, sc, *seed, stdio.Out)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdio.Out, "\n%s MSP in %s: %d customers, %d jobs, %d runs (%d waiting for review, %d from report mail kept with its original), %d Cove accounts, %d tickets; "+
			"%d jobs planted silent (listed in %s).\n"+
			"Took %s; the data directory holds %s.\n", g.Scale, cfg.Data, g.Customers, g.Jobs, g.Runs, g.Waiting, g.Mails, g.Cove, g.Tickets,
			g.Planted, bench.PlantedFile, g.Took.Round(time.Second), bench.Megabytes(g.Bytes))
		return nil
	default:
		duration := fs.Duration("duration", time.Minute, "how long the open-loop load runs")
		saturation := fs.Duration("saturation", 3*time.Second, "how long each page is requested back to back")
		jsonOut := fs.String("json", "", "also write the figures as JSON to `FILE`")
		seed := fs.Uint64("seed", 1, "the `seed` DIR was generated with, so the Cove poll sees its accounts")
		limitMB := fs.Int64("memory-limit", 0, "run the servers within this many `MB` of memory (a cgroup; needs root)")
		if err := parse(fs, args[1:]); err != nil {
			return err
		}
		if *limitMB < 0 {
			return fmt.Errorf("--memory-limit is a number of MB, not %d", *limitMB)
		}
		self, err := os.Executable()
		if err != nil {
			return err
		}
		r, err := bench.Run(bench.RunConfig{Data: cfg.Data, Binary: self, Duration: *duration, Saturation: *saturation, Seed: *seed, Log: stdio.Err, MemoryLimit: *limitMB << 20})
		if err != nil {
			return err
		}
		r.WriteTable(stdio.Out)
		if *jsonOut != "" {
			b, _ := json.MarshalIndent(r, "", "  ")
			return os.WriteFile(*jsonOut, append(b, '\n'), 0o644)
		}
		return nil
	}
}
