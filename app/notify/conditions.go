package notify

import (
	"fmt"
	"time"

	"github.com/backupchecks/backupchecks/app/watch"
)

// NoteConditions compares the watch's conditions with those last noted
// and queues an event for each that appeared or cleared, in the same
// transaction as the new set, so a condition notifies once per change.
func (s *Service) NoteConditions(conds []watch.Condition) error {
	old, err := s.store.Conditions()
	if err != nil {
		return fmt.Errorf("read the conditions last notified: %w", err)
	}
	now := s.Now().UTC()
	current := make(map[string]string, len(conds))
	var events []Event
	for _, c := range conds {
		current[c.Key] = c.Title
		if _, known := old[c.Key]; !known {
			events = append(events, Event{ID: conditionID(c.Key, "raised", now), Kind: ConditionRaised, At: now,
				Condition: c.Key, Title: c.Title, Reason: c.Reason})
		}
	}
	for key, title := range old {
		if _, still := current[key]; !still {
			events = append(events, Event{ID: conditionID(key, "cleared", now), Kind: ConditionCleared, At: now, Condition: key, Title: title})
		}
	}
	if len(events) == 0 && len(old) == len(current) {
		return nil
	}
	return s.store.SaveConditions(current, events)
}

func conditionID(key, what string, at time.Time) string {
	return fmt.Sprintf("condition-%s-%s-%d", key, what, at.Unix())
}
