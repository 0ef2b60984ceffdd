// Package reports turns a raw backup-report mail into a parse result: it
// decodes and unwraps the mail (forwards, attached mails, HTML files) and
// asks each product's parser in one ordered list. The first that
// recognises the report wins; a mail none recognises says why.
package reports

import (
	"fmt"
	"strings"

	"github.com/backupchecks/backupchecks/app/reports/bacula"
	"github.com/backupchecks/backupchecks/app/reports/duplicati"
	"github.com/backupchecks/backupchecks/app/reports/hypervbu"
	"github.com/backupchecks/backupchecks/app/reports/nakivo"
	"github.com/backupchecks/backupchecks/app/reports/proxmoxbs"
	"github.com/backupchecks/backupchecks/app/reports/proxmoxve"
	"github.com/backupchecks/backupchecks/app/reports/report"
	"github.com/backupchecks/backupchecks/app/reports/synology"
	"github.com/backupchecks/backupchecks/app/reports/veeam"
)

// Parsers is the ordered list of built-in parsers. Specific ones come
// first; a parser must never claim a mail on its sender or subject alone.
var Parsers = []report.Parser{
	veeam.VBR,
	veeam.Agent,
	veeam.VB365,
	synology.Parser,
	nakivo.Parser,
	bacula.Bareos,
	bacula.Bacula,
	proxmoxve.Parser,
	proxmoxbs.Parser,
	duplicati.Parser,
	hypervbu.Parser,
}

// Parse decodes raw and returns the first parser's result. An error means
// the mail itself could not be read.
func Parse(raw []byte) (report.Result, error) {
	m, err := report.Decode(raw)
	if err != nil {
		return report.Result{}, err
	}
	return ParseMessage(m), nil
}

// ParseMessage runs the parsers over a decoded mail and what it carries.
func ParseMessage(m *report.Message) report.Result { return ParseMessageWith(m, nil) }

// ParseMessageWith runs the built-in parsers and then the admin's rules:
// a rule only sees a mail no built-in parser recognised, anywhere in it.
func ParseMessageWith(m *report.Message, rules []report.Parser) report.Result {
	for _, list := range [][]report.Parser{Parsers, rules} {
		for _, c := range m.Candidates() {
			for _, p := range list {
				if r, ok := p.Parse(c); ok {
					r.Recognised, r.Parser = true, p.Name
					return r
				}
			}
		}
	}
	return report.NotRecognised(whyNot(m))
}

// whyNot explains an unrecognised mail in words an operator can act on.
func whyNot(m *report.Message) string {
	names := make([]string, len(Parsers))
	for i, p := range Parsers {
		names[i] = p.Name
	}
	what := "its body"
	if m.Text == "" && m.HTML == "" && len(m.Attached) == 0 && len(m.HTMLFiles) == 0 {
		what = "it has no readable body"
	}
	return fmt.Sprintf("no parser recognised it (%s matched none of: %s); if it is a backup report, its product is not supported yet", what, strings.Join(names, ", "))
}
