package overrides

import (
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
)

// ErrNotFound means no override has that ID.
var ErrNotFound = errors.New("override not found")

// Store persists overrides; writes carry their audit event.
type Store interface {
	Overrides() ([]Override, error)
	Override(id uint64) (Override, error) // ErrNotFound
	CreateOverride(o Override, ev audit.Event) (Override, error)
	SaveOverride(o Override, ev audit.Event) error
}

// Service holds the override use cases.
type Service struct {
	store Store
	jobs  *jobs.Service
	runs  *runs.Service
	Now   func() time.Time
}

// NewService wires the override use cases.
func NewService(s Store, j *jobs.Service, r *runs.Service) *Service {
	return &Service{store: s, jobs: j, runs: r, Now: time.Now}
}

// List returns every override, active ones first, newest first within.
func (s *Service) List() ([]Override, error) {
	list, err := s.store.Overrides()
	if err != nil {
		return nil, err
	}
	now := s.Now()
	sort.SliceStable(list, func(a, b int) bool {
		if ea, eb := list[a].Expired(now), list[b].Expired(now); ea != eb {
			return !ea
		}
		return list[a].ID > list[b].ID
	})
	return list, nil
}

// Get returns one override.
func (s *Service) Get(id uint64) (Override, error) { return s.store.Override(id) }

// Create saves a new override and applies it to the runs waiting for
// review; it returns how many of them it turned into successes.
func (s *Service) Create(o Override, by audit.Actor) (Override, int, error) {
	now := s.Now().UTC()
	if o.From.IsZero() {
		o.From = now.Add(-365 * 24 * time.Hour) // by default it also covers the runs already waiting
	}
	if err := o.Validate(); err != nil {
		return o, 0, err
	}
	o.ID, o.By, o.Created = 0, by.Name, now
	o, err := s.store.CreateOverride(o, audit.New(by, audit.OverrideCreate, s.scopeName(o), o.Reason))
	if err != nil {
		return o, 0, err
	}
	n, err := s.applyToQueue(by)
	return o, n, err
}

// Update changes an override and applies it to the runs waiting for review.
// Runs it already turned into successes stay so.
func (s *Service) Update(o Override, by audit.Actor) (Override, int, error) {
	cur, err := s.store.Override(o.ID)
	if err != nil {
		return o, 0, err
	}
	if err := o.Validate(); err != nil {
		return o, 0, err
	}
	o.By, o.Created, o.Updated = cur.By, cur.Created, s.Now().UTC()
	if err := s.store.SaveOverride(o, audit.New(by, audit.OverrideUpdate, s.scopeName(o), o.Reason)); err != nil {
		return o, 0, err
	}
	n, err := s.applyToQueue(by)
	return o, n, err
}

// Expire ends an override now; runs it already changed keep their status.
func (s *Service) Expire(id uint64, by audit.Actor) (Override, error) {
	o, err := s.store.Override(id)
	if err != nil {
		return o, err
	}
	now := s.Now().UTC()
	if o.Expired(now) {
		return o, nil
	}
	o.Until, o.Updated = now, now
	if !o.Until.After(o.From) {
		o.From = o.Until.Add(-time.Second)
	}
	return o, s.store.SaveOverride(o, audit.New(by, audit.OverrideExpire, s.scopeName(o), o.Reason))
}

// Adjust is the runs.Service hook: it applies the active overrides to a
// run being recorded.
func (s *Service) Adjust(r *runs.Run) error {
	if r.Status != runs.Warning && r.Status != runs.Failed {
		return nil
	}
	list, err := s.store.Overrides()
	if err != nil || len(list) == 0 {
		return err
	}
	j, err := s.jobs.Get(r.JobID)
	if err != nil {
		return err
	}
	Apply(list, j, r)
	return nil
}

// applyToQueue applies every override to the unreviewed runs, in batches.
func (s *Service) applyToQueue(by audit.Actor) (int, error) {
	list, err := s.store.Overrides()
	if err != nil {
		return 0, err
	}
	q, err := s.runs.Unreviewed()
	if err != nil {
		return 0, err
	}
	var ids []uint64
	for _, e := range q {
		if st := runs.StatusOfSeverity(e.Severity); st == runs.Warning || st == runs.Failed {
			ids = append(ids, e.RunID)
		}
	}
	jobByID := map[uint64]jobs.Job{}
	changed := 0
	for len(ids) > 0 {
		chunk := ids[:min(500, len(ids))]
		ids = ids[len(chunk):]
		rs, err := s.runs.Load(chunk)
		if err != nil {
			return changed, err
		}
		var hit []runs.Run
		for _, r := range rs {
			j, ok := jobByID[r.JobID]
			if !ok {
				if j, err = s.jobs.Get(r.JobID); err != nil {
					continue // the job went away meanwhile
				}
				jobByID[r.JobID] = j
			}
			if Apply(list, j, &r) {
				hit = append(hit, r)
			}
		}
		if err := s.runs.Restate(hit); err != nil {
			return changed, fmt.Errorf("apply overrides to waiting runs: %w", err)
		}
		changed += len(hit)
	}
	return changed, nil
}

func (s *Service) scopeName(o Override) string {
	if o.JobID != 0 {
		if j, err := s.jobs.Get(o.JobID); err == nil {
			return "job " + j.Name
		}
		return fmt.Sprintf("job %d", o.JobID)
	}
	return "all " + o.Software + " · " + o.Type + " jobs"
}
