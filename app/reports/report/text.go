package report

import (
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// Clean trims s and collapses every run of white space (no-break spaces
// included) to one space, as every string of a result is written.
func Clean(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v' || r == '\u00a0' || r == '\u2007' || r == '\u202f'
	}), " ")
}

// Lines cleans each line of s, drops empty ones and joins them with "\n":
// the form of every multi-line message.
func Lines(s string) string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = Clean(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

var brTag = regexp.MustCompile(`(?i)<br\s*/?>`)

// HTML parses an HTML body with <br> turned into line breaks, so a cell's
// Text keeps its lines.
func HTML(body string) (*goquery.Document, error) {
	return goquery.NewDocumentFromReader(strings.NewReader(brTag.ReplaceAllString(body, "\n")))
}

// CellLines is a cell's text as message lines.
func CellLines(s *goquery.Selection) string { return Lines(s.Text()) }
