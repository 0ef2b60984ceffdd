// Package silence holds a job's silence bound: the longest it may go
// without any run before the appliance says so. The bound comes from an
// operator, the job's schedule, the gaps in its history or a default per
// kind of job, in that order, so that no job can be silent for ever unless
// a person said it runs by hand (DESIGN §3).
package silence

import (
	"fmt"
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/app/schedule"
)

const (
	Day = 24 * time.Hour
	// MaxDays caps the operator's bound; MaxHistoryDays the inferred one,
	// so a job that once paused for months is not given months.
	MaxDays        = 90
	MaxHistoryDays = 35
)

// Kind is the kind of job a default bound applies to.
type Kind string

const (
	Server      Kind = "server" // servers and mail-reported jobs
	M365        Kind = "m365"
	Workstation Kind = "workstation"
)

// Label names the kind in sentences.
func (k Kind) Label() string {
	switch k {
	case M365:
		return "Microsoft 365"
	case Workstation:
		return "workstations"
	}
	return "servers and mail jobs"
}

// Defaults are Settings → General's bounds per kind, in days. Workstation 0
// means workstations follow their schedule or history as servers do.
type Defaults struct {
	Server      int `json:"server"`
	M365        int `json:"m365"`
	Workstation int `json:"workstation"`
}

// DefaultNoSuccessTimes is N of "no success within N × the bound".
const DefaultNoSuccessTimes = 2

// DefaultDefaults is what a new appliance starts with.
func DefaultDefaults() Defaults { return Defaults{Server: 3, M365: 2, Workstation: 3} }

// Days returns the default for a kind.
func (d Defaults) Days(k Kind) int {
	switch k {
	case M365:
		return d.M365
	case Workstation:
		return d.Workstation
	}
	return d.Server
}

// Setting is the bound an operator set on one job.
type Setting struct {
	Days   int       `json:"days,omitempty"`    // 1..MaxDays
	ByHand bool      `json:"by_hand,omitempty"` // the job runs by hand: never silent
	Reason string    `json:"reason,omitempty"`  // required for ByHand
	SetBy  string    `json:"set_by"`
	SetAt  time.Time `json:"set_at"`
}

// Basis says where a bound came from.
type Basis string

const (
	BySetting  Basis = "set"         // an operator's number of days
	ByHand     Basis = "by-hand"     // an operator said: never silent
	ByKind     Basis = "workstation" // the workstation default, which replaces the schedule
	BySchedule Basis = "schedule"
	ByHistory  Basis = "history"
	ByDefault  Basis = "default" // too little history to infer from
)

// Bound is a job's silence bound with what it was made from.
type Bound struct {
	Basis    Basis
	Span     time.Duration // zero when ByHand
	Kind     Kind
	Setting  *Setting
	Schedule schedule.Schedule
	History  History
}

// Never reports whether the job is never silent.
func (b Bound) Never() bool { return b.Basis == ByHand }

// Slots reports whether missed runs come from the schedule's expected
// slots; otherwise only silence past the bound raises one.
func (b Bound) Slots() bool { return b.Basis == BySchedule }

// Resolve picks a job's bound: the operator's, the workstation default,
// the schedule's, the history's, else the default for its kind.
func Resolve(set *Setting, sc schedule.Schedule, h History, k Kind, d Defaults) Bound {
	b := Bound{Kind: k, Setting: set, Schedule: sc, History: h}
	switch {
	case set != nil && set.ByHand:
		b.Basis = ByHand
	case set != nil && set.Days > 0:
		b.Basis, b.Span = BySetting, time.Duration(set.Days)*Day
	case k == Workstation && d.Workstation > 0:
		b.Basis, b.Span = ByKind, time.Duration(d.Workstation)*Day
	case sc.Kind != schedule.None && sc.Kind != "":
		b.Basis, b.Span = BySchedule, longestSlotGap(sc)+sc.Grace
	case h.Enough():
		b.Basis, b.Span = ByHistory, time.Duration(h.Days())*Day
	default:
		b.Basis, b.Span = ByDefault, time.Duration(max(d.Days(k), 1))*Day
	}
	return b
}

// longestSlotGap is the longest a schedule goes from one expected slot to
// the next.
func longestSlotGap(sc schedule.Schedule) time.Duration {
	switch sc.Kind {
	case schedule.Daily:
		return Day
	case schedule.Weekdays:
		return 3 * Day // Friday to Monday
	case schedule.Weekly:
		if len(sc.Days) == 0 {
			return 7 * Day
		}
		var on [7]bool
		for _, w := range sc.Days {
			on[w] = true
		}
		longest := 0
		for w := range 7 {
			if !on[w] {
				continue
			}
			gap := 1
			for !on[(w+gap)%7] {
				gap++
			}
			longest = max(longest, gap)
		}
		return time.Duration(longest) * Day
	}
	return 31 * Day // monthly: the longest month
}

// Explain says the bound and its evidence in one sentence for Job Details.
func (b Bound) Explain() string {
	switch b.Basis {
	case ByHand:
		return fmt.Sprintf("runs by hand: never silent — set by %s: %s", b.Setting.SetBy, b.Setting.Reason)
	case BySetting:
		return fmt.Sprintf("expected at least every %s — set by %s", Span(b.Span), b.Setting.SetBy)
	case ByKind:
		return fmt.Sprintf("expected at least every %s — the default for workstations (Settings → General)", Span(b.Span))
	case BySchedule:
		return fmt.Sprintf("expected at least every %s — its schedule (%s) plus grace %s", Span(b.Span), b.Schedule.DaysText(), Span(b.Schedule.Grace))
	case ByHistory:
		return fmt.Sprintf("expected at least every %s — inferred from %d runs, the longest normal gap %s", Span(b.Span), b.History.Runs, Span(b.History.Longest))
	}
	why := fmt.Sprintf("only %d runs so far", b.History.Runs)
	switch b.History.Runs {
	case 0:
		return fmt.Sprintf("expected at least every %s — the default for %s (Settings → General), until it has runs to infer from", Span(b.Span), b.Kind.Label())
	case 1:
		why = "only 1 run so far"
	}
	return fmt.Sprintf("expected at least every %s — the default for %s (Settings → General): %s; a bound is inferred from %d", Span(b.Span), b.Kind.Label(), why, MinRuns)
}

// Rough writes how long a job has been silent or without a success as
// people read it: "107 days" (whole days from two days on, where hours
// are noise), "1 day 4 h", "5 h".
func Rough(d time.Duration) string {
	if d >= 2*Day {
		return Span(d.Truncate(Day))
	}
	return Span(d.Truncate(time.Hour))
}

// Sentence is Explain as a sentence of its own, for a page to show alone.
func (b Bound) Sentence() string {
	e := b.Explain()
	return strings.ToUpper(e[:1]) + e[1:] + "."
}

// Span writes a duration as people read a silence: "2 days", "1 day 4 h", "5 h".
func Span(d time.Duration) string {
	days, hours := int(d/Day), int((d%Day+time.Hour/2)/time.Hour)
	if hours == 24 {
		days, hours = days+1, 0
	}
	out := ""
	switch {
	case days == 1:
		out = "1 day"
	case days > 1:
		out = fmt.Sprintf("%d days", days)
	}
	switch {
	case hours > 0 && out != "":
		out += fmt.Sprintf(" %d h", hours)
	case hours > 0 || out == "":
		if d < time.Hour {
			return fmt.Sprintf("%d min", int(d/time.Minute))
		}
		out = fmt.Sprintf("%d h", hours)
	}
	return out
}
