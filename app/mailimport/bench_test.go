package mailimport_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/mailimport"
	"github.com/backupchecks/backupchecks/app/reports"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/storage"
)

// benchMails are the golden report mails, each made unique per iteration
// by its Message-ID so every import is a new mail.
func benchMails(b *testing.B) [][]byte {
	paths, _ := filepath.Glob("../reports/*/testdata/*.eml")
	nested, _ := filepath.Glob("../reports/*/testdata/*/*.eml")
	paths = append(paths, nested...)
	var out [][]byte
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, raw)
	}
	return out
}

func unique(raw []byte, i int) []byte {
	return []byte(strings.Replace(string(raw), "Message-ID: <", fmt.Sprintf("Message-ID: <b%d.", i), 1))
}

// BenchmarkParseOnly is decode + unwrap + every parser, no storage.
func BenchmarkParseOnly(b *testing.B) {
	mails := benchMails(b)
	n := 0
	for b.Loop() {
		if _, err := reports.Parse(mails[n%len(mails)]); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "mails/s")
}

// BenchmarkImport is the whole ingest of one mail on a real on-disk
// Badger: parse, dedupe, store compressed, and record the run (the jobs
// exist) or put it in the Inbox, each in synced transactions.
func BenchmarkImport(b *testing.B) {
	st, err := storage.Open(storage.Options{Dir: filepath.Join(b.TempDir(), "data")})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	cs := customers.NewService(st)
	cu, _ := cs.Create("Bench", audit.Actor{})
	js := jobs.NewService(st, func(uint64) error { return nil })
	svc := mailimport.NewService(st, js, runs.NewService(st))
	mails := benchMails(b)
	for i, raw := range mails { // approve each product's job once, so later mails become runs
		res, _ := svc.Import(unique(raw, -i-1), mailimport.Source{})
		if res.Mail.Report != nil {
			svc.Approve(res.Mail.ID, mailimport.Approval{CustomerID: cu.ID}, audit.Actor{})
		}
	}
	b.ResetTimer()
	n := 0
	for b.Loop() {
		if _, err := svc.Import(unique(mails[n%len(mails)], n), mailimport.Source{}); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "mails/s")
}

// BenchmarkPoll is the same ingest as a poll does it: batches of 50, their
// parsing on every CPU and their writes in a few transactions per batch.
func BenchmarkPoll(b *testing.B) {
	st, err := storage.Open(storage.Options{Dir: filepath.Join(b.TempDir(), "data")})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	cs := customers.NewService(st)
	cu, _ := cs.Create("Bench", audit.Actor{})
	js := jobs.NewService(st, func(uint64) error { return nil })
	svc := mailimport.NewService(st, js, runs.NewService(st))
	mails := benchMails(b)
	for i, raw := range mails { // approve each product's job once, so later mails become runs
		res, _ := svc.Import(unique(raw, -i-1), mailimport.Source{})
		if res.Mail.Report != nil {
			svc.Approve(res.Mail.ID, mailimport.Approval{CustomerID: cu.ID}, audit.Actor{})
		}
	}
	mb := mailimport.NewMemoryMailbox()
	for i := range b.N {
		mb.Append("INBOX", unique(mails[i%len(mails)], i), time.Now())
	}
	b.ResetTimer()
	res, err := svc.Poll(mb, st, mailimport.PollConfig{Folder: "INBOX", Processed: "Processed"})
	if err != nil || res.Fetched != b.N {
		b.Fatalf("poll: %+v %v", res, err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "mails/s")
}
