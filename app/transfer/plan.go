package transfer

import (
	"fmt"
	"slices"
	"strings"

	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/overrides"
)

// Plan is what an import would do. Nothing missing from the file is
// deleted: an import adds and updates, and leaves the rest alone.
type Plan struct {
	NewCustomers     []customers.Customer // no ID yet
	ChangedCustomers []CustomerChange
	SameCustomers    int
	NewJobs          []NewJob
	ChangedJobs      []JobChange
	SameJobs         int
	NewOverrides     []NewOverride
	SameOverrides    int
}

// NewOverride is an override to create; JobKey finds its job when the
// job is created by the same import (JobID 0).
type NewOverride struct {
	Override overrides.Override
	JobKey   string
}

// CustomerChange is a customer whose file record differs.
type CustomerChange struct {
	Before, After customers.Customer
	What          []string
}

// NewJob is a job to create; its customer may be new too.
type NewJob struct {
	Job      jobs.Job // CustomerID 0 when the customer is created by the same import
	Customer string
}

// JobChange is a job whose file record differs.
type JobChange struct {
	Before, After jobs.Job
	Customer      string // the new customer's name when it moves to a new one
	What          []string
}

// Changes reports whether the plan writes anything.
func (p Plan) Changes() bool {
	return len(p.NewCustomers)+len(p.ChangedCustomers)+len(p.NewJobs)+len(p.ChangedJobs)+len(p.NewOverrides) > 0
}

// Summary is the plan in one line, for the audit log.
func (p Plan) Summary() string {
	return fmt.Sprintf("customers: %d created, %d changed, %d left alone; jobs: %d created, %d changed, %d left alone; overrides: %d created, %d left alone",
		len(p.NewCustomers), len(p.ChangedCustomers), p.SameCustomers, len(p.NewJobs), len(p.ChangedJobs), p.SameJobs, len(p.NewOverrides), p.SameOverrides)
}

// plan compares f with the appliance and checks every record; any problem
// refuses the whole file, each named.
func (s *Service) plan(f File) (Plan, error) {
	cs, err := s.Store.Customers()
	if err != nil {
		return Plan{}, err
	}
	js, err := s.Store.Jobs()
	if err != nil {
		return Plan{}, err
	}
	var p Plan
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	byName := map[string]customers.Customer{}
	companyOwner := map[int64]string{} // company → normalised customer name
	for _, c := range cs {
		byName[customers.NormalizeName(c.Name)] = c
		if c.Autotask != nil {
			companyOwner[c.Autotask.CompanyID] = customers.NormalizeName(c.Name)
		}
	}
	inFile := map[string]bool{}
	for i, x := range f.Customers {
		n := customers.NormalizeName(x.Name)
		switch {
		case n == "":
			bad("Customer %d has no name.", i+1)
			continue
		case inFile[n]:
			bad("Customer %q is in the file twice.", x.Name)
			continue
		}
		inFile[n] = true
		if x.AutotaskCompanyID != nil {
			if owner, ok := companyOwner[*x.AutotaskCompanyID]; ok && owner != n {
				bad("Customer %q is mapped to Autotask company %d, which another customer (%s) is mapped to.", x.Name, *x.AutotaskCompanyID, owner)
				continue
			}
			companyOwner[*x.AutotaskCompanyID] = n
		}
		cur, exists := byName[n]
		if exists && x.keep {
			p.SameCustomers++
			continue
		}
		want := cur
		if !exists {
			want = customers.Customer{Name: strings.Join(strings.Fields(x.Name), " ")}
		}
		want.Active = x.Active
		if !f.Partial || x.AutotaskCompanyID != nil {
			want.Autotask = link(cur.Autotask, x)
		}
		if !exists {
			p.NewCustomers = append(p.NewCustomers, want)
			continue
		}
		var what []string
		if cur.Active != want.Active {
			what = append(what, fmt.Sprintf("active: %v → %v", cur.Active, want.Active))
		}
		if companyOf(cur.Autotask) != companyOf(want.Autotask) {
			what = append(what, fmt.Sprintf("Autotask company: %s → %s", companyOf(cur.Autotask), companyOf(want.Autotask)))
		}
		if len(what) == 0 {
			p.SameCustomers++
		} else {
			p.ChangedCustomers = append(p.ChangedCustomers, CustomerChange{Before: cur, After: want, What: what})
		}
	}

	byKey := map[string]jobs.Job{} // match keys and aliases → job
	for _, j := range js {
		byKey[j.MatchKey] = j
		for _, a := range j.Aliases {
			byKey[a] = j
		}
	}
	keyInFile := map[string]string{}
	for i, x := range f.Jobs {
		label := fmt.Sprintf("Job %d (%s)", i+1, x.Name)
		switch {
		case x.MatchKey == "":
			bad("%s has no match key.", label)
			continue
		case strings.TrimSpace(x.Name) == "":
			bad("Job %d has no name.", i+1)
			continue
		case x.Source != jobs.Email && x.Source != jobs.Cove:
			bad("%s has source %q; it is email or cove.", label, x.Source)
			continue
		}
		dup := false
		for _, k := range append([]string{x.MatchKey}, x.Aliases...) {
			if other, ok := keyInFile[k]; ok {
				bad("%s has a match key that job %s has too.", label, other)
				dup = true
			}
			keyInFile[k] = x.Name
		}
		if dup {
			continue
		}
		cn := customers.NormalizeName(x.Customer)
		owner, exists := byName[cn]
		if !exists && !inFile[cn] {
			bad("%s belongs to customer %q, which is neither in the file nor on this appliance.", label, x.Customer)
			continue
		}
		cur, found := byKey[x.MatchKey]
		if found && cur.MatchKey != x.MatchKey {
			bad("%s has the match key of an alias of job %q: that job was merged; export again.", label, cur.Name)
			continue
		}
		for _, a := range x.Aliases {
			if other, ok := byKey[a]; ok && (!found || other.ID != cur.ID) {
				bad("%s has alias %q, which is job %q's.", label, a, other.Name)
				dup = true
			}
		}
		if dup {
			continue
		}
		want := cur
		if !found {
			want = jobs.Job{Source: x.Source, MatchKey: x.MatchKey}
		}
		want.Name, want.Software, want.Type = strings.TrimSpace(x.Name), x.Software, x.Type
		want.Archived = x.Archived
		if !f.Partial || !found {
			want.Aliases, want.Override, want.Silence = slices.Clone(x.Aliases), x.Schedule, x.Silence
		}
		want.CustomerID = owner.ID // 0 for a customer this import creates
		if !found {
			p.NewJobs = append(p.NewJobs, NewJob{Job: want, Customer: x.Customer})
			continue
		}
		what := jobDiff(cur, want)
		if len(what) == 0 {
			p.SameJobs++
		} else {
			p.ChangedJobs = append(p.ChangedJobs, JobChange{Before: cur, After: want, Customer: x.Customer, What: what})
		}
	}
	if err := s.planOverrides(f, byKey, keyInFile, &p, bad); err != nil {
		return Plan{}, err
	}
	if len(problems) > 0 {
		return Plan{}, &Invalid{problems}
	}
	return p, nil
}

