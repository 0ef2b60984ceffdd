package views

import (
	"net/url"
	"time"

	"github.com/a-h/templ"

	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/summary"
)

// ReportData is the Reports page and its printable view.
type ReportData struct {
	Report    summary.Report
	Sort      summary.Sort
	Customers []customers.Customer // to pick a scope
	Jobs      []jobs.Job           // the picked customer's, to narrow to one
	Error     string               // a period that could not be read, with the default shown instead
	MSPName   string               // Settings → General, on the printable view
	HasLogo   bool
	// Query is the form's query string: CSV and print links keep it.
	Query url.Values
}

// WorstJobs bounds the job table of a report over every customer; a
// customer's report lists all its jobs.
const WorstJobs = 25

// jobRows are the jobs the page lists: all of a narrowed scope, or the
// worst that did not go perfectly.
func (d ReportData) jobRows() []summary.JobRow {
	if d.Report.Scope.Detailed() {
		return d.Report.Jobs
	}
	var out []summary.JobRow
	for _, j := range d.Report.Jobs {
		if len(out) == WorstJobs {
			break
		}
		if r, ok := j.Rate(); (ok && r >= 100) || (!ok && j.Expected == 0) {
			continue // went perfectly, or had nothing to judge
		}
		out = append(out, j)
	}
	return out
}

// link is the report with one query parameter changed ("" removes it).
func (d ReportData) link(path, key, value string) templ.SafeURL {
	v := url.Values{}
	for k, vs := range d.Query {
		v[k] = append([]string(nil), vs...)
	}
	if key != "" {
		if value == "" {
			v.Del(key)
		} else {
			v.Set(key, value)
		}
	}
	if key == "customer" {
		v.Del("job") // a job belongs to one customer
	}
	if len(v) == 0 {
		return templ.SafeURL(path)
	}
	return templ.SafeURL(path + "?" + v.Encode())
}

func (d ReportData) csvLink(table string) templ.SafeURL {
	return d.link("/reports/export.csv", "table", table)
}

// scopeTitle names what the report covers.
func (d ReportData) ScopeTitle() string {
	sc := d.Report.Scope
	switch {
	case sc.JobID != 0 && len(d.Report.Jobs) == 1:
		j := d.Report.Jobs[0]
		return j.Customer.Name + " · " + j.Job.Name
	case sc.CustomerID != 0:
		for _, c := range d.Customers {
			if c.ID == sc.CustomerID {
				return c.Name
			}
		}
	}
	return "All customers"
}

// rate formats a success rate; "—" when nothing ran.
func rate(t summary.Tally) string { return t.RateText() }

// rateClass colours a rate: good, needs a look, bad.
func rateClass(t summary.Tally) string {
	if g := t.Grade(); g != "none" {
		return "badge " + g
	}
	return "badge muted"
}

// dayClass is a calendar cell's colour.
func dayClass(d summary.Day) string { return "cell " + d.Outcome() }

func dayTitleOf(d summary.Day) string {
	t := d.Day.Weekday().String()[:3] + " " + d.Day.String() + ": "
	switch {
	case d.Overridden:
		return t + "success (overridden)"
	case d.Status != "":
		return t + string(d.Status)
	case d.Expected:
		return t + "expected, no run"
	}
	return t + "not expected"
}

func shortDay(t time.Time) string { return t.Format("2 Jan") }

var reportPeriods = []struct{ Value, Label string }{
	{"7d", "Last 7 days"}, {"30d", "Last 30 days"}, {"90d", "Last 90 days"}, {"month", "A month"}, {"custom", "Custom"},
}
