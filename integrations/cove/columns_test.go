package cove_test

import (
	"slices"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/integrations/cove"
)

func TestDataSources(t *testing.T) {
	for in, want := range map[string][]int{
		"D01D02D10":                    {1, 2, 10},
		"D1,D2":                        {1, 2},
		"D19D20D05D23":                 {19, 20, 5, 23},
		"D01D01D1":                     {1},
		"":                             nil,
		"garbage":                      nil,
		"FSZ":                          nil,
		"DD,D":                         nil,
		"xD07yD99999999999999999999D1": {7, 1},
	} {
		if got := cove.DataSources(in); !slices.Equal(got, want) {
			t.Errorf("DataSources(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestSourceNamesAndColumns(t *testing.T) {
	for ds, want := range map[int]string{1: "Files and Folders", 9: "Total", 10: "MS SQL", 14: "Hyper-V", 19: "Microsoft 365 Exchange", 23: "Microsoft 365 Teams", 13: "Data source 13", 99: "Data source 99", -1: "Data source -1"} {
		if got := cove.SourceName(ds); got != want {
			t.Errorf("SourceName(%d) = %q", ds, got)
		}
	}
	if cove.Column(9, 0) != "D09F00" || cove.Column(10, 15) != "D10F15" || cove.Column(cove.Total, 8) != "D09F08" {
		t.Error("Column does not pad to two digits")
	}
}

func TestStatus(t *testing.T) {
	for v, want := range map[string]string{"5": "Completed", "8": "CompletedWithErrors", " 2 ": "Failed", "0": "NoBackup", "12": "Restarted", "13": "Status 13"} {
		s, ok := cove.ParseStatus(v)
		if !ok || s.String() != want {
			t.Errorf("ParseStatus(%q) = %v %v, want %s", v, s, ok, want)
		}
	}
	for _, v := range []string{"", "x", "5.5"} {
		if _, ok := cove.ParseStatus(v); ok {
			t.Errorf("ParseStatus(%q) is ok", v)
		}
	}
}

func TestColourBar(t *testing.T) {
	bar := cove.ColourBar("5555555555555555555555555582")
	if len(bar) != 28 || bar[0] != cove.Completed || bar[26] != cove.CompletedWithErrors || bar[27] != cove.Failed {
		t.Fatalf("bar: %v", bar)
	}
	if got := cove.ColourBar("5x-é"); !slices.Equal(got, []cove.Status{cove.Completed, cove.Unknown, cove.Unknown, cove.Unknown}) {
		t.Fatalf("odd characters: %v", got)
	}
	if cove.ColourBar("") != nil || len(cove.ColourBar("123")) != 3 {
		t.Fatal("length")
	}
}

func TestAccountNumbersAndTimes(t *testing.T) {
	a := cove.Account{Settings: map[string]string{"n": " 42 ", "f": "7.0", "neg": "-5", "bad": "4x", "t": "1718000000"}}
	if n, ok := a.Int("n"); !ok || n != 42 {
		t.Errorf("n: %d %v", n, ok)
	}
	if n, ok := a.Int("f"); !ok || n != 7 {
		t.Errorf("f: %d %v", n, ok)
	}
	if _, ok := a.Int("bad"); ok {
		t.Error("bad reads as a number")
	}
	if !a.Time("neg").IsZero() || !a.Time("bad").IsZero() || !a.Time("missing").IsZero() {
		t.Error("an invalid time is not zero")
	}
	if got := a.Time("t"); !got.Equal(time.Unix(1718000000, 0)) || got.Location() != time.UTC {
		t.Errorf("t: %v", got)
	}
}
