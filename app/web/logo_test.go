package web_test

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"strings"
	"testing"
)

// An admin sets the logo that heads printed and PDF reports: only a real
// PNG or JPEG is taken, everyone signed in may see it, and it can go.
func TestLogoForReports(t *testing.T) {
	h := newHarness(t)
	admin := h.login("admin")
	admin.get("/settings")
	if res := admin.get("/branding/logo"); res.StatusCode != 404 {
		t.Fatalf("no logo yet: %d", res.StatusCode)
	}
	res := admin.upload("/settings/logo", "logo.gif", []byte("GIF89a not a png"))
	if body := bodyOf(res); res.StatusCode != 422 || !strings.Contains(body, "The logo must be a PNG or JPEG image.") {
		t.Fatalf("a GIF: %d\n%s", res.StatusCode, body)
	}
	var img bytes.Buffer
	if err := png.Encode(&img, image.NewRGBA(image.Rect(0, 0, 40, 12))); err != nil {
		t.Fatal(err)
	}
	if res := admin.upload("/settings/logo", "logo.png", img.Bytes()); res.StatusCode != 303 {
		t.Fatalf("a PNG: %d %s", res.StatusCode, bodyOf(res))
	}
	rep := h.login("rep")
	res = rep.get("/branding/logo")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/png" || bodyOf(res) != img.String() {
		t.Fatalf("the logo as a reporter sees it: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	customer := fmt.Sprintf("/reports/print?period=month&month=2026-03&customer=%d", h.ids["customer"])
	if page := bodyOf(rep.get(customer)); !strings.Contains(page, `src="/branding/logo"`) {
		t.Error("the printable report does not show the logo")
	}
	res = rep.get(strings.Replace(customer, "/reports/print", "/reports/export.pdf", 1))
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(bodyOf(res), "%PDF-") ||
		!strings.Contains(res.Header.Get("Content-Disposition"), `backup-report-Acme-2026-03-01-2026-03-31.pdf`) {
		t.Errorf("Acme's PDF: %d %v", res.StatusCode, res.Header)
	}
	if res := rep.get("/reports/export.pdf?period=month&month=2026-03"); res.StatusCode != 400 {
		t.Errorf("a PDF of every customer: %d", res.StatusCode)
	}
	if res := admin.post("/settings/logo/remove", nil); res.StatusCode != 303 {
		t.Fatalf("remove: %d", res.StatusCode)
	}
	if res := rep.get("/branding/logo"); res.StatusCode != 404 {
		t.Errorf("the removed logo still answers %d", res.StatusCode)
	}
}
