package transfer

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/backupchecks/backupchecks/app/csvcell"
	"github.com/backupchecks/backupchecks/app/jobs"
)

// The CSV files, for spreadsheets: one of customers, one of jobs. They
// carry less than the JSON (no aliases, no schedules), so an import from
// CSV keeps what the file cannot say.
var (
	customerColumns = []string{"name", "active", "autotask_company_id", "autotask_company"}
	jobColumns      = []string{"customer", "source", "software", "type", "name", "match_key", "archived"}
)

// WriteCustomersCSV writes the customers with a BOM, so Excel reads UTF-8.
func WriteCustomersCSV(w io.Writer, f File) error {
	rows := [][]string{customerColumns}
	for _, c := range f.Customers {
		id := ""
		if c.AutotaskCompanyID != nil {
			id = strconv.FormatInt(*c.AutotaskCompanyID, 10)
		}
		rows = append(rows, []string{c.Name, strconv.FormatBool(c.Active), id, c.AutotaskCompany})
	}
	return writeCSV(w, rows)
}

// WriteJobsCSV writes the jobs likewise.
func WriteJobsCSV(w io.Writer, f File) error {
	rows := [][]string{jobColumns}
	for _, j := range f.Jobs {
		rows = append(rows, []string{j.Customer, string(j.Source), j.Software, j.Type, j.Name, j.MatchKey, strconv.FormatBool(j.Archived)})
	}
	return writeCSV(w, rows)
}

// writeCSV escapes cells a spreadsheet would read as formulas; ReadCSV
// undoes that, so an export imported again keeps its names.
func writeCSV(w io.Writer, rows [][]string) error { return csvcell.Write(w, rows) }

// ReadCSV reads a customers or jobs CSV (told apart by its header) into a
// partial File. A jobs file adds the customers it names that are missing.
func ReadCSV(r io.Reader) (File, error) {
	cr := csv.NewReader(io.LimitReader(r, 32<<20))
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil {
		return File{}, &Invalid{[]string{"The CSV file cannot be read: " + err.Error()}}
	}
	if len(rows) == 0 {
		return File{}, &Invalid{[]string{"The CSV file is empty."}}
	}
	head := make([]string, len(rows[0]))
	for i, h := range rows[0] {
		head[i] = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
	}
	col := func(row []string, name string) string {
		if i := slices.Index(head, name); i >= 0 && i < len(row) {
			return strings.TrimSpace(csvcell.Unescape(strings.TrimSpace(row[i])))
		}
		return ""
	}
	f := File{Format: Format, Version: Version, Partial: true}
	var problems []string
	switch {
	case slices.Contains(head, "match_key"):
		seen := map[string]bool{}
		for n, row := range rows[1:] {
			archived, _ := strconv.ParseBool(col(row, "archived"))
			f.Jobs = append(f.Jobs, Job{Customer: col(row, "customer"), Source: jobs.Source(col(row, "source")), Software: col(row, "software"),
				Type: col(row, "type"), Name: col(row, "name"), MatchKey: col(row, "match_key"), Archived: archived})
			if c := col(row, "customer"); c != "" && !seen[strings.ToLower(c)] {
				seen[strings.ToLower(c)] = true
				f.Customers = append(f.Customers, Customer{Name: c, Active: true, keep: true})
			} else if c == "" {
				problems = append(problems, fmt.Sprintf("Row %d has no customer.", n+2))
			}
		}
	case slices.Contains(head, "name"):
		for n, row := range rows[1:] {
			active := true
			if v := col(row, "active"); v != "" {
				b, err := strconv.ParseBool(v)
				if err != nil {
					problems = append(problems, fmt.Sprintf("Row %d: active is true or false, not %q.", n+2, v))
				}
				active = b
			}
			c := Customer{Name: col(row, "name"), Active: active}
			if v := col(row, "autotask_company_id"); v != "" {
				id, err := strconv.ParseInt(v, 10, 64)
				if err != nil {
					problems = append(problems, fmt.Sprintf("Row %d: the Autotask company ID %q is not a number.", n+2, v))
				}
				c.AutotaskCompanyID, c.AutotaskCompany = &id, col(row, "autotask_company")
			}
			f.Customers = append(f.Customers, c)
		}
	default:
		return File{}, &Invalid{[]string{"The CSV file has neither a customers header (name, active, …) nor a jobs header (customer, source, name, match_key, …)."}}
	}
	if len(problems) > 0 {
		return File{}, &Invalid{problems}
	}
	return f, nil
}
