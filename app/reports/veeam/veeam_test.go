package veeam_test

import (
	"testing"

	"github.com/backupchecks/backupchecks/app/reports/report"
	"github.com/backupchecks/backupchecks/app/reports/reporttest"
	"github.com/backupchecks/backupchecks/app/reports/veeam"
)

func TestGoldenVBR(t *testing.T)       { reporttest.Golden(t, veeam.VBR, "testdata/vbr", 4) }
func TestGoldenAgent(t *testing.T)     { reporttest.Golden(t, veeam.Agent, "testdata/agent", 3) }
func TestGoldenVB365(t *testing.T)     { reporttest.Golden(t, veeam.VB365, "testdata/vb365", 2) }
func TestAcceptanceVBR(t *testing.T)   { reporttest.Acceptance(t, veeam.VBR, "veeam-vbr") }
func TestAcceptanceAgent(t *testing.T) { reporttest.Acceptance(t, veeam.Agent, "veeam-agent-windows") }
func TestAcceptanceVB365(t *testing.T) { reporttest.Acceptance(t, veeam.VB365, "veeam-vb365") }

// FuzzParse runs every Veeam parser over arbitrary mails: no panic, and a
// recognised result keeps the contract.
func FuzzParse(f *testing.F) {
	for _, dir := range []string{"testdata/vbr", "testdata/agent", "testdata/vb365"} {
		reporttest.Seeds(f, dir)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		for _, p := range []report.Parser{veeam.VBR, veeam.Agent, veeam.VB365} {
			reporttest.Fuzz(t, p, raw)
		}
	})
}
