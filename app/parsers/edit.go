package parsers

import (
	"fmt"
	"strings"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/reports/rules"
)

// ErrNameTaken means another rule has that name: names tell rules apart
// in the list, in runs' parser field and in shared files.
var ErrNameTaken = &rules.ErrInvalid{Field: "name", Reason: "Another rule has this name; choose another."}

// Save validates and stores a rule: a new one (ID 0) goes last.
func (s *Service) Save(r rules.Rule, by audit.Actor) (rules.Rule, error) {
	if err := r.Validate(); err != nil {
		return r, err
	}
	list, err := s.Rules()
	if err != nil {
		return r, err
	}
	action := audit.RuleCreate
	if r.ID == 0 {
		r.Position = 1
		if len(list) > 0 {
			r.Position = list[len(list)-1].Position + 1
		}
	} else {
		action = audit.RuleUpdate
		old, ok := find(list, r.ID)
		if !ok {
			return r, ErrNotFound
		}
		r.Position = old.Position
	}
	for _, o := range list {
		if o.ID != r.ID && strings.EqualFold(o.Name, r.Name) {
			return r, ErrNameTaken
		}
	}
	saved, err := s.saveRules([]rules.Rule{r}, nil, audit.New(by, action, r.Name, r.Describe()))
	if err != nil {
		return r, err
	}
	return saved[0], nil
}

// Delete removes a rule; mails it recognised keep their runs.
func (s *Service) Delete(id uint64, by audit.Actor) (rules.Rule, error) {
	r, err := s.Rule(id)
	if err != nil {
		return r, err
	}
	_, err = s.saveRules(nil, []uint64{id}, audit.New(by, audit.RuleDelete, r.Name, r.Describe()))
	return r, err
}

// Move swaps a rule with its neighbour above (up) or below.
func (s *Service) Move(id uint64, up bool, by audit.Actor) error {
	list, err := s.Rules()
	if err != nil {
		return err
	}
	i := -1
	for k, r := range list {
		if r.ID == id {
			i = k
		}
	}
	if i < 0 {
		return ErrNotFound
	}
	j := i + 1
	if up {
		j = i - 1
	}
	if j < 0 || j >= len(list) {
		return nil // already first or last
	}
	// Renumber all so equal positions (from an import) cannot stall a move.
	for k := range list {
		list[k].Position = k + 1
	}
	list[i].Position, list[j].Position = list[j].Position, list[i].Position
	where := "down"
	if up {
		where = "up"
	}
	_, err = s.saveRules(list, nil, audit.New(by, audit.RuleMove, list[i].Name, fmt.Sprintf("moved %s, now number %d of %d", where, j+1, len(list))))
	return err
}

func find(list []rules.Rule, id uint64) (rules.Rule, bool) {
	for _, r := range list {
		if r.ID == id {
			return r, true
		}
	}
	return rules.Rule{}, false
}
