package synology

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/app/reports/report"
)

// fixtures is the shared development corpus, next to the checkout.
var fixtures = filepath.Join("..", "..", "..", "..", "shared", "fixtures", "mail")

// TestGolden runs the mails in testdata: each NAME.eml against NAME.json.
func TestGolden(t *testing.T) {
	if n := runFolder(t, "testdata"); n < 5 {
		t.Fatalf("only %d golden mails in testdata", n)
	}
}

// TestAcceptance runs the shared corpus when it is there: every Synology
// mail must match exactly, and no mail of other folders may be claimed.
func TestAcceptance(t *testing.T) {
	own := filepath.Join(fixtures, "synology")
	if _, err := os.Stat(own); err != nil {
		if os.Getenv("BACKUPCHECKS_STRICT_TESTS") == "1" {
			t.Fatalf("shared fixtures missing: %v", err)
		}
		t.Skipf("shared fixtures not present (%v)", err)
	}
	if n := runFolder(t, own); n == 0 {
		t.Fatal("no mails in the shared synology folder")
	}
	for _, other := range []string{"unrecognised", "veeam-vbr"} {
		if n := notClaimed(t, filepath.Join(fixtures, other)); n == 0 {
			t.Errorf("no mails in the shared %s folder", other)
		}
	}
	others, err := os.ReadDir(fixtures)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range others {
		// edge holds other products' reports wrapped; the registry unwraps them.
		if d.IsDir() && d.Name() != "synology" && d.Name() != "edge" {
			notClaimed(t, filepath.Join(fixtures, d.Name()))
		}
	}
}

// TestNoPanic feeds cut-off and mangled mails: a hostile mail must never
// crash the parser.
func TestNoPanic(t *testing.T) {
	for _, path := range emls(t, "testdata") {
		raw := readFile(t, path)
		for cut := 0; cut <= len(raw); cut += 1 + len(raw)/97 {
			if m, err := report.Decode(raw[:cut]); err == nil {
				parse(m)
			}
		}
	}
	for _, s := range []string{"", "Synology", "Task name:", "Device  Status\n", "  Device  Status  Details\nx\n",
		"Synology\nTask name: x\nBackup task x on y failed\nDevice  Status\na  b  c  d  e\n\u00e4  \u00f6\n",
		"<table><tr><th>Device</th><th>Status</th></tr><tr></tr><tr><td>a</td></tr></table>"} {
		parse(&report.Message{Text: s, HTML: s, Subject: s})
	}
}

// FuzzParse: any body, no panic.
func FuzzParse(f *testing.F) {
	f.Add("Synology\nTask name: x\nStart time: 2026-01-01 00:00:00\nDuration: 99999999999 hour(s)\nBackup task x on y has completed.")
	f.Fuzz(func(t *testing.T, s string) {
		parse(&report.Message{Text: s, HTML: s, Subject: s})
	})
}

// runFolder checks every .eml of dir against its .json and returns how
// many it checked.
func runFolder(t *testing.T, dir string) int {
	t.Helper()
	paths := emls(t, dir)
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) { checkMail(t, path) })
	}
	return len(paths)
}

func checkMail(t *testing.T, path string) {
	m, err := report.Decode(readFile(t, path))
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]any
	if err := json.Unmarshal(readFile(t, strings.TrimSuffix(path, ".eml")+".json"), &want); err != nil {
		t.Fatal(err)
	}
	got, claimed := result(t, m)
	if want["recognised"] != true {
		if claimed {
			t.Fatalf("claimed a mail that is not a Synology report: %v", got)
		}
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %v\nwant %v", got, want)
	}
	// Both parts carry the whole report: each alone must give the same.
	if m.Text != "" && m.HTML != "" {
		for name, only := range map[string]report.Message{"text": {Text: m.Text}, "html": {HTML: m.HTML}} {
			only.Subject, only.Date = m.Subject, m.Date
			if got, _ := result(t, &only); !reflect.DeepEqual(got, want) {
				t.Errorf("%s part alone: got %v", name, got)
			}
		}
	}
}

// result is the parse as the registry would print it, decoded back to
// plain values so it compares with the expected JSON.
func result(t *testing.T, m *report.Message) (map[string]any, bool) {
	t.Helper()
	res, ok := Parser.Parse(m)
	res.Recognised, res.Parser = true, Parser.Name
	raw, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return out, ok
}

// notClaimed fails for every mail of dir the parser claims; it returns how
// many mails it tried.
func notClaimed(t *testing.T, dir string) int {
	t.Helper()
	paths := emls(t, dir)
	for _, path := range paths {
		m, err := report.Decode(readFile(t, path))
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		if _, ok := Parser.Parse(m); ok {
			t.Errorf("%s: claimed a mail of another folder", path)
		}
	}
	return len(paths)
}

func emls(t *testing.T, dir string) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.eml"))
	if err != nil {
		t.Fatal(err)
	}
	return paths
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
