package bacula

import (
	"testing"

	"github.com/backupchecks/backupchecks/app/reports/reporttest"
)

func TestGoldenBareos(t *testing.T) { reporttest.Golden(t, Bareos, "testdata/bareos", 3) }
func TestGoldenBacula(t *testing.T) { reporttest.Golden(t, Bacula, "testdata/bacula", 2) }

// The shared corpus: each parser gives every mail of its folder exactly
// and claims none of another folder (the other product's included).
func TestAcceptanceBareos(t *testing.T) { reporttest.Acceptance(t, Bareos, "bareos") }
func TestAcceptanceBacula(t *testing.T) { reporttest.Acceptance(t, Bacula, "bacula") }

// FuzzParse: no mail makes either parser panic or break the contract.
func FuzzParse(f *testing.F) {
	reporttest.Seeds(f, "testdata/bareos")
	reporttest.Seeds(f, "testdata/bacula")
	f.Fuzz(func(t *testing.T, raw []byte) {
		reporttest.Fuzz(t, Bareos, raw)
		reporttest.Fuzz(t, Bacula, raw)
	})
}
