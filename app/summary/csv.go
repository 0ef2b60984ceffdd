package summary

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/backupchecks/backupchecks/app/csvcell"
)

// Tables a report exports as CSV.
var Tables = []string{"customers", "jobs", "weeks", "failures"}

// WriteCSV writes one of the report's tables: UTF-8 with a byte-order
// mark, ISO dates, one row per customer, job, week or failure of the
// period. Cells a spreadsheet could read as formulas (a job name from a
// mail) are escaped by csvcell.
func WriteCSV(w io.Writer, r Report, table string) error {
	from, to := r.Period.From.String(), r.Period.To.String()
	tallyHead := []string{"expected", "runs", "success", "of_which_overridden", "warning", "failed", "missed", "success_rate_percent", "longest_failing_streak"}
	var rows [][]string
	switch table {
	case "customers":
		rows = append(rows, append(append([]string{"period_from", "period_to", "customer", "jobs"}, tallyHead...), "open_tickets", "open_remarks"))
		for _, c := range r.Customers {
			rows = append(rows, append(append([]string{from, to, c.Customer.Name, strconv.Itoa(c.Jobs)}, tallyCells(c.Tally)...),
				strconv.Itoa(c.OpenTickets), strconv.Itoa(c.OpenRemarks)))
		}
	case "jobs":
		rows = append(rows, append(append([]string{"period_from", "period_to", "customer", "job", "job_id", "software", "type"}, tallyHead...),
			"open_tickets", "open_remarks", "last_success", "days_since_success"))
		for _, j := range r.Jobs {
			row := append(append([]string{from, to, j.Customer.Name, j.Job.Name, strconv.FormatUint(j.Job.ID, 10), j.Job.Software, j.Job.Type}, tallyCells(j.Tally)...),
				strconv.Itoa(j.OpenTickets), strconv.Itoa(j.OpenRemarks))
			rows = append(rows, append(row, successCells(j, r)...))
		}
	case "weeks":
		rows = append(rows, []string{"week_from", "success", "of_which_overridden", "warning", "failed", "missed", "success_rate_percent"})
		for _, wk := range r.Weeks {
			rows = append(rows, []string{wk.Start.String(), strconv.Itoa(wk.Success), strconv.Itoa(wk.Overridden), strconv.Itoa(wk.Warning),
				strconv.Itoa(wk.Failed), strconv.Itoa(wk.Missed), rateCell(wk.Tally)})
		}
	case "failures":
		rows = append(rows, []string{"time", "customer", "job", "status", "message"})
		loc := r.Location
		if loc == nil {
			loc = time.UTC
		}
		for _, f := range r.Failures {
			rows = append(rows, []string{f.Run.Time.In(loc).Format(time.RFC3339), customerName(r, f.Job.CustomerID), f.Job.Name, string(f.Run.Status), f.Run.Message})
		}
	default:
		return fmt.Errorf("no table %q in a report", table)
	}
	return csvcell.Write(w, rows)
}

func tallyCells(t Tally) []string {
	return []string{strconv.Itoa(t.Expected), strconv.Itoa(t.Runs()), strconv.Itoa(t.Success), strconv.Itoa(t.Overridden),
		strconv.Itoa(t.Warning), strconv.Itoa(t.Failed), strconv.Itoa(t.Missed), rateCell(t), strconv.Itoa(t.Streak)}
}

// rateCell is the rate with one decimal, empty when nothing ran.
func rateCell(t Tally) string {
	if r, ok := t.Rate(); ok {
		return strconv.FormatFloat(r, 'f', 1, 64)
	}
	return ""
}

func customerName(r Report, id uint64) string {
	for _, c := range r.Customers {
		if c.Customer.ID == id {
			return c.Customer.Name
		}
	}
	return ""
}
