package mailimport

import (
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/backupchecks/backupchecks/app/runs"
)

// Item is one message to import and where its transport found it.
type Item struct {
	Raw    []byte
	Source Source
}

// ItemResult is what importing one Item came to.
type ItemResult struct {
	Result Result
	Err    error
}

// ImportAll imports many messages as Import would, a poll's batch at a
// time. Parsing runs on every CPU, and the whole batch is written in a few
// transactions, each mail together with the run it reports, so the batch
// shares a handful of disk flushes instead of several per mail, and no
// mail is ever stored without its run.
func (s *Service) ImportAll(items []Item) []ItemResult { return s.storeParsed(s.parseAll(items)) }

// parsed is a batch read and made ready to store: the first stage of
// ImportAll, which a poll runs for the next batch while the previous one
// is written.
type parsed struct {
	ms    []Mail
	kept  [][]byte
	preps []*runs.Prepared
	out   []ItemResult // the errors of this stage
}

// parseAll describes each message, on every CPU, and prepares the run of
// each whose job exists.
func (s *Service) parseAll(items []Item) parsed {
	p := parsed{ms: make([]Mail, len(items)), kept: make([][]byte, len(items)), preps: make([]*runs.Prepared, len(items)), out: make([]ItemResult, len(items))}
	eachOnAllCPUs(len(items), func(i int) {
		m, raw, job, err := s.describeSource(items[i].Raw, items[i].Source)
		if err == nil && job != nil {
			prep, perr := s.runs.Prepare(runOf(m, *job))
			switch {
			case errors.Is(perr, runs.ErrInvalid): // kept in the Inbox with the reason, never lost
				m.State, m.Reason = Pending, "the report could not be recorded as a run: "+perr.Error()
			case perr != nil:
				err = perr
			default:
				p.preps[i] = &prep
			}
		}
		p.ms[i], p.kept[i], p.out[i].Err = m, raw, err
	})
	return p
}

// storeParsed writes a parsed batch: the second stage of ImportAll.
func (s *Service) storeParsed(p parsed) []ItemResult {
	out, ms, kept, preps := p.out, p.ms, p.kept, p.preps
	var at []int
	var storeMs []Mail
	var storeRaws [][]byte
	var storePreps []*runs.Prepared
	for i := range ms {
		if out[i].Err == nil {
			at = append(at, i)
			storeMs, storeRaws, storePreps = append(storeMs, ms[i]), append(storeRaws, kept[i]), append(storePreps, preps[i])
		}
	}
	for k, got := range s.store.CreateMails(storeMs, storeRaws, storePreps) {
		i := at[k]
		switch {
		case errors.Is(got.Err, ErrDuplicate) && got.Mail.State != New:
			out[i].Result = Result{Mail: got.Mail, Duplicate: true}
		case errors.Is(got.Err, ErrDuplicate):
			// Stored by an earlier version, or before a crash, and never
			// routed: route it now, described afresh from the message in hand.
			m := ms[i]
			m.ID, m.Received, m.Folder, m.UID = got.Mail.ID, got.Mail.Received, got.Mail.Folder, got.Mail.UID
			out[i].Result, out[i].Err = s.route(m)
		case got.Err != nil:
			out[i].Err = fmt.Errorf("store mail: %w", got.Err)
		default:
			out[i].Result = Result{Mail: got.Mail, NewRun: got.NewRun}
		}
	}
	return out
}

// eachOnAllCPUs calls do for 0..n-1, on as many goroutines as there are CPUs.
func eachOnAllCPUs(n int, do func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(n, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				do(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
