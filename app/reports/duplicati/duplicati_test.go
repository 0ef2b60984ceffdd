package duplicati

import (
	"testing"

	"github.com/backupchecks/backupchecks/app/reports/reporttest"
)

func TestGolden(t *testing.T)     { reporttest.Golden(t, Parser, "testdata", 6) }
func TestAcceptance(t *testing.T) { reporttest.Acceptance(t, Parser, "duplicati") }

func FuzzParse(f *testing.F) {
	reporttest.Seeds(f, "testdata")
	f.Fuzz(func(t *testing.T, raw []byte) { reporttest.Fuzz(t, Parser, raw) })
}
