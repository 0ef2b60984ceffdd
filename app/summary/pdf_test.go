package summary_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/app/summary"
	"github.com/backupchecks/backupchecks/app/testenv"
)

// A customer's PDF carries what an MSP hands over: its name, the
// customer, the period, the summary, the jobs and each failure's message,
// as text a PDF reader extracts (names with accents included).
func TestPDFHoldsTheCustomersReport(t *testing.T) {
	pdftotext := testenv.Executable(t, "pdftotext")
	f := newFixture(t)
	r, err := f.svc.Build(f.period, summary.Scope{JobID: f.nightly.ID}, summary.ByWorst)
	if err != nil {
		t.Fatal(err)
	}
	logo := image.NewRGBA(image.Rect(0, 0, 60, 20))
	for x := range 60 {
		for y := range 20 {
			logo.Set(x, y, color.RGBA{0, 90, 160, 255})
		}
	}
	var png_ bytes.Buffer
	if err := png.Encode(&png_, logo); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := summary.WritePDF(&out, r, "Acme · Nightly", summary.Branding{Name: "Établissements Dupont IT", Logo: png_.Bytes(), LogoType: "PNG"}); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(out.Bytes(), []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", out.Bytes()[:min(20, out.Len())])
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "report.pdf")
	if err := os.WriteFile(file, out.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if keep := os.Getenv("BACKUPCHECKS_PDF_OUT"); keep != "" {
		_ = os.WriteFile(keep, out.Bytes(), 0o644)
	}
	text, err := exec.Command(pdftotext, "-layout", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	for _, want := range []string{
		"Établissements Dupont IT", "Backup report: Acme · Nightly", "19 Oct 2026 – 1 Nov 2026", "14 business days",
		"64.3 %", "14 / 14", "successful (1 by override)", "Longest failing streak: 3 runs",
		"Runs per week", "Calendar", "Failures and missed runs",
		"failed at 2026-10-29 22:00:00", "missed at 2026-10-23 22:00:00", "page 1 of",
	} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the PDF's text lacks %q:\n%s", want, text)
		}
	}
}
