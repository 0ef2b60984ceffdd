package bench

import (
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/backupchecks/backupchecks/app/appliance"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/app/silence"
	"github.com/backupchecks/backupchecks/storage"
)

// SilentFigures are one missed pass on the restored copy, as the server
// runs it, and which jobs it left silent against what generate planted.
type SilentFigures struct {
	Planted  int         `json:"planted"`       // jobs planted silent
	Found    int         `json:"found"`         // of those, listed silent with a missed run for the period
	Missing  []SilentJob `json:"not_found"`     // planted silent, not found
	ByHand   []SilentJob `json:"by_hand_found"` // planted as run by hand, yet found: must stay empty
	Beyond   []SilentJob `json:"found_beyond_planted"`
	Took     Millis      `json:"pass_ms"`
	Jobs     int         `json:"jobs"`     // active jobs the pass went through
	Inferred int         `json:"inferred"` // of which re-inferred (new runs, or inferred over 6 h ago)
	Missed   int         `json:"missed_runs_raised"`
	Silent   int         `json:"silent_missed_runs_raised"` // of which for silent periods
	// Unlisted: the directory predates planting, so there is nothing to
	// hold the pass against; every silent job is "beyond the planted".
	Unlisted bool `json:"no_planted_list,omitempty"`
}

// SilentJob names a job in the figures.
type SilentJob struct {
	ID   uint64 `json:"id"`
	Name string `json:"name"`
	For  string `json:"silent_for,omitempty"`
	Why  string `json:"bound,omitempty"`
}

// OK says every planted silent job was found and the one run by hand was not.
func (f SilentFigures) OK() bool {
	return f.Planted > 0 && f.Found == f.Planted && len(f.ByHand) == 0
}

// silentPass runs the missed pass on dir in this process, timed, then lists
// the jobs silent at that moment and holds them against the planted ones.
// A job counts as found when it is silent past its bound and its newest
// run is a missed one after its last report: the pass told the operator.
func silentPass(dir string, p Planted) (SilentFigures, error) {
	f := SilentFigures{}
	st, err := storage.Open(storage.Options{Dir: dir})
	if err != nil {
		return f, err
	}
	defer st.Close()
	a, err := appliance.New(st, appliance.Options{Version: "bench"})
	if err != nil {
		return f, err
	}
	start := time.Now()
	res, err := a.Missed.Pass()
	f.Took = Millis(time.Since(start))
	if err != nil {
		return f, fmt.Errorf("the missed pass: %w", err)
	}
	f.Inferred, f.Missed, f.Silent = res.Inferred, res.Missed, res.Silent
	all, err := a.Jobs.All()
	if err != nil {
		return f, err
	}
	for _, j := range all {
		if !j.Archived {
			f.Jobs++
		}
	}
	silent, err := a.Jobs.Silent(a.Missed.Now())
	if err != nil {
		return f, fmt.Errorf("list the silent jobs: %w", err)
	}
	found := map[uint64]bool{}
	for _, s := range silent {
		told := s.LastStatus == string(runs.Missed) && s.LastRun.After(s.LastSeen)
		if !told {
			continue
		}
		found[s.ID] = true
		if !slices.ContainsFunc(p.Jobs, func(pj PlantedJob) bool { return pj.ID == s.ID }) {
			f.Beyond = append(f.Beyond, judgedJob(s))
		}
	}
	for _, pj := range p.Jobs {
		j := SilentJob{ID: pj.ID, Name: pj.Name, Why: pj.What}
		switch {
		case pj.Silent && found[pj.ID]:
			f.Planted++
			f.Found++
		case pj.Silent:
			f.Planted++
			f.Missing = append(f.Missing, j)
		case found[pj.ID]:
			f.ByHand = append(f.ByHand, j)
		}
	}
	return f, nil
}

func judgedJob(s jobs.Judged) SilentJob {
	return SilentJob{ID: s.ID, Name: s.Name, For: silence.Span(s.For), Why: s.Liveness.Bound.Explain()}
}

// writeTable prints the pass's lines of the report. A planted job not
// found, or the one run by hand found, is named: that is the failure.
func (f SilentFigures) writeTable(w io.Writer) {
	found := fmt.Sprintf("silent jobs found %d of %d planted, %d found beyond the planted", f.Found, f.Planted, len(f.Beyond))
	mark := verdict(f.OK())
	if f.Unlisted {
		found, mark = fmt.Sprintf("%d silent jobs found (none planted: the directory predates planting)", len(f.Beyond)), ""
	}
	fmt.Fprintf(w, "Missed pass        %s; the pass took %s over %d jobs (%d re-inferred), raised %d missed runs (%d for silent periods)   %s\n",
		found, f.Took, f.Jobs, f.Inferred, f.Missed, f.Silent, mark)
	for _, j := range f.Missing {
		fmt.Fprintf(w, "  NOT FOUND: planted job %d %q (%s)\n", j.ID, j.Name, j.Why)
	}
	for _, j := range f.ByHand {
		fmt.Fprintf(w, "  FOUND, though it runs by hand: job %d %q\n", j.ID, j.Name)
	}
	const shown = 5
	for _, j := range f.Beyond[:min(len(f.Beyond), shown)] {
		fmt.Fprintf(w, "  beyond the planted: job %d %q, silent %s; %s\n", j.ID, j.Name, j.For, j.Why)
	}
	if len(f.Beyond) > shown {
		fmt.Fprintf(w, "  … and %d more beyond the planted (all in --json)\n", len(f.Beyond)-shown)
	}
}
