package report

import (
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// TableByHeader finds the first table row whose cells isHeader accepts
// and returns those cells and the rows after it in the same table (not
// those of tables nested in it), each as its cells' text. ok is false
// when no row is such a header.
func TableByHeader(doc *goquery.Document, isHeader func(cells []string) bool) (header []string, rows [][]string, ok bool) {
	doc.Find("tr").EachWithBreak(func(_ int, tr *goquery.Selection) bool {
		cells := RowCells(tr)
		if !isHeader(cells) {
			return true
		}
		header, ok = cells, true
		own := tr.Closest("table")
		past := false
		own.Find("tr").Each(func(_ int, row *goquery.Selection) {
			switch {
			case row.IsSelection(tr):
				past = true
			case past && row.Closest("table").IsSelection(own):
				rows = append(rows, RowCells(row))
			}
		})
		return false
	})
	return header, rows, ok
}

// RowCells is the text of a table row's cells, each keeping its lines.
func RowCells(tr *goquery.Selection) []string {
	var out []string
	tr.ChildrenFiltered("td, th").Each(func(_ int, c *goquery.Selection) {
		out = append(out, CellLines(c))
	})
	return out
}

// Column is the index of the header cell that reads name (any case), or -1.
func Column(header []string, name string) int {
	for i, h := range header {
		if strings.EqualFold(Clean(h), name) {
			return i
		}
	}
	return -1
}
