// Package reporttest holds the tests every parser shares: golden mails in
// its testdata, the shared corpus as acceptance test, and the checks a
// fuzz target makes. A parser's test is then a few lines.
package reporttest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/app/reports/report"
	"github.com/backupchecks/backupchecks/app/testenv"
)

// Run decodes raw and runs p as the registry does, returning the result
// as the JSON the parse command prints (recognised false when p declines).
func Run(t testing.TB, p report.Parser, raw []byte) (report.Result, []byte) {
	t.Helper()
	m, err := report.Decode(raw)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	var res report.Result
	for _, c := range m.Candidates() {
		if r, ok := p.Parse(c); ok {
			res = r
			res.Recognised, res.Parser = true, p.Name
			break
		}
	}
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	return res, b
}

// Golden checks every dir/NAME.eml against dir/NAME.json; there must be at
// least min of them.
func Golden(t *testing.T, p report.Parser, dir string, min int) {
	t.Helper()
	mails, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	if len(mails) < min {
		t.Fatalf("%d golden mails in %s, want at least %d", len(mails), dir, min)
	}
	for _, path := range mails {
		t.Run(filepath.Base(path), func(t *testing.T) { expect(t, p, path) })
	}
}

// expect compares one mail with its expected result. For an expected
// "recognised": false only that is compared.
func expect(t *testing.T, p report.Parser, path string) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	wantRaw, err := os.ReadFile(strings.TrimSuffix(path, ".eml") + ".json")
	if err != nil {
		t.Fatal(err)
	}
	var want, got map[string]any
	if err := json.Unmarshal(wantRaw, &want); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	res, b := Run(t, p, raw)
	if want["recognised"] == false {
		if res.Recognised {
			t.Fatalf("%s: claimed a mail that is not its report: %s", path, b)
		}
		return
	}
	_ = json.Unmarshal(b, &got)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s\n got %s\nwant %s", path, b, wantRaw)
	}
	Contract(t, res)
}

// Acceptance runs the shared corpus: every mail in folder must give its
// expected result exactly, and p must claim no mail of any other folder
// (edge/ holds wrapped reports of several products and is left to the
// registry's own corpus test).
func Acceptance(t *testing.T, p report.Parser, folder string) {
	t.Helper()
	corpus := testenv.MailCorpus(t)
	own, _ := filepath.Glob(filepath.Join(corpus, folder, "*.eml"))
	if len(own) == 0 {
		t.Fatalf("no mails in the shared %s folder", folder)
	}
	for _, path := range own {
		t.Run(filepath.Base(path), func(t *testing.T) { expect(t, p, path) })
	}
	others, _ := filepath.Glob(filepath.Join(corpus, "*", "*.eml"))
	for _, path := range others {
		dir := filepath.Base(filepath.Dir(path))
		if dir == folder || dir == "edge" {
			continue
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if res, _ := Run(t, p, raw); res.Recognised {
			t.Errorf("%s claims %s/%s", p.Name, dir, filepath.Base(path))
		}
	}
}

// Contract fails on a recognised result that breaks DESIGN §4.1.1.
func Contract(t testing.TB, r report.Result) {
	t.Helper()
	ok := func(s string) bool { return s == report.Success || s == report.Warning || s == report.Failed }
	switch {
	case !ok(r.Status):
		t.Fatalf("status %q outside the contract", r.Status)
	case strings.TrimSpace(r.Job) == "":
		t.Fatal("recognised with an empty job name")
	case r.Software == "" || r.Type == "":
		t.Fatal("recognised without software or type")
	case r.Started != nil && r.Ended != nil && r.Ended.Before(*r.Started):
		t.Fatalf("ended %v before started %v", r.Ended, r.Started)
	}
	for _, o := range r.Objects {
		if !ok(o.Status) {
			t.Fatalf("object %q has status %q", o.Name, o.Status)
		}
	}
}

// Seeds adds every testdata mail of dir to a fuzz target's corpus.
func Seeds(f *testing.F, dir string) {
	mails, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	for _, p := range mails {
		if raw, err := os.ReadFile(p); err == nil {
			f.Add(raw)
		}
	}
}

// Fuzz is the body of a parser's fuzz target: no panic, and a recognised
// result keeps the contract.
func Fuzz(t *testing.T, p report.Parser, raw []byte) {
	m, err := report.Decode(raw)
	if err != nil {
		return
	}
	for _, c := range m.Candidates() {
		if r, ok := p.Parse(c); ok {
			Contract(t, r)
		}
	}
}

// Truncated parses every mail in dir cut off at about a hundred points:
// a report broken off anywhere must not panic the parser.
func Truncated(t *testing.T, parse func(*report.Message) (report.Result, bool), dir string) {
	t.Helper()
	mails, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	for _, path := range mails {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for cut := 0; cut <= len(raw); cut += 1 + len(raw)/97 {
			if m, err := report.Decode(raw[:cut]); err == nil {
				parse(m)
			}
		}
	}
}
