package synology

import (
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/backupchecks/backupchecks/app/reports/report"
)

// body is one reading of the mail (HTML or plain text) in the shape both
// give: its whole text, its sentences, its "Key: value" fields and the
// device table, so the rules are written once.
type body struct {
	all       string
	sentences []string
	fields    map[string]string // lower-case key without colon → value; first wins
	table     *table
}

// table is the Active Backup device table without its header row.
type table struct {
	rows            [][]string
	status, details int // column indexes; -1 when missing
}

func newBody() *body { return &body{fields: map[string]string{}} }

// field is the value of the first of keys the report prints.
func (b *body) field(keys []string) string {
	for _, k := range keys {
		if v, ok := b.fields[k]; ok {
			return v
		}
	}
	return ""
}

// addField keeps the first value of a key: a later line with the same key
// (a quoted reply, a footer) must not override the report's own.
func (b *body) addField(key, value string) {
	key = strings.ToLower(report.Clean(strings.TrimSuffix(report.Clean(key), ":")))
	if _, seen := b.fields[key]; !seen && key != "" {
		b.fields[key] = value
	}
}

// fromHTML reads the HTML part: sentences from leaf blocks, fields from
// two-cell rows whose first cell ends in a colon, and the device table.
func fromHTML(html string) (*body, error) {
	doc, err := report.HTML(html)
	if err != nil {
		return nil, err
	}
	b := newBody()
	b.all = doc.Text()
	doc.Find("p, div, td, span, li, h1, h2, h3, h4").Each(func(_ int, s *goquery.Selection) {
		if s.Find("p, div, table, li").Length() == 0 {
			b.sentences = append(b.sentences, strings.Split(report.CellLines(s), "\n")...)
		}
	})
	doc.Find("tr").Each(func(_ int, tr *goquery.Selection) {
		cells := tr.ChildrenFiltered("td, th")
		if cells.Length() != 2 {
			return
		}
		if key := report.Clean(cells.First().Text()); strings.HasSuffix(key, ":") {
			b.addField(key, report.CellLines(cells.Last()))
		}
	})
	b.table = htmlTable(doc)
	return b, nil
}

// htmlTable finds the device table by its header row (Device/Gerät …
// Status) and reads the rows of that same table after it.
func htmlTable(doc *goquery.Document) *table {
	header, rows, ok := report.TableByHeader(doc, isDeviceHeader)
	if !ok {
		return nil
	}
	t := newTable(header)
	t.rows = rows
	return t
}

// isDeviceHeader: first column Device/Gerät and a Status column.
func isDeviceHeader(cells []string) bool {
	if len(cells) < 2 {
		return false
	}
	switch strings.ToLower(report.Clean(cells[0])) {
	case "device", "gerät", "geraet":
		return report.Column(cells, "status") > 0
	}
	return false
}

func newTable(header []string) *table {
	return &table{status: report.Column(header, "status"), details: report.Column(header, "details")}
}

var textField = regexp.MustCompile(`^([\p{L}][\p{L} ()]{0,40}):\s*(.*)$`)

// fromText reads the plain-text part: one sentence or field per line and
// the device table as columns aligned under its header.
func fromText(text string) *body {
	b := newBody()
	b.all = text
	raw := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	for i := 0; i < len(raw); i++ {
		line := report.Clean(raw[i])
		if line == "" {
			continue
		}
		if b.table == nil && isDeviceHeader(splitColumns(raw[i])) {
			n := readTextTable(b, raw[i:])
			i += n
			continue
		}
		b.sentences = append(b.sentences, line)
		if f := textField.FindStringSubmatch(line); f != nil {
			b.addField(f[1], f[2])
		}
	}
	return b
}

// readTextTable reads the header line and the rows below it up to the first
// empty line, returning how many lines after the header it used.
func readTextTable(b *body, lines []string) int {
	header := lines[0]
	b.table = newTable(splitColumns(header))
	starts := columnStarts(header)
	n := 0
	for _, l := range lines[1:] {
		if report.Clean(l) == "" {
			break
		}
		n++
		b.table.rows = append(b.table.rows, rowCells(l, starts))
	}
	return n
}

var wideGap = regexp.MustCompile(`\s{2,}`)

// splitColumns splits a line at runs of two or more spaces.
func splitColumns(line string) []string {
	return wideGap.Split(strings.TrimSpace(line), -1)
}

// columnStarts are the rune offsets where header columns begin: the start of
// the line and every word after two or more spaces ("Data transferred" is
// one column).
func columnStarts(header string) []int {
	r := []rune(strings.TrimRight(header, " \t"))
	var starts []int
	for i, c := range r {
		if isBlank(c) {
			continue
		}
		if len(starts) == 0 || (i >= 2 && isBlank(r[i-1]) && isBlank(r[i-2])) {
			starts = append(starts, i)
		}
	}
	return starts
}

func isBlank(c rune) bool { return c == ' ' || c == '\t' }

// rowCells cuts a row at the header's column offsets. When a value runs
// into the next column the offsets lie, so it falls back to splitting at
// wide gaps.
func rowCells(line string, starts []int) []string {
	r := []rune(line)
	for _, s := range starts {
		if s > 0 && s < len(r) && !isBlank(r[s-1]) {
			return splitColumns(line)
		}
	}
	out := make([]string, len(starts))
	for i, s := range starts {
		if s >= len(r) {
			break
		}
		end := len(r)
		if i+1 < len(starts) && starts[i+1] < end {
			end = starts[i+1]
		}
		out[i] = report.Clean(string(r[s:end]))
	}
	return out
}
