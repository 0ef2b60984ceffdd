package coveimport

import (
	"fmt"
	"regexp"
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
	a.Kind, a.KindNote = kindOf(row, a.Sources)
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
// only Microsoft 365 sources) from a device, and a workstation from a
// server: by I32 as Cove documents it (1 workstation, 2 server), else by
// an OS name, which some tenants send in I32 instead, and I16 (the OS
// version) carries too. A device neither tells apart is taken as a server,
// and note says so.
func kindOf(row cove.Account, sources []Session) (k Kind, note string) {
	if t, _ := row.Int("I59"); t == 2 {
		return M365, ""
	}
	if row.Value("I18") == "" && len(sources) > 0 && !slices.ContainsFunc(sources, func(s Session) bool { return !slices.Contains(m365Sources, s.Source) }) {
		return M365, ""
	}
	i32 := strings.TrimSpace(row.Value("I32"))
	switch t, isNumber := row.Int("I32"); {
	case isNumber && t == 1:
		return Workstation, ""
	case isNumber && t == 2:
		return Server, ""
	case !isNumber && i32 != "":
		if k, ok := kindOfOS(i32); ok {
			return k, ""
		}
	}
	if k, ok := kindOfOS(row.Value("I16")); ok {
		return k, ""
	}
	switch {
	case i32 != "":
		note = fmt.Sprintf("Cove's OS type %q is neither workstation nor server, so this device is taken as a server.", i32)
	default:
		note = "Cove did not say whether this is a workstation or a server, so it is taken as a server."
	}
	return Server, note
}

// desktopOS matches the OS names of workstations: Windows 10 and 11 (and
// the older desktop versions), macOS.
var desktopOS = regexp.MustCompile(`(?i)\bwindows\s+(xp|vista|7|8|8\.1|10|11)\b|\bmac\s?os\b|\bos\s?x\b`)

// kindOfOS reads an OS name: one with "Server" is a server, a desktop
// Windows or macOS a workstation; anything else is not known.
func kindOfOS(name string) (Kind, bool) {
	switch {
	case strings.Contains(strings.ToLower(name), "server"):
		return Server, true
	case desktopOS.MatchString(name):
		return Workstation, true
	}
	return "", false
}

// ownStrings copies the strings a decoded account shares with the page's
// reply text, so that a poll holding the whole list does not hold every
// page's reply with it.
func (a Account) ownStrings() Account {
	a.DeviceName, a.ComputerName, a.Customer = strings.Clone(a.DeviceName), strings.Clone(a.ComputerName), strings.Clone(a.Customer)
	a.OS, a.ColourBar = strings.Clone(a.OS), strings.Clone(a.ColourBar)
	return a
}
