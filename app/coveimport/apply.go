package coveimport

import (
	"errors"
	"fmt"

	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
)

// markGone notes the stored accounts a complete poll did not list, once,
// so Job Details and the approval list can say Cove dropped them. Their
// jobs stay: whether a device was retired is the operator's call.
func (s *Service) markGone(seen map[int64]bool) (int, error) {
	ids, err := s.store.CoveAccountIDs()
	if err != nil {
		return 0, fmt.Errorf("list Cove accounts: %w", err)
	}
	var missing []int64
	for _, id := range ids {
		if !seen[id] {
			missing = append(missing, id)
		}
	}
	if len(missing) == 0 {
		return 0, nil
	}
	stored, err := s.store.CoveAccounts(missing)
	if err != nil {
		return 0, err
	}
	now := s.Now().UTC()
	var gone []Account
	for _, a := range stored {
		if a.Gone.IsZero() {
			a.Gone = now
			gone = append(gone, a)
		}
	}
	if len(gone) == 0 {
		return 0, nil
	}
	return len(gone), s.store.MergeCoveAccounts(gone, func(stored *Account, p Account) {
		if stored.Gone.IsZero() {
			stored.Gone = p.Gone
		}
	})
}

// apply writes a batch of listed accounts in a handful of transactions:
// one read of the stored accounts, the runs of new sessions in batches,
// and the accounts that changed, merged into what is stored.
func (s *Service) apply(rows []Account, res *PollResult) error {
	now := s.Now().UTC()
	ids := make([]int64, 0, len(rows))
	for _, r := range rows {
		ids = append(ids, r.ID)
	}
	stored, err := s.store.CoveAccounts(ids)
	if err != nil {
		return fmt.Errorf("read Cove accounts: %w", err)
	}
	var (
		changed []Account
		newRuns []runs.NewRun
		owners  []int // changed[owners[k]] is the account of newRuns[k]
	)
	for _, fresh := range rows {
		a, known := stored[fresh.ID]
		dirty := !known || a.polled(fresh)
		if !known {
			a = fresh
			a.State, a.FirstSeen = Pending, now
			res.New++
		}
		if a.State == Approved && a.Total.Time.After(a.Recorded) {
			n, ok, err := s.nextRun(&a)
			switch {
			case err != nil:
				res.failed(err)
			case ok:
				owners, newRuns = append(owners, len(changed)), append(newRuns, n)
			}
			dirty = true
		}
		// LastSeen is only written with another change: a poll of an idle
		// fleet writes nothing.
		if dirty {
			a.LastSeen = now
			changed = append(changed, a)
		}
	}
	if len(newRuns) > 0 {
		recorded, created, err := s.runs.RecordAll(newRuns)
		for k, i := range owners {
			switch {
			case k < len(recorded) && recorded[k].ID != 0:
				changed[i].Recorded = changed[i].Total.Time
				if created[k] {
					res.Runs++
				}
			case err != nil:
				res.failed(fmt.Errorf("account %d: %w", changed[i].ID, err))
			}
		}
	}
	if len(changed) == 0 {
		return nil
	}
	if err := s.store.MergeCoveAccounts(changed, mergePolled); err != nil {
		return fmt.Errorf("save Cove accounts: %w", err)
	}
	return nil
}

// failed counts an account whose session could not be recorded; it is
// tried again on the next poll.
func (r *PollResult) failed(err error) {
	if r.Errors++; r.FirstError == "" {
		r.FirstError = err.Error()
	}
}

// nextRun is the run of the account's last session, when it is final. A
// job deleted since approval sends the account back to approval.
func (s *Service) nextRun(a *Account) (runs.NewRun, bool, error) {
	j, err := s.jobs.ByKey(jobs.CoveKey(fmt.Sprint(a.ID)))
	if errors.Is(err, jobs.ErrNotFound) {
		a.detached, a.State, a.JobID = a.JobID, Pending, 0
		return runs.NewRun{}, false, nil
	}
	if err != nil {
		return runs.NewRun{}, false, err
	}
	a.JobID = j.ID
	n, ok := runOf(*a, j.ID)
	return n, ok, nil
}

// recordLast records the account's last session as a run when it is
// final, and notes it as recorded.
func (s *Service) recordLast(a *Account) (bool, error) {
	n, ok, err := s.nextRun(a)
	if err != nil || !ok {
		return false, err
	}
	_, created, err := s.runs.Record(n)
	if err != nil {
		return false, fmt.Errorf("account %d: %w", a.ID, err)
	}
	a.Recorded = a.Total.Time
	return created, nil
}
