package demo

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/reports"
	"github.com/backupchecks/backupchecks/app/reports/report"
	"github.com/backupchecks/backupchecks/app/runs"
)

// Every demo product's mail, in every status, is read by the product's
// own parser as the run it describes, of the job the demo made for it:
// the same match key, so an imported mail becomes a run of that job.
func TestReportMailsParseAsTheirJobsRuns(t *testing.T) {
	cu := customers.Customer{ID: 7, Name: "Harbour Clinic"}
	start := time.Date(2026, 3, 29, 1, 30, 0, 0, time.FixedZone("CEST", 2*3600))
	rng := rand.New(rand.NewPCG(1, 2))
	for _, p := range products {
		for _, status := range []runs.Status{runs.Success, runs.Warning, runs.Failed} {
			nj := p.job(cu, 0, 1)
			j := jobs.Job{CustomerID: cu.ID, Software: nj.Software, Type: nj.Type, Name: nj.Name, MatchKey: nj.MatchKey}
			raw, ok := ReportMail(cu, j, status, start, fmt.Sprintf("%s-%s@demo", slug(p.jobName), status), rng)
			if p.cove {
				if ok {
					t.Errorf("%s: Cove sends no mail, got %d bytes", p.software, len(raw))
				}
				continue
			}
			if !ok {
				t.Fatalf("%s %s: no mail", p.software, p.typ)
			}
			res, err := reports.Parse(raw)
			if err != nil || !res.Recognised {
				t.Fatalf("%s %s %s: not recognised (%v, %s):\n%s", p.software, p.typ, status, err, res.Reason, raw)
			}
			if res.Software != p.software || res.Type != p.typ || res.Job != p.jobName || res.Status != string(status) {
				t.Errorf("%s %s %s: parsed as %q %q %q %q", p.software, p.typ, status, res.Software, res.Type, res.Job, res.Status)
			}
			msg, _ := report.Decode(raw)
			if key := jobs.EmailKey(msg.From, res.Software, res.Type, res.Job); key != j.MatchKey {
				t.Errorf("%s: the mail's job key %q is not the job's %q", p.software, key, j.MatchKey)
			}
			if res.Started == nil || !res.Started.Equal(start) {
				t.Errorf("%s: started %v, want %v", p.software, res.Started, start)
			}
			if p.software != "Synology Hyper Backup" { // its mail lists no objects
				var failing int
				for _, o := range res.Objects {
					if o.Status != "success" {
						failing++
					}
				}
				if len(res.Objects) != len(p.objects) || (status == runs.Success) != (failing == 0) {
					t.Errorf("%s %s: objects %+v", p.software, status, res.Objects)
				}
			}
			if status != runs.Success && res.Message == "" && len(res.Objects) == 0 {
				t.Errorf("%s %s: the mail says nothing about what went wrong", p.software, status)
			}
		}
	}
}
