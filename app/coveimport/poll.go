package coveimport

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/backupchecks/backupchecks/integrations/cove"
)

// PollResult counts what one poll did.
type PollResult struct {
	Seen    int // accounts Cove listed
	New     int // seen for the first time: waiting for approval
	Runs    int // new runs recorded
	Pending int // accounts waiting for approval after the poll
	Gone    int // accounts Cove stopped listing in this poll
	Errors  int // accounts whose session could not be recorded
	// FirstError is what went wrong with the first of them; they are
	// tried again on the next poll.
	FirstError string `json:",omitempty"`
	// Note says the poll ran with fewer columns than it asks for, and why.
	Note string
	// Held is set when the list was not applied: it looked wrong, and a
	// second poll must agree first.
	Held *Held `json:"held,omitempty"`
}

// PollStatus is the last poll, for the settings page and the dashboard.
type PollStatus struct {
	Started  time.Time     `json:"started"`
	Duration time.Duration `json:"duration"`
	Result   PollResult    `json:"result"`
	Error    string        `json:"error,omitempty"` // the poll failed: what Cove or the network said
	Explain  string        `json:"explain,omitempty"`
	// LastSuccess is the last poll that ended without error.
	LastSuccess time.Time `json:"last_success,omitzero"`
	// Memory is what the polls keep from one to the next.
	Memory Memory `json:"memory,omitzero"`
}

// Poll reads every account from src, checks that the list is plausible,
// and applies it: new accounts wait for approval, approved ones get a run
// for each new finished session. The whole list is read before anything
// is written, so a list that is empty or lost more than a tenth of the
// accounts since the last one applied changes no account until a second
// poll agrees (see Held), and a poll cut short writes nothing.
func (s *Service) Poll(ctx context.Context, src Source) (PollResult, error) {
	res, err := s.poll(ctx, src)
	if err != nil {
		// The status line of a failed poll still counts the accounts
		// waiting for approval.
		if n, cerr := s.store.CountCoveAccounts(Pending); cerr == nil {
			res.Pending = n
		}
	}
	return res, err
}

func (s *Service) poll(ctx context.Context, src Source) (PollResult, error) {
	var res PollResult
	prev, err := s.store.CovePollStatus()
	if err != nil {
		return res, fmt.Errorf("read the last Cove poll: %w", err)
	}
	mem := prev.Memory
	if mem.Baseline == 0 {
		// A status saved before polls kept a memory, or lost: the stored
		// accounts (gone ones too) stand in, so an empty answer cannot mark
		// them all gone at once.
		ids, err := s.store.CoveAccountIDs()
		if err != nil {
			return res, fmt.Errorf("list Cove accounts: %w", err)
		}
		mem.Baseline = len(ids)
	}
	now := s.Now().UTC()
	conn := identity(src)
	sources, full := mem.columnsFor(now, conn)
	listed, err := s.list(ctx, src, sources, &res)
	switch {
	case full && errors.Is(err, cove.ErrPermission) && res.Seen == 0:
		// Some tenants refuse statistics of some data sources for the whole
		// call; the sources every tenant serves still give a useful poll,
		// and later polls ask for those alone. If that is refused too, the
		// user may not list devices at all: the error says so.
		res = PollResult{}
		if listed, err = s.list(ctx, src, reduced, &res); err == nil {
			mem.refused(now, conn)
			res.Note = refusalNote(mem.Refused, false)
		}
	case err == nil && full:
		mem.Refused = nil
	case err == nil:
		res.Note = refusalNote(mem.Refused, true)
	}
	if err != nil {
		return res, err
	}
	if !mem.judge(res.Seen, now) {
		res.Held = mem.Held
		if res.Pending, err = s.store.CountCoveAccounts(Pending); err != nil {
			return res, err
		}
		return res, s.remember(mem)
	}
	seen := make(map[int64]bool, len(listed))
	for i := 0; i < len(listed); i += applyBatch {
		batch := listed[i:min(i+applyBatch, len(listed))]
		for _, a := range batch {
			seen[a.ID] = true
		}
		if err := s.apply(batch, &res); err != nil {
			return res, err
		}
	}
	if res.Gone, err = s.markGone(seen); err != nil {
		return res, err
	}
	if res.Pending, err = s.store.CountCoveAccounts(Pending); err != nil {
		return res, err
	}
	return res, s.remember(mem)
}

// applyBatch is how many accounts are applied in one round of reads and
// writes.
const applyBatch = 1000

// list reads every account Cove lists, decoded; rows without a usable ID
// are counted as errors and left out.
func (s *Service) list(ctx context.Context, src Source, sources []int, res *PollResult) ([]Account, error) {
	var out []Account
	err := src.Accounts(ctx, Columns(sources), func(page []cove.Account) error {
		for _, row := range page {
			res.Seen++
			if row.ID <= 0 {
				// Not an account this import can key anything on; the
				// rest still counts.
				res.failed(fmt.Errorf("Cove listed an account without a valid AccountId (%d), device %q", row.ID, row.Value("I1")))
				continue
			}
			out = append(out, Decode(row).ownStrings())
		}
		return nil
	})
	return out, err
}

// remember saves what the next poll needs to know.
func (s *Service) remember(m Memory) error {
	st, err := s.store.CovePollStatus()
	if err != nil {
		return fmt.Errorf("read the last Cove poll: %w", err)
	}
	st.Memory = m
	if err := s.store.SaveCovePollStatus(st); err != nil {
		return fmt.Errorf("save what the Cove poll keeps for the next one: %w", err)
	}
	return nil
}

func sourceNames(ds []int) string {
	out := ""
	for i, d := range ds {
		if i > 0 {
			out += ", "
		}
		out += cove.SourceName(d)
	}
	return out
}

// Stalled reports whether polling should have succeeded by now: nothing
// succeeded for three intervals.
func (st PollStatus) Stalled(now time.Time, interval time.Duration) bool {
	since := st.LastSuccess
	if since.IsZero() {
		since = st.Started
	}
	return !since.IsZero() && now.Sub(since) > 3*interval
}
