package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseCommandExitCodes(t *testing.T) {
	golden := filepath.Join("..", "reports", "veeam", "testdata", "vbr")
	code, out, _ := run(t, "", "parse", filepath.Join(golden, "failed-de-vapp-retry.eml"))
	var res map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil || res["job"] != "Praxis Server" || res["status"] != "failed" {
		t.Fatalf("a recognised report: exit %d, %s", code, out)
	}
	if strings.Contains(out, `\u0026`) {
		t.Fatal("the JSON escapes & as \\u0026; support reads this output")
	}
	code, out, _ = run(t, "", "parse", filepath.Join(golden, "not-a-report.eml"))
	if code != 3 || !strings.Contains(out, `"recognised": false`) || !strings.Contains(out, `"reason"`) {
		t.Fatalf("an unrecognised mail: exit %d, %s", code, out)
	}
	if code, _, errs := run(t, "", "parse", filepath.Join(t.TempDir(), "missing.eml")); code != 2 || !strings.Contains(errs, "no such file") {
		t.Fatalf("a missing file: exit %d, %q", code, errs)
	}
	if code, _, _ := run(t, "", "parse"); code != 2 {
		t.Fatalf("no file given: exit %d", code)
	}
}
