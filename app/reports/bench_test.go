package reports_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/backupchecks/backupchecks/app/reports"
	"github.com/backupchecks/backupchecks/app/testenv"
)

// BenchmarkParseCorpus is parse-only throughput (decode, unwrap, every
// parser in turn) over the whole shared corpus, recognised or not.
func BenchmarkParseCorpus(b *testing.B) {
	mails, _ := filepath.Glob(filepath.Join(testenv.MailCorpus(b), "*", "*.eml"))
	var raws [][]byte
	size := 0
	for _, p := range mails {
		raw, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		raws = append(raws, raw)
		size += len(raw)
	}
	b.SetBytes(int64(size / len(raws)))
	b.ResetTimer()
	n := 0
	for b.Loop() {
		if _, err := reports.Parse(raws[n%len(raws)]); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "mails/s")
}
