package coveimport

import (
	"slices"
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/integrations/cove"
)

// Sources the import asks per-source statistics for: every data source
// that backs something up, without the legacy MS SQL (D3) some tenants
// refuse and the Google ones Cove does not sell with Backup Manager.
var perSource = []int{1, 2, 4, 5, 6, 7, 8, 10, 11, 14, 15, 16, 17, 18, 19, 20, 23}

// reduced is what the import falls back to when Cove refuses a column:
// the sources its users' own research confirmed (DESIGN's seed notes).
var reduced = []int{1, 5, 10, 11, 19, 20, 23}

// Columns returns the columns a poll asks for, with per-source statistics
// for the given sources.
func Columns(sources []int) []string {
	cols := []string{"I1", "I8", "I16", "I18", "I32", "I59", "I78",
		cove.Column(9, 0), cove.Column(9, 6), cove.Column(9, 8), cove.Column(9, 9), cove.Column(9, 15)}
	for _, ds := range sources {
		cols = append(cols, cove.Column(ds, 0), cove.Column(ds, 6), cove.Column(ds, 9), cove.Column(ds, 15))
	}
	return cols
}

// Decode reads one row of EnumerateAccountStatistics.
func Decode(row cove.Account) Account {
	a := Account{
		ID: row.ID, PartnerID: row.PartnerID,
		DeviceName: row.Value("I1"), ComputerName: row.Value("I18"), Customer: row.Value("I8"), OS: row.Value("I16"),
		Total: session(row, 9), ColourBar: row.Value(cove.Column(9, 8)),
	}
	for _, ds := range cove.DataSources(row.Value("I78")) {
		if ds == 9 {
			continue
		}
		// A source not asked for (or refused) is listed with status -1
		// rather than dropped: the operator still sees what is protected.
		a.Sources = append(a.Sources, session(row, ds))
	}
	a.Kind = kindOf(row, a.Sources)
	return a
}

func session(row cove.Account, ds int) Session {
	s := Session{Source: ds, Status: -1, Time: utc(row.Time(cove.Column(ds, 15))), LastSuccess: utc(row.Time(cove.Column(ds, 9)))}
	if v, ok := row.Int(cove.Column(ds, 0)); ok {
		s.Status = int(v)
	}
	if v, ok := row.Int(cove.Column(ds, 6)); ok {
		s.Errors = int(v)
	}
	return s
}

func utc(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC()
}

// m365Sources are the Microsoft 365 data sources.
var m365Sources = []int{5, 19, 20, 23}

// kindOf tells a Microsoft 365 tenant (account type 2, or no computer and
// only Microsoft 365 sources) from a device, and a workstation (OS type 1,
// or a desktop OS) from a server.
func kindOf(row cove.Account, sources []Session) Kind {
	if t, _ := row.Int("I59"); t == 2 {
		return M365
	}
	if row.Value("I18") == "" && len(sources) > 0 && !slices.ContainsFunc(sources, func(s Session) bool { return !slices.Contains(m365Sources, s.Source) }) {
		return M365
	}
	switch t, _ := row.Int("I32"); t {
	case 1:
		return Workstation
	case 2:
		return Server
	}
	os := strings.ToLower(row.Value("I16"))
	switch {
	case strings.Contains(os, "server"):
		return Server
	case strings.Contains(os, "windows"), strings.Contains(os, "mac"):
		return Workstation
	}
	return Server
}
