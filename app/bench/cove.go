package bench

import (
	"fmt"
	"time"

	"github.com/backupchecks/backupchecks/app/appliance"
	"github.com/backupchecks/backupchecks/app/coveimport"
	"github.com/backupchecks/backupchecks/app/demo"
	"github.com/backupchecks/backupchecks/integrations/cove/covetest"
	"github.com/backupchecks/backupchecks/storage"
)

// CoveFigures are one poll of every Cove account by the server.
type CoveFigures struct {
	Accounts int    `json:"accounts"`
	NewRuns  int    `json:"new_runs"`
	Polls    int    `json:"polls"`     // the server's own at start-up, and any the bench asked for
	Took     Millis `json:"took_ms"`   // the server's measure of its last poll
	Fake     Millis `json:"fake_ms"`   // of which the fake Cove answering (per poll)
	Server   Millis `json:"server_ms"` // Took less Fake: the product's share
}

// work is what the mutating part of the bench needs of the restored copy,
// read before its server starts.
type work struct {
	fake    *covetest.Server
	waiting []uint64 // runs waiting for review, for the bulk review
}

// bulkReviewRuns is how many waiting runs the bench marks reviewed at once.
const bulkReviewRuns = 2000

// prepareWork points the copy's Cove at a fake holding the same fleet
// bench generate polled (same seed, so the same accounts, with newer
// sessions) and picks the runs the bulk review marks.
func prepareWork(dir string, seed uint64) (work, error) {
	var w work
	st, err := storage.Open(storage.Options{Dir: dir})
	if err != nil {
		return w, err
	}
	defer st.Close()
	a, err := appliance.New(st, appliance.Options{Version: "bench"})
	if err != nil {
		return w, err
	}
	accounts := 0
	for _, state := range []coveimport.State{coveimport.Pending, coveimport.Approved, coveimport.Ignored} {
		list, err := a.Cove.In(state)
		if err != nil {
			return w, err
		}
		accounts += len(list)
	}
	if accounts == 0 {
		return w, fmt.Errorf("%s holds no Cove accounts: was it made by 'bench generate'?", dir)
	}
	w.fake = demo.CoveFake(accounts, int64(seed), time.Now())
	if err := demo.PointCoveAt(a.Settings, w.fake); err != nil {
		w.fake.Close()
		return w, err
	}
	q, err := a.Runs.Unreviewed()
	if err != nil {
		w.fake.Close()
		return w, err
	}
	for _, e := range q[:min(len(q), bulkReviewRuns)] {
		w.waiting = append(w.waiting, e.RunID)
	}
	return w, nil
}

// covePolled reads the server's record of its last Cove poll, once the
// server has stopped.
func covePolled(a *appliance.Appliance, fake *covetest.Server) (CoveFigures, error) {
	status, err := a.Cove.Status()
	if err != nil {
		return CoveFigures{}, err
	}
	if status.Error != "" {
		return CoveFigures{}, fmt.Errorf("the server's Cove poll failed: %s", status.Error)
	}
	f := CoveFigures{Accounts: status.Result.Seen, NewRuns: status.Result.Runs, Polls: max(1, fake.Logins()), Took: Millis(status.Duration)}
	f.Fake = Millis(fake.Busy() / time.Duration(f.Polls))
	f.Server = f.Took - f.Fake
	return f, nil
}
