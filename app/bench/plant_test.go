package bench

import (
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/appliance"
	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/app/silence"
	"github.com/backupchecks/backupchecks/storage"
)

// The planted jobs cover every way a silence bound is made and every kind
// of job, and the missed pass finds each of them but the one run by hand.
func TestPlantedSilentJobsAreFound(t *testing.T) {
	dir := t.TempDir()
	st, err := storage.Open(storage.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	a, err := appliance.New(st, appliance.Options{Version: "bench"})
	if err != nil {
		t.Fatal(err)
	}
	by := audit.Actor{Name: "bench", IP: "bench"}
	if _, err := a.Settings.SaveGeneral(settings.General{TimeZone: "Europe/Amsterdam", DayStart: "06:00"}, by); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	p, err := plant(a, now, by)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Missed.Pass(); err != nil {
		t.Fatal(err)
	}
	want := []struct {
		basis silence.Basis
		kind  silence.Kind
	}{
		{silence.BySchedule, silence.Server}, {silence.ByHistory, silence.Server}, {silence.BySchedule, silence.Server},
		{silence.ByDefault, silence.M365}, {silence.ByKind, silence.Workstation}, {silence.ByDefault, silence.Server},
		{silence.ByHand, silence.Server},
	}
	if len(p.Jobs) != len(want) {
		t.Fatalf("planted %d jobs, want %d: %+v", len(p.Jobs), len(want), p.Jobs)
	}
	for i, pj := range p.Jobs {
		j, err := a.Jobs.Get(pj.ID)
		if err != nil {
			t.Fatal(err)
		}
		l := j.Liveness(a.Jobs.Thresholds(), now)
		if l.Bound.Basis != want[i].basis || l.Bound.Kind != want[i].kind || l.Silent != pj.Silent {
			t.Errorf("%s (%s): bound %s of kind %s, silent %v; want %s of kind %s, silent %v — %s",
				pj.Name, pj.What, l.Bound.Basis, l.Bound.Kind, l.Silent, want[i].basis, want[i].kind, pj.Silent, l.Bound.Explain())
		}
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	f, err := silentPass(dir, p)
	if err != nil {
		t.Fatal(err)
	}
	if !f.OK() || f.Planted != 6 || len(f.Beyond) != 0 || f.Jobs != 7 {
		t.Fatalf("the pass on the planted jobs alone: %+v", f)
	}
}
