package parsers

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/reports/rules"
)

// sharedFormat names the JSON file rules are shared in, so an import can
// tell a rules file from any other JSON.
const sharedFormat = "backupchecks-rules/1"

type sharedFile struct {
	Format string       `json:"format"`
	Rules  []rules.Rule `json:"rules"`
}

// Export writes every rule, in order, as a JSON file another appliance can
// import; IDs and positions stay behind.
func (s *Service) Export() ([]byte, error) {
	list, err := s.Rules()
	if err != nil {
		return nil, err
	}
	for i := range list {
		list[i].ID, list[i].Position = 0, 0
	}
	if list == nil {
		list = []rules.Rule{}
	}
	b, err := json.MarshalIndent(sharedFile{Format: sharedFormat, Rules: list}, "", "  ")
	return append(b, '\n'), err
}

// ImportResult says what an import changed.
type ImportResult struct{ Added, Updated int }

// Import adds the rules of a shared file after the existing ones; a rule
// with the name of an existing one replaces it in place, so importing the
// same file twice changes nothing. Every rule must validate, or nothing is
// imported.
func (s *Service) Import(data []byte, by audit.Actor) (ImportResult, error) {
	var f sharedFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil || f.Format != sharedFormat {
		return ImportResult{}, errors.New("this is not a Backupchecks rules file (exported from Settings → Parsers)")
	}
	existing, err := s.Rules()
	if err != nil {
		return ImportResult{}, err
	}
	byName := map[string]rules.Rule{}
	next := 1
	for _, r := range existing {
		byName[strings.ToLower(r.Name)] = r
		next = max(next, r.Position+1)
	}
	var res ImportResult
	seen := map[string]bool{}
	out := make([]rules.Rule, 0, len(f.Rules))
	for i, r := range f.Rules {
		if err := r.Validate(); err != nil {
			return ImportResult{}, fmt.Errorf("rule %d (%q): %w", i+1, r.Name, err)
		}
		name := strings.ToLower(r.Name)
		if seen[name] {
			return ImportResult{}, fmt.Errorf("rule %d: the file has two rules named %q", i+1, r.Name)
		}
		seen[name] = true
		if old, ok := byName[name]; ok {
			r.ID, r.Position = old.ID, old.Position
			res.Updated++
		} else {
			r.ID, r.Position = 0, next
			next++
			res.Added++
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		return res, errors.New("the file holds no rules")
	}
	_, err = s.saveRules(out, nil, audit.New(by, audit.RuleImport, fmt.Sprintf("%d rules", len(out)), fmt.Sprintf("%d added, %d updated", res.Added, res.Updated)))
	return res, err
}
