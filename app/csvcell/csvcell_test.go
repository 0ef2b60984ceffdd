package csvcell

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

func TestFormulaCellsAreQuoted(t *testing.T) {
	cases := map[string]string{
		"=cmd|' /C calc'!A0":  "'=cmd|' /C calc'!A0",
		"+1+2":                "'+1+2",
		"-2+3":                "'-2+3",
		"@SUM(A1:A2)":         "'@SUM(A1:A2)",
		"\t=1":                "'\t=1",
		"\r=1":                "'\r=1",
		"'=1":                 "''=1",
		"Nightly":             "Nightly",
		"'quoted by a person": "'quoted by a person",
		"-3":                  "-3",
		"+1.5":                "+1.5",
		"42":                  "42",
		"":                    "",
		"a=b":                 "a=b",
	}
	for in, want := range cases {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
		if back := Unescape(Escape(in)); back != in {
			t.Errorf("Unescape(Escape(%q)) = %q", in, back)
		}
	}
}

func TestWriteEscapesEveryCell(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, [][]string{{"job", "n"}, {"=cmd|' /C calc'!A0", "-1"}}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), "\ufeff") {
		t.Fatal("no byte-order mark")
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if rows[1][0] != "'=cmd|' /C calc'!A0" || rows[1][1] != "-1" {
		t.Fatalf("row = %q", rows[1])
	}
}
