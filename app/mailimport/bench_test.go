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

// importWorld is an on-disk store whose jobs exist for every golden mail,
// so that their mails become runs; the store closes with the benchmark.
func importWorld(b *testing.B) (*storage.Store, *mailimport.Service, [][]byte) {
	st, err := storage.Open(storage.Options{Dir: filepath.Join(b.TempDir(), "data")})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
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
	return st, svc, mails
}

// BenchmarkImport is the whole ingest of one mail at a time on a real
// on-disk Badger: parse, dedupe, store compressed with its run (the jobs
// exist) or put it in the Inbox, in one synced transaction per mail.
func BenchmarkImport(b *testing.B) {
	_, svc, mails := importWorld(b)
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
	st, svc, mails := importWorld(b)
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
