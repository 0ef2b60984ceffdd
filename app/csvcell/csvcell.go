// Package csvcell writes the CSV files the appliance hands out (report
// tables, customers and jobs for export) so that a spreadsheet opens every
// cell as text: a value that arrived by mail, such as a job named
// =cmd|' /C calc'!A0, must never become a formula on an operator's PC.
//
// It follows OWASP's advice for CSV injection: a cell starting with
// = + - @ TAB or CR is prefixed with a single quote. Plain numbers (-3,
// +1.5) are left alone: they cannot be formulas and stay numbers in the
// spreadsheet. Unescape undoes the prefix, so a file exported and imported
// again gives back the same names.
package csvcell

import (
	"encoding/csv"
	"io"
	"regexp"
)

// utf8BOM makes Excel read the file as UTF-8 (customer names have accents).
const utf8BOM = "\ufeff"

// Write writes rows as one CSV file: a byte-order mark, then every row
// with every cell escaped. It is the only way the appliance writes CSV.
func Write(w io.Writer, rows [][]string) error {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	for _, row := range rows {
		out := make([]string, len(row))
		for i, cell := range row {
			out[i] = Escape(cell)
		}
		if err := cw.Write(out); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

var plainNumber = regexp.MustCompile(`^[+-]?[0-9]+(\.[0-9]+)?$`)

// needsQuote reports whether a spreadsheet could read s as a formula. A
// cell that starts with a quote followed by such a value is quoted too, so
// Escape stays reversible.
func needsQuote(s string) bool {
	if s == "" || plainNumber.MatchString(s) {
		return false
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	case '\'':
		return needsQuote(s[1:])
	}
	return false
}

// Escape is s as a cell a spreadsheet shows as text.
func Escape(s string) string {
	if needsQuote(s) {
		return "'" + s
	}
	return s
}

// Unescape reverses Escape, for reading back a file the appliance wrote.
// A cell a person typed with a leading quote of their own is kept as is
// unless the rest would have been quoted.
func Unescape(s string) string {
	if len(s) > 1 && s[0] == '\'' && needsQuote(s[1:]) {
		return s[1:]
	}
	return s
}
