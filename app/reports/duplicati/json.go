package duplicati

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/app/reports/report"
)

// jsonReport is the part of the JSON output format the result needs. The
// lists and counters are decoded loosely (any), so one unexpected type in
// a field we do not need cannot make the whole report unreadable.
type jsonReport struct {
	Data *struct {
		MainOperation  any   `json:"MainOperation"`
		ParsedResult   any   `json:"ParsedResult"`
		BeginTime      any   `json:"BeginTime"`
		EndTime        any   `json:"EndTime"`
		FilesWithError any   `json:"FilesWithError"`
		Warnings       []any `json:"Warnings"`
		Errors         []any `json:"Errors"`
	} `json:"Data"`
	Extra map[string]any `json:"Extra"`
}

// parseJSON reads the JSON output format. Data.ParsedResult and
// Data.MainOperation are the body evidence; nested results (DeleteResults,
// BackendStatistics, …) are ignored like the indented ones in text.
func parseJSON(text string, m *report.Message) (report.Result, bool) {
	var jr jsonReport
	if err := json.NewDecoder(strings.NewReader(text)).Decode(&jr); err != nil || jr.Data == nil {
		return report.Result{}, false
	}
	d := jr.Data
	op, opOK := d.MainOperation.(string)
	word, wordOK := d.ParsedResult.(string)
	if !opOK || !wordOK || !isBackup(op) {
		return report.Result{}, false
	}
	st, ok := status(word)
	if !ok {
		return report.Result{}, false
	}
	job, _ := jr.Extra["backup-name"].(string)
	if report.Clean(job) == "" {
		job = jobName("", m.Subject)
	}
	var filesWithError int64
	if n, isNum := d.FilesWithError.(float64); isNum && n > 0 {
		filesWithError = 1 // only "more than none" matters
	}
	warnings, errs := strs(d.Warnings), strs(d.Errors)
	r := report.Result{
		Job:     job,
		Status:  downgrade(st, filesWithError, warnings),
		Message: report.Lines(strings.Join(append(errs, warnings...), "\n")),
	}
	zone := m.Zone()
	r.Started, r.Ended = ordered(jsonTime(d.BeginTime, zone), jsonTime(d.EndTime, zone))
	return r, true
}

// strs keeps the string entries of a JSON list.
func strs(list []any) []string {
	var out []string
	for _, v := range list {
		if s, ok := v.(string); ok && report.Clean(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// jsonTime reads an ISO time: with a zone ("…Z") it is absolute and
// converted to the mail's offset; without one it is read in that offset.
// .NET's DateTime.MinValue ("0001-01-01T00:00:00") means "not set".
func jsonTime(v any, zone *time.Location) *time.Time {
	s, ok := v.(string)
	if !ok {
		return nil
	}
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		if t.Year() <= 1 {
			return nil
		}
		t = t.In(zone)
		return &t
	}
	if t, err := time.ParseInLocation("2006-01-02T15:04:05.999999999", s, zone); err == nil && t.Year() > 1 {
		return &t
	}
	return nil
}
