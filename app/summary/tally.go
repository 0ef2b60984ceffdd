package summary

import (
	"fmt"

	"github.com/backupchecks/backupchecks/app/runs"
)

// Tally counts one job's (or a sum of jobs') runs of a period.
type Tally struct {
	Expected   int // days the schedule expected a run, up to now
	Success    int // overridden runs included
	Overridden int // of Success: made one by an override
	Warning    int
	Failed     int
	Missed     int
	// Streak is the longest row of consecutive failed or missed runs.
	Streak int
	// current is the row still going at the end of what was counted.
	current int
}

// Runs is every run counted, missed ones included.
func (t Tally) Runs() int { return t.Success + t.Warning + t.Failed + t.Missed }

// Rate is the share of successful runs in percent (warnings are not
// successes; overridden runs are), and false when there were none.
func (t Tally) Rate() (float64, bool) {
	n := t.Runs()
	if n == 0 {
		return 0, false
	}
	return 100 * float64(t.Success) / float64(n), true
}

// count adds one run, in time order.
func (t *Tally) count(b runs.Brief) {
	switch b.Status {
	case runs.Success:
		t.Success++
		if b.Overridden {
			t.Overridden++
		}
	case runs.Warning:
		t.Warning++
	case runs.Failed:
		t.Failed++
	case runs.Missed:
		t.Missed++
	}
	if b.Status == runs.Failed || b.Status == runs.Missed {
		t.current++
		t.Streak = max(t.Streak, t.current)
	} else {
		t.current = 0
	}
}

// add sums another tally in: a customer's streak is its worst job's.
func (t *Tally) add(o Tally) {
	t.Expected += o.Expected
	t.Success += o.Success
	t.Overridden += o.Overridden
	t.Warning += o.Warning
	t.Failed += o.Failed
	t.Missed += o.Missed
	t.Streak = max(t.Streak, o.Streak)
}

// worse orders tallies worst first: lowest success rate, then most
// failed and missed runs, then the longest streak. A job expected to run
// that never did is worst of all (nothing proves a backup); one neither
// expected nor run has nothing to judge and comes last.
func worse(a, b Tally) bool {
	if sa, sb := a.score(), b.score(); sa != sb {
		return sa < sb
	}
	if fa, fb := a.Failed+a.Missed, b.Failed+b.Missed; fa != fb {
		return fa > fb
	}
	return a.Streak > b.Streak
}

func (t Tally) score() float64 {
	if r, ok := t.Rate(); ok {
		return r
	}
	if t.Expected > 0 {
		return -1
	}
	return 101
}

// RateText is the success rate for people: "64.3 %", or "—" when nothing ran.
func (t Tally) RateText() string {
	if r, ok := t.Rate(); ok {
		return fmt.Sprintf("%.1f %%", r)
	}
	return "—"
}

// Grade judges the rate for its colour: ok from 95 %, warn from 80 %,
// else bad; a job expected to run that never did is bad, and one neither
// expected nor run is none.
func (t Tally) Grade() string {
	r, ok := t.Rate()
	switch {
	case !ok && t.Expected > 0:
		return "bad"
	case !ok:
		return "none"
	case r >= 95:
		return "ok"
	case r >= 80:
		return "warn"
	}
	return "bad"
}

// Part is one outcome's share of a tally, as a bar of the trend stacks
// them from the bottom.
type Part struct {
	Outcome string // as Day.Outcome: ok, overridden, warn, bad, missed
	Label   string
	Runs    int
}

// Parts are the tally's outcomes in stacking order, the empty ones left out.
func (t Tally) Parts() []Part {
	var out []Part
	for _, p := range []Part{{"ok", "success", t.Success - t.Overridden}, {"overridden", "overridden", t.Overridden},
		{"warn", "warning", t.Warning}, {"bad", "failed", t.Failed}, {"missed", "missed", t.Missed}} {
		if p.Runs > 0 {
			out = append(out, p)
		}
	}
	return out
}
