package psa

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/integrations/autotask"
)

// maxSimilar is how many other candidates a bulk row offers.
const maxSimilar = 5

// Suggestion is one unmapped active customer on the bulk mapping page.
type Suggestion struct {
	Customer customers.Customer
	// Exact is the one active, unmapped company whose name is the
	// customer's (case and spacing aside): preselected.
	Exact *autotask.Company
	// Similar are other candidates, not preselected: several companies
	// of exactly that name, or names that differ only in punctuation or a
	// legal form ("Acme" and "Acme B.V.").
	Similar []autotask.Company
}

// Suggestions is the bulk mapping page.
type Suggestions struct {
	Rows      []Suggestion
	Companies int // active companies Autotask listed
	Exact     int // rows with a preselected company
}

// BulkSuggestions lists the active customers without a mapping, each with
// the company of the same name preselected. Autotask is read once for
// all of them: the active companies, 500 per request, matched in memory,
// so 300 customers cost as many requests as the tenant has active
// companies divided by 500 (rounded up), not one per customer. Companies
// mapped to a customer already are not offered again.
func (s *Service) BulkSuggestions(ctx context.Context) (Suggestions, error) {
	var out Suggestions
	api, _, err := s.api()
	if err != nil {
		return out, err
	}
	all, err := s.customers.List("")
	if err != nil {
		return out, err
	}
	var todo []customers.Customer
	for _, c := range all {
		if c.Active && c.Autotask == nil {
			todo = append(todo, c)
		}
	}
	if len(todo) == 0 {
		return out, nil
	}
	companies, err := api.ActiveCompanies(ctx)
	s.noteHealth("list companies", err)
	if err != nil {
		return out, &CallError{Op: "list the active Autotask companies", Err: err}
	}
	out.Companies = len(companies)
	taken := mappedTo(all, 0)
	exact := map[string][]autotask.Company{}
	loose := map[string][]autotask.Company{}
	for _, comp := range companies {
		if _, ok := taken[comp.ID]; ok || !comp.Active {
			continue
		}
		exact[customers.NormalizeName(comp.Name)] = append(exact[customers.NormalizeName(comp.Name)], comp)
		if k := looseKey(comp.Name); k != "" {
			loose[k] = append(loose[k], comp)
		}
	}
	for _, c := range todo {
		row := Suggestion{Customer: c}
		same := exact[customers.NormalizeName(c.Name)]
		if len(same) == 1 {
			comp := same[0]
			row.Exact = &comp
			out.Exact++
		} else {
			row.Similar = append(row.Similar, same...)
		}
		for _, comp := range loose[looseKey(c.Name)] {
			if len(row.Similar) >= maxSimilar {
				break
			}
			if (row.Exact == nil || comp.ID != row.Exact.ID) && !containsCompany(row.Similar, comp.ID) {
				row.Similar = append(row.Similar, comp)
			}
		}
		out.Rows = append(out.Rows, row)
	}
	return out, nil
}

func containsCompany(list []autotask.Company, id int64) bool {
	for _, c := range list {
		if c.ID == id {
			return true
		}
	}
	return false
}

// legalForms are dropped from the end of a name for similar matches.
var legalForms = map[string]bool{
	"bv": true, "nv": true, "vof": true, "bvba": true, "ltd": true, "limited": true, "llc": true, "llp": true,
	"inc": true, "corp": true, "co": true, "plc": true, "gmbh": true, "ag": true, "kg": true, "sa": true,
	"sarl": true, "srl": true, "spa": true, "ab": true, "as": true, "oy": true, "pty": true,
}

// looseKey is a name without case, punctuation or a trailing legal
// form: "Acme B.V." and "ACME" share "acme".
func looseKey(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		case unicode.IsSpace(r) || r == '-' || r == '&' || r == ',' || r == '/':
			b.WriteRune(' ')
		}
	}
	words := strings.Fields(b.String())
	// "B.V." became "bv" above; "B V" (spaced) is joined back here.
	for len(words) > 1 {
		last := words[len(words)-1]
		if len(words) > 2 && len(last) == 1 && len(words[len(words)-2]) == 1 && legalForms[words[len(words)-2]+last] {
			words = words[:len(words)-2]
			continue
		}
		if !legalForms[last] {
			break
		}
		words = words[:len(words)-1]
	}
	return strings.Join(words, " ")
}