// planOverrides adds the file's overrides the appliance lacks. An override
// has no name to find it by, so one with the same scope, match, period and
// reason counts as the same.
func (s *Service) planOverrides(f File, byKey map[string]jobs.Job, keyInFile map[string]string, p *Plan, bad func(string, ...any)) error {
	existing, err := s.Store.Overrides()
	if err != nil {
		return err
	}
	keyOfID := map[uint64]string{}
	for k, j := range byKey {
		if k == j.MatchKey {
			keyOfID[j.ID] = k
		}
	}
	have := map[string]bool{}
	for _, o := range existing {
		have[overrideIdentity(keyOfID[o.JobID], o)] = true
	}
	for i, x := range f.Overrides {
		o := overrides.Override{Software: x.Software, Type: x.Type, Statuses: x.Statuses, Object: x.Object, Message: x.Message,
			From: x.From, Until: x.Until, Reason: x.Reason, By: x.By}
		if x.Job != "" {
			j, onAppliance := byKey[x.Job]
			_, inFile := keyInFile[x.Job]
			if !onAppliance && !inFile {
				bad("Override %d (%s) is for a job with match key %q, which is neither in the file nor on this appliance.", i+1, x.Reason, x.Job)
				continue
			}
			o.JobID = j.ID // 0 while the job is new: ApplyImport finds it by JobKey
		}
		// Validated as the job's override it is, though a new job has no ID yet.
		v := o
		if x.Job != "" {
			v.JobID = max(o.JobID, 1)
		}
		if err := v.Validate(); err != nil {
			bad("Override %d (%s): %s", i+1, x.Reason, err.Error())
			continue
		}
		v.JobID = o.JobID
		o = v
		if have[overrideIdentity(x.Job, o)] {
			p.SameOverrides++
			continue
		}
		have[overrideIdentity(x.Job, o)] = true
		p.NewOverrides = append(p.NewOverrides, NewOverride{Override: o, JobKey: x.Job})
	}
	return nil
}

func overrideIdentity(jobKey string, o overrides.Override) string {
	return fmt.Sprintf("%s|%s|%s|%v|%+v|%+v|%d|%d|%s", jobKey, o.Software, o.Type, o.Statuses, o.Object, o.Message,
		o.From.Unix(), o.Until.Unix(), o.Reason)
}

func link(cur *customers.CompanyLink, x Customer) *customers.CompanyLink {
	if x.AutotaskCompanyID == nil {
		return nil
	}
	if cur != nil && cur.CompanyID == *x.AutotaskCompanyID {
		return cur // the same company: keep its sync state
	}
	return &customers.CompanyLink{CompanyID: *x.AutotaskCompanyID, Name: x.AutotaskCompany, Status: customers.MappingOK}
}

func companyOf(l *customers.CompanyLink) string {
	if l == nil {
		return "none"
	}
	return fmt.Sprint(l.CompanyID)
}

func jobDiff(cur, want jobs.Job) []string {
	var what []string
	diff := func(name string, a, b any) {
		if fmt.Sprint(a) != fmt.Sprint(b) {
			what = append(what, fmt.Sprintf("%s: %v → %v", name, a, b))
		}
	}
	diff("name", cur.Name, want.Name)
	diff("software", cur.Software, want.Software)
	diff("type", cur.Type, want.Type)
	if cur.CustomerID != want.CustomerID {
		what = append(what, "moved to another customer")
	}
	diff("aliases", cur.Aliases, want.Aliases)
	diff("archived", cur.Archived, want.Archived)
	if scheduleText(cur) != scheduleText(want) {
		what = append(what, "schedule set by an operator changed")
	}
	if silenceText(cur) != silenceText(want) {
		what = append(what, "silence bound set by an operator changed")
	}
	return what
}

func scheduleText(j jobs.Job) string {
	if j.Override == nil {
		return ""
	}
	return fmt.Sprintf("%+v", *j.Override)
}

func silenceText(j jobs.Job) string {
	if j.Silence == nil {
		return ""
	}
	return fmt.Sprintf("%d %v %s", j.Silence.Days, j.Silence.ByHand, j.Silence.Reason)
}
