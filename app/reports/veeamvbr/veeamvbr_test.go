package veeamvbr_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/app/reports/report"
	"github.com/backupchecks/backupchecks/app/reports/veeamvbr"
)

// Golden tests over mails written for this repository: each testdata/X.eml
// must parse to exactly testdata/X.json.
func TestGolden(t *testing.T) {
	mails, _ := filepath.Glob("testdata/*.eml")
	if len(mails) < 4 {
		t.Fatalf("only %d golden mails", len(mails))
	}
	for _, path := range mails {
		t.Run(filepath.Base(path), func(t *testing.T) {
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			m, err := report.Decode(raw)
			if err != nil {
				t.Fatal(err)
			}
			res, ok := veeamvbr.Parser.Parse(m)
			res.Recognised = ok
			if ok {
				res.Parser = veeamvbr.Parser.Name
			}
			var got, want map[string]any
			b, _ := json.Marshal(res)
			_ = json.Unmarshal(b, &got)
			expected, err := os.ReadFile(strings.TrimSuffix(path, ".eml") + ".json")
			if err != nil || json.Unmarshal(expected, &want) != nil {
				t.Fatalf("expected result unreadable: %v", err)
			}
			if want["recognised"] == false {
				if ok {
					t.Fatalf("claimed a mail that is no report: %s", b)
				}
				return
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("got  %s\nwant %s", b, expected)
			}
		})
	}
}

// FuzzParse feeds arbitrary mails through decoding and the parser: no
// panic, and a recognised result always keeps the contract.
func FuzzParse(f *testing.F) {
	mails, _ := filepath.Glob("testdata/*.eml")
	for _, p := range mails {
		raw, _ := os.ReadFile(p)
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := report.Decode(raw)
		if err != nil {
			return
		}
		res, ok := veeamvbr.Parser.Parse(m)
		if !ok {
			return
		}
		switch res.Status {
		case report.Success, report.Warning, report.Failed:
		default:
			t.Fatalf("status %q outside the contract", res.Status)
		}
		if res.Job == "" {
			t.Fatal("recognised with an empty job name")
		}
		for _, o := range res.Objects {
			if o.Status != report.Success && o.Status != report.Warning && o.Status != report.Failed {
				t.Fatalf("object status %q", o.Status)
			}
		}
	})
}
