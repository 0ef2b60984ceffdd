package reports_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/app/reports"
	"github.com/backupchecks/backupchecks/app/testenv"
)

// TestSharedCorpus is the acceptance test: every mail of the shared corpus
// whose product has a parser gives exactly its expected result; every mail
// expected unrecognised stays so; and no parser claims a mail of another
// product. Products without a parser yet are counted, not failed.
func TestSharedCorpus(t *testing.T) {
	corpus := testenv.MailCorpus(t)
	registered := map[string]bool{}
	for _, p := range reports.Parsers {
		registered[p.Name] = true
	}
	mails, _ := filepath.Glob(filepath.Join(corpus, "*", "*.eml"))
	if len(mails) == 0 {
		t.Fatalf("no mails in %s", corpus)
	}
	exact, pending := 0, 0
	for _, path := range mails {
		name := strings.TrimPrefix(path, corpus+string(filepath.Separator))
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]any{}
		expected, err := os.ReadFile(strings.TrimSuffix(path, ".eml") + ".json")
		if err != nil || json.Unmarshal(expected, &want) != nil {
			t.Fatalf("%s: expected result unreadable: %v", name, err)
		}
		res, err := reports.Parse(raw)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		got := map[string]any{}
		b, _ := json.Marshal(res)
		_ = json.Unmarshal(b, &got)
		wantParser, _ := want["parser"].(string)
		switch {
		case want["recognised"] == false:
			if res.Recognised {
				t.Errorf("%s: must stay unrecognised, %s claimed it", name, res.Parser)
				continue
			}
			exact++
		case !registered[wantParser]:
			if res.Recognised {
				t.Errorf("%s: a %s report was claimed by %s", name, wantParser, res.Parser)
				continue
			}
			pending++
		case reflect.DeepEqual(got, want):
			exact++
		default:
			t.Errorf("%s: result differs\n got %s\nwant %s", name, b, expected)
		}
	}
	t.Logf("corpus: %d/%d exact, %d waiting for a parser of their product", exact, len(mails), pending)
}
