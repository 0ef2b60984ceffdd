package parsers_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/app/mailimport"
)

// BenchmarkDryRun2000 tries a rule on the most a dry run reads: 2,000
// stored mails, most of them reports of built-in products.
func BenchmarkDryRun2000(b *testing.B) {
	w := newWorld(b)
	veeam, err := os.ReadFile("../mailimport/testdata/kantoor-1.eml")
	if err != nil {
		b.Fatal(err)
	}
	script, err := os.ReadFile("testdata/rsync-ok.eml")
	if err != nil {
		b.Fatal(err)
	}
	for i := range 2000 {
		raw, id := veeam, "success-2vms-en@vbr.praxis.test"
		if i%10 == 0 {
			raw, id = script, "rsync-ok-20260112@nas01.example"
		}
		raw = []byte(strings.Replace(string(raw), id, fmt.Sprintf("%d-%s", i, id), 1))
		if _, err := w.mail.Import(raw, mailimport.Source{Folder: "INBOX"}); err != nil {
			b.Fatal(err)
		}
	}
	r := rsync()
	b.ResetTimer()
	for b.Loop() {
		run, err := w.rules.Try(r)
		if err != nil || run.Read != 2000 || run.Claimed != 200 {
			b.Fatalf("dry run: read %d, claimed %d, %v", run.Read, run.Claimed, err)
		}
	}
}
