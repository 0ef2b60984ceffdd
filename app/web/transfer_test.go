package web_test

import (
	"regexp"
	"strings"
	"testing"
)

// An admin exports, uploads the export back (nothing would change), then a
// CSV with a new customer: the dry run shows it, Import now writes it once.
func TestExportImportPages(t *testing.T) {
	h := newHarness(t)
	admin := h.login("admin")
	admin.get("/settings/transfer")
	res := admin.get("/settings/transfer/export.json")
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Disposition"), "backupchecks-export-") {
		t.Fatalf("export: %d %v", res.StatusCode, res.Header)
	}
	export := []byte(bodyOf(res))
	admin.get("/settings/transfer")
	if page := uploadPage(admin, "/settings/transfer/import", "export.json", export); !strings.Contains(page, `data-testid="import-nothing"`) {
		t.Fatalf("the appliance's own export:\n%s", page)
	}
	if page := uploadPage(admin, "/settings/transfer/import", "bad.json", []byte(`{"format":"backupchecks-export","version":1,"jobs":[{"customer":"Nobody","source":"email","name":"x","match_key":"k"}]}`)); !strings.Contains(page, `customer &#34;Nobody&#34;`) && !strings.Contains(page, "customer &quot;Nobody&quot;") {
		t.Fatalf("a bad file:\n%s", page)
	}
	page := uploadPage(admin, "/settings/transfer/import", "customers.csv", []byte("name,active\nGamma BV,true\nAcme,true\n"))
	staged := regexp.MustCompile(`name="staged" value="([^"]+)"`).FindStringSubmatch(page)
	if staged == nil || !strings.Contains(page, "Customers: 1 created, 0 changed, 1 left alone") {
		t.Fatalf("the CSV's dry run:\n%s", page)
	}
	if cs, _ := h.app.Customers.List("gamma"); len(cs) != 0 {
		t.Fatal("the dry run wrote")
	}
	page = bodyOf(admin.post("/settings/transfer/import", map[string][]string{"staged": {staged[1]}}))
	if !strings.Contains(page, "Imported customers.csv") {
		t.Fatalf("import now:\n%s", page)
	}
	if cs, _ := h.app.Customers.List("gamma"); len(cs) != 1 {
		t.Fatalf("after the import: %d customers named Gamma", len(cs))
	}
	if res := admin.post("/settings/transfer/import", map[string][]string{"staged": {staged[1]}}); res.StatusCode != 422 {
		t.Errorf("the same staged file twice: %d", res.StatusCode)
	}
}

func uploadPage(c *client, path, name string, content []byte) string {
	return bodyOf(c.upload(path, name, content))
}
