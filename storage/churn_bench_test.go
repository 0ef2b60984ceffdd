package storage

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/mailimport"
	"github.com/backupchecks/backupchecks/app/runs"
)

// BenchmarkYearOfChurn rewrites a fixed live set 52 times, as a year of
// weekly churn would: every run reviewed and put back, every run's record
// rewritten, and a share of the mail (originals over Badger's 1 MB value
// threshold, which live in the value log) deleted and received anew, with
// the value-log cleanup the server runs in between. It reports the data
// directory at the start, half way and at the end: garbage must level
// off (the cleanup rewrites a value-log file once half of it is stale, so
// up to about twice the live values is expected), not pile up.
//
//	go test -run - -bench YearOfChurn -benchtime 1x ./storage
func BenchmarkYearOfChurn(b *testing.B) {
	for b.Loop() {
		churn(b)
	}
}

func churn(b *testing.B) {
	s, err := Open(Options{Dir: filepath.Join(b.TempDir(), "data")})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	cu, err := s.CreateCustomer(customers.Customer{Name: "Churn", Active: true}, ev(audit.CustomerCreate, "x"))
	if err != nil {
		b.Fatal(err)
	}
	j, err := s.CreateJob(jobs.Job{CustomerID: cu.ID, Source: jobs.Email, Name: "j", MatchKey: "k:j"}, ev(audit.JobCreate, "x"))
	if err != nil {
		b.Fatal(err)
	}
	const liveRuns, liveMails, rounds = 20_000, 60, 52
	list := make([]runs.Run, liveRuns)
	for i := range list {
		list[i] = runs.Run{JobID: j.ID, Source: runs.FromEmail, ExternalID: fmt.Sprint(i), Time: time.Unix(int64(i)*3600, 0), Status: runs.Failed,
			Message: "Error: the repository is unavailable", Objects: []runs.Object{{Name: "VM01", Kind: "VM", Status: runs.Failed}, {Name: "VM02", Kind: "VM", Status: runs.Success}}}
	}
	stored, _, err := s.RecordRuns(list, make([]string, liveRuns))
	if err != nil {
		b.Fatal(err)
	}
	ids := make([]uint64, len(stored))
	for i, r := range stored {
		ids[i] = r.ID
	}
	rng := rand.New(rand.NewPCG(1, 2))
	bigMail := func(n int) mailimport.Mail {
		raw := make([]byte, 1200<<10) // incompressible: stays over the threshold once packed
		for k := range raw {
			raw[k] = byte(rng.Uint32())
		}
		m, err := s.CreateMail(mailimport.Mail{Key: fmt.Sprintf("msgid:%d", n), State: mailimport.Pending, Received: time.Now()}, raw)
		if err != nil {
			b.Fatal(err)
		}
		return m
	}
	var mails []mailimport.Mail
	for n := range liveMails {
		mails = append(mails, bigMail(n))
	}
	if _, err := s.CollectGarbage(); err != nil {
		b.Fatal(err)
	}
	start, _ := s.Disk()
	var rewritten int
	for week := range rounds {
		if _, err := s.SetReviewed(ids, time.Now(), "op", ev(audit.RunReview, "op")); err != nil {
			b.Fatal(err)
		}
		if _, err := s.SetReviewed(ids, time.Time{}, "", ev(audit.RunUnreview, "op")); err != nil {
			b.Fatal(err)
		}
		for k := range liveMails / 4 { // a quarter of the mail goes and new mail comes
			i := (week*liveMails/4 + k) % liveMails
			if err := s.DeleteMail(mails[i].ID, ev(audit.MailDelete, "admin")); err != nil {
				b.Fatal(err)
			}
			mails[i] = bigMail(liveMails + week*liveMails + k)
		}
		gc, err := s.CollectGarbage()
		if err != nil {
			b.Fatal(err)
		}
		rewritten += gc.Rewritten
		if week == rounds/2-1 {
			half, _ := s.Disk()
			b.ReportMetric(float64(half.DataBytes)/(1<<20), "MB-after-26-weeks")
		}
	}
	end, _ := s.Disk()
	b.ReportMetric(float64(start.DataBytes)/(1<<20), "MB-at-start")
	b.ReportMetric(float64(end.DataBytes)/(1<<20), "MB-after-52-weeks")
	b.ReportMetric(float64(end.DataBytes)/float64(start.DataBytes), "growth")
	b.ReportMetric(float64(rewritten), "vlog-files-rewritten")
}
