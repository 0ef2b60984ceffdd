package runs

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Query selects runs for the API, newest first, a page at a time.
type Query struct {
	JobID    uint64
	From, To time.Time // a span of run times, [From, To); zero: any time
	Status   Status    // "": any
	Waiting  bool      // only runs waiting for review
	Cursor   string    // from the previous page's Next
	Limit    int
}

// ErrQuery is a query the API refuses; its message says what to send.
type ErrQuery struct{ Reason string }

func (e *ErrQuery) Error() string { return e.Reason }

// MaxLimit bounds a page.
const MaxLimit = 500

// Find answers q. A job's runs page through the job's own index; runs of a
// span or waiting for review through the time index or the queue, which
// give each run's time, so the records read are only the page's.
func (s *Service) Find(q Query) (Page, error) {
	if q.Limit <= 0 || q.Limit > MaxLimit {
		q.Limit = min(max(q.Limit, 100), MaxLimit)
	}
	if q.Status != "" && !q.Status.Valid() {
		return Page{}, &ErrQuery{"status is one of success, warning, failed, missed"}
	}
	switch {
	case q.Waiting:
		entries, err := s.Unreviewed()
		if err != nil {
			return Page{}, err
		}
		var keys []timeKey
		for _, e := range entries {
			if q.JobID != 0 && e.JobID != q.JobID || !within(e.Time, q.From, q.To) {
				continue
			}
			keys = append(keys, timeKey{e.Time, e.RunID})
		}
		return s.pageOf(keys, q)
	case !q.From.IsZero():
		var keys []timeKey
		err := s.review.VisitBriefs(q.From, q.To, func(b Brief) error {
			if (q.JobID == 0 || b.JobID == q.JobID) && (q.Status == "" || b.Status == q.Status) {
				keys = append(keys, timeKey{b.Time, b.ID})
			}
			return nil
		})
		if err != nil {
			return Page{}, err
		}
		q.Status = "" // filtered above, from the index
		return s.pageOf(keys, q)
	case q.JobID != 0:
		before, ok := strings.CutPrefix(q.Cursor, "j:")
		if q.Cursor != "" && !ok {
			return Page{}, &ErrQuery{"the cursor is not one this query gave"}
		}
		p, err := s.store.RunsOfJob(q.JobID, before, q.Limit)
		if err != nil {
			return Page{}, err
		}
		if q.Status != "" {
			p.Runs = slices.DeleteFunc(p.Runs, func(r Run) bool { return r.Status != q.Status })
		}
		if p.Next != "" {
			p.Next = "j:" + p.Next
		}
		return p, nil
	}
	return Page{}, &ErrQuery{"filter by job, by day, or waiting=true"}
}

type timeKey struct {
	t  time.Time
	id uint64
}

func (k timeKey) cursor() string { return fmt.Sprintf("t:%d.%d", k.t.UnixNano(), k.id) }

func parseTimeCursor(c string) (timeKey, error) {
	rest, ok := strings.CutPrefix(c, "t:")
	ns, id, ok2 := strings.Cut(rest, ".")
	n, err1 := strconv.ParseInt(ns, 10, 64)
	i, err2 := strconv.ParseUint(id, 10, 64)
	if !ok || !ok2 || err1 != nil || err2 != nil {
		return timeKey{}, &ErrQuery{"the cursor is not one this query gave"}
	}
	return timeKey{time.Unix(0, n), i}, nil
}

// pageOf sorts keys newest first and loads the page after the cursor.
func (s *Service) pageOf(keys []timeKey, q Query) (Page, error) {
	slices.SortFunc(keys, func(a, b timeKey) int { return cmp.Or(b.t.Compare(a.t), cmp.Compare(b.id, a.id)) })
	start := 0
	if q.Cursor != "" {
		after, err := parseTimeCursor(q.Cursor)
		if err != nil {
			return Page{}, err
		}
		start, _ = slices.BinarySearchFunc(keys, after, func(k, target timeKey) int {
			return cmp.Or(target.t.Compare(k.t), cmp.Compare(target.id, k.id))
		})
		if start < len(keys) && keys[start].t.Equal(after.t) && keys[start].id == after.id {
			start++
		}
	}
	var p Page
	var last timeKey
	for start < len(keys) && len(p.Runs) < q.Limit {
		end := min(start+q.Limit-len(p.Runs), len(keys))
		ids := make([]uint64, 0, end-start)
		for _, k := range keys[start:end] {
			ids = append(ids, k.id)
		}
		loaded, err := s.review.Runs(ids)
		if err != nil {
			return Page{}, err
		}
		for _, r := range loaded {
			if q.Status == "" || r.Status == q.Status {
				p.Runs = append(p.Runs, r)
			}
		}
		last = keys[end-1] // the cursor is the index's own key, not the record's time
		start = end
	}
	if start < len(keys) {
		p.Next = last.cursor()
	}
	return p, nil
}

func within(t, from, to time.Time) bool {
	return (from.IsZero() || !t.Before(from)) && (to.IsZero() || t.Before(to))
}
