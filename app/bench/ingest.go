package bench

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"time"

	"github.com/backupchecks/backupchecks/app/appliance"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/demo"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/mailimport"
	"github.com/backupchecks/backupchecks/app/reports"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/storage"
)

// IngestFigures are the mail import of a morning's report mail: parse,
// store and index, beside the parsing alone in the same process.
type IngestFigures struct {
	Mails     int     `json:"mails"`
	NewRuns   int     `json:"new_runs"`
	ParseOnly float64 `json:"parse_only_mails_per_s"` // one goroutine, nothing stored
	Ingest    float64 `json:"ingest_mails_per_s"`     // a poll, batches of 100, on every CPU
	// Ratio is the median of the rounds' ratios: each round parses and
	// imports its share back to back, so a round's two figures meet the
	// same background compaction and CPU clock, which swing between rounds.
	// Rounds of 200 keep a compaction from falling into one side alone.
	Ratio      float64   `json:"ratio"`
	TotalRatio float64   `json:"total_ratio"` // Ingest / ParseOnly over all rounds
	Rounds     []float64 `json:"round_ratios"`
	CPUs       int       `json:"ingest_cpus"`
}

// ingestMails is how many mails the bench imports, in ingestRounds.
const (
	ingestMails  = 10_000
	ingestRounds = 50
)

// ingest synthesises n report mails of the copy's email jobs (in each
// product's own layout, with new run times), parses them once alone, then
// imports them through the poll the server runs, from a mailbox held in
// memory so that no mail server is needed.
func ingest(a *appliance.Appliance, st *storage.Store, n int) (IngestFigures, error) {
	f := IngestFigures{Mails: n, CPUs: runtime.GOMAXPROCS(0)}
	all, err := a.Jobs.All()
	if err != nil {
		return f, err
	}
	custs, err := a.Customers.List("")
	if err != nil {
		return f, err
	}
	byID := map[uint64]customers.Customer{}
	for _, cu := range custs {
		byID[cu.ID] = cu
	}
	var email []jobs.Job
	for _, j := range all {
		// The planted silent jobs stopped reporting, and report mail the
		// bench writes would not match them (their sender is the bench's own).
		if j.Source == jobs.Email && !j.Archived && byID[j.CustomerID].Name != plantedCustomer {
			email = append(email, j)
		}
	}
	if len(email) == 0 {
		return f, fmt.Errorf("the bench directory has no email jobs")
	}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 9))
	nonce := time.Now().UnixNano()
	statuses := []runs.Status{runs.Success, runs.Success, runs.Success, runs.Success, runs.Success, runs.Success, runs.Warning, runs.Failed}
	mails := make([][]byte, 0, n)
	for i := 0; len(mails) < n; i++ {
		j := email[rng.IntN(len(email))]
		start := time.Now().Add(-time.Duration(rng.IntN(600)) * time.Minute)
		raw, ok := demo.ReportMail(byID[j.CustomerID], j, statuses[rng.IntN(len(statuses))], start, fmt.Sprintf("bench-%d-%d@reports.example", nonce, i), rng)
		if ok {
			mails = append(mails, raw)
		}
		if i > 4*n {
			return f, fmt.Errorf("the bench directory's email jobs are of products the bench cannot write mail for")
		}
	}

	// Parse-only and the import alternate in rounds, so both meet the same
	// background work (Badger compacting what the server wrote before):
	// timed one after the other, one of them would get a quiet disk.
	var parseTook, ingestTook time.Duration
	fetched, per := 0, n/ingestRounds
	for r := range ingestRounds {
		part := mails[r*per : (r+1)*per]
		runtime.GC() // neither timing pays for the synthesis's garbage
		begin := time.Now()
		for _, raw := range part {
			if _, err := reports.Parse(raw); err != nil {
				return f, err
			}
		}
		parsed := time.Since(begin)
		parseTook += parsed

		// A folder of its own, so no earlier run's poll state skips these.
		folder := fmt.Sprintf("bench-%d-%d", nonce, r)
		mb := mailimport.NewMemoryMailbox()
		for _, raw := range part {
			mb.Append(folder, raw, time.Now())
		}
		runtime.GC()
		begin = time.Now()
		res, err := a.Mail.Poll(mb, st, mailimport.PollConfig{Folder: folder, Processed: folder + "-done"})
		if err != nil {
			return f, fmt.Errorf("ingest: %w", err)
		}
		imported := time.Since(begin)
		ingestTook += imported
		f.Rounds = append(f.Rounds, parsed.Seconds()/imported.Seconds()*float64(res.Fetched)/float64(len(part)))
		fetched += res.Fetched
		f.NewRuns += res.NewRuns
	}
	f.Mails = fetched
	f.ParseOnly = float64(fetched) / parseTook.Seconds()
	f.Ingest = float64(fetched) / ingestTook.Seconds()
	f.Ratio, f.TotalRatio = median(f.Rounds), f.Ingest/f.ParseOnly
	return f, nil
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