// Pair is one row of the bulk mapping: a customer and the company chosen.
type Pair struct {
	CustomerID uint64
	CompanyID  int64
}

// BulkResult says what MapMany did.
type BulkResult struct {
	Mapped  int
	Refused []string // one sentence per customer not mapped
}

// MapMany maps the chosen pairs at once, after reading the chosen
// companies from Autotask (500 per request): each customer that is still
// unmapped gets its company and its own audit event; a missing or
// inactive company, one chosen twice, or one mapped to another customer
// is refused with a sentence. A failed read maps nothing.
func (s *Service) MapMany(ctx context.Context, pairs []Pair, by audit.Actor) (BulkResult, error) {
	var res BulkResult
	api, _, err := s.api()
	if err != nil {
		return res, err
	}
	if len(pairs) == 0 {
		return res, nil
	}
	all, err := s.customers.List("")
	if err != nil {
		return res, err
	}
	byID := make(map[uint64]customers.Customer, len(all))
	for _, c := range all {
		byID[c.ID] = c
	}
	var ids []int64
	seen := map[int64]bool{}
	for _, p := range pairs {
		if !seen[p.CompanyID] {
			seen[p.CompanyID] = true
			ids = append(ids, p.CompanyID)
		}
	}
	found := make(map[int64]autotask.Company, len(ids))
	for start := 0; start < len(ids); start += syncBatch {
		list, err := api.Companies(ctx, ids[start:min(start+syncBatch, len(ids))])
		s.noteHealth("read companies", err)
		if err != nil {
			return BulkResult{}, &CallError{Op: "read the chosen companies from Autotask", Err: err}
		}
		for _, comp := range list {
			found[comp.ID] = comp
		}
	}
	taken := mappedTo(all, 0)
	chosen := map[int64]string{}
	var changes []LinkChange
	var names []string
	for _, p := range pairs {
		c, ok := byID[p.CustomerID]
		comp, exists := found[p.CompanyID]
		label := CompanyLabel(comp.Name, p.CompanyID)
		var why string
		switch {
		case !ok:
			why = fmt.Sprintf("Customer #%d no longer exists.", p.CustomerID)
		case c.Autotask != nil:
			why = fmt.Sprintf("%s: already mapped to %s, left as it is.", c.Name, CompanyLabel(c.Autotask.Name, c.Autotask.CompanyID))
		case !exists:
			why = fmt.Sprintf("%s: Autotask has no company #%d (or the API user cannot see it).", c.Name, p.CompanyID)
		case !comp.Active:
			why = fmt.Sprintf("%s: %s is inactive in Autotask.", c.Name, label)
		case taken[p.CompanyID].ID != 0:
			why = fmt.Sprintf("%s: %s is already mapped to customer %s.", c.Name, label, taken[p.CompanyID].Name)
		case chosen[p.CompanyID] != "":
			why = fmt.Sprintf("%s: %s was also chosen for %s; a company maps to one customer.", c.Name, label, chosen[p.CompanyID])
		}
		if why != "" {
			res.Refused = append(res.Refused, why)
			continue
		}
		chosen[p.CompanyID] = c.Name
		ev := audit.New(by, audit.AutotaskMap, c.Name, "to Autotask company "+label+" (bulk mapping)")
		changes = append(changes, LinkChange{CustomerID: c.ID, Link: s.newLink(comp, by), Only: WhileUnmapped, Event: &ev})
		names = append(names, c.Name)
	}
	applied, err := s.store.SaveCompanyLinks(changes)
	for i, ok := range applied {
		if ok {
			res.Mapped++
		} else if err == nil {
			res.Refused = append(res.Refused, names[i]+": mapped by someone else meanwhile, left as it is.")
		}
	}
	sort.Strings(res.Refused)
	return res, err
}
