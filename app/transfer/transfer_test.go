package transfer_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/overrides"
	"github.com/backupchecks/backupchecks/app/psa"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/app/schedule"
	"github.com/backupchecks/backupchecks/app/silence"
	"github.com/backupchecks/backupchecks/app/transfer"
	"github.com/backupchecks/backupchecks/storage"
)

func open(t *testing.T) (*storage.Store, *transfer.Service) {
	t.Helper()
	st, err := storage.Open(storage.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, &transfer.Service{Store: st, Now: time.Now}
}

// seed gives the appliance two customers (one mapped to Autotask, one
// inactive) and three jobs: with aliases, archived, with a schedule set.
func seed(t *testing.T, st *storage.Store) {
	t.Helper()
	acme, _ := st.CreateCustomer(customers.Customer{Name: "Acme Dental", Active: true}, audit.Event{Action: audit.CustomerCreate})
	beta, _ := st.CreateCustomer(customers.Customer{Name: "Beta Law"}, audit.Event{Action: audit.CustomerCreate})
	if _, err := st.SaveCompanyLinks([]psa.LinkChange{{CustomerID: acme.ID, Link: &customers.CompanyLink{CompanyID: 4711, Name: "Acme Dental BV", Status: customers.MappingOK}}}); err != nil {
		t.Fatal(err)
	}
	weekly := &schedule.Schedule{Kind: schedule.Weekly, Days: []time.Weekday{time.Monday, time.Thursday}, Minute: 22 * 60, Grace: 2 * time.Hour, SetBy: "op"}
	for _, j := range []jobs.Job{
		{CustomerID: acme.ID, Source: jobs.Email, Software: "Veeam Backup & Replication", Type: "Backup Job", Name: "Nightly", MatchKey: "k-nightly", Aliases: []string{"k-old"}, Override: weekly},
		{CustomerID: acme.ID, Source: jobs.Cove, Name: "fs01", MatchKey: jobs.CoveKey("123"),
			Silence: &silence.Setting{ByHand: true, Reason: "restore tests by hand", SetBy: "op", SetAt: time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC)}},
		{CustomerID: beta.ID, Source: jobs.Email, Software: "Synology Hyper Backup", Name: "NAS", MatchKey: "k-nas", Archived: true},
	} {
		if _, err := st.CreateJob(j, audit.Event{Action: audit.JobCreate}); err != nil {
			t.Fatal(err)
		}
	}
	nightly, _ := st.JobByKey("k-nightly")
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, o := range []overrides.Override{
		{JobID: nightly.ID, Statuses: []runs.Status{runs.Warning}, Object: overrides.Match{Mode: overrides.Contains, Pattern: "TEMP"}, From: from, Reason: "temp VM"},
		{Software: "Synology Hyper Backup", Type: "Backup", Statuses: []runs.Status{runs.Failed}, Message: overrides.Match{Mode: overrides.Contains, Pattern: "USB"}, From: from, Reason: "USB disk rotated"},
	} {
		if err := o.Validate(); err != nil { // as the overrides service stores them
			t.Fatal(err)
		}
		if _, err := st.CreateOverride(o, audit.Event{Action: audit.OverrideCreate}); err != nil {
			t.Fatal(err)
		}
	}
}

func exported(t *testing.T, svc *transfer.Service) []byte {
	t.Helper()
	f, err := svc.Export()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := transfer.WriteJSON(&b, f); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// comparable strips what an import does not carry (IDs, times, the
// scheduler's state, sync times) so two appliances compare record by record.
func comparable(t *testing.T, svc *transfer.Service) string {
	t.Helper()
	f, err := svc.Export()
	if err != nil {
		t.Fatal(err)
	}
	f.Exported = time.Time{}
	var b bytes.Buffer
	_ = transfer.WriteJSON(&b, f)
	return b.String()
}

func TestExportImportRoundTrip(t *testing.T) {
	src, out := open(t)
	seed(t, src)
	file := exported(t, out)

	dst, in := open(t)
	f, err := transfer.ReadJSON(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	dry, err := in.Import(f, true, audit.Actor{Name: "admin"})
	if err != nil || len(dry.NewCustomers) != 2 || len(dry.NewJobs) != 3 || len(dry.NewOverrides) != 2 {
		t.Fatalf("dry run: %+v %v", dry, err)
	}
	if cs, _ := dst.Customers(); len(cs) != 0 {
		t.Fatal("the dry run wrote customers")
	}
	if _, err := in.Import(f, false, audit.Actor{Name: "admin"}); err != nil {
		t.Fatal(err)
	}
	if a, b := comparable(t, out), comparable(t, in); a != b {
		t.Errorf("after the round trip the appliances differ:\n%s\n---\n%s", a, b)
	}
	j, err := dst.JobByKey("k-old")
	if err != nil || j.Name != "Nightly" {
		t.Errorf("the alias does not find its job: %+v %v", j, err)
	}
	os, _ := dst.Overrides()
	nightly, _ := dst.JobByKey("k-nightly")
	if len(os) != 2 || !slicesHasJob(os, nightly.ID) {
		t.Errorf("imported overrides %+v: none is for the imported Nightly (%d)", os, nightly.ID)
	}
	beta, _ := dst.CustomerByName("beta law")
	if applied, err := dst.SaveCompanyLinks([]psa.LinkChange{{CustomerID: beta.ID, Link: &customers.CompanyLink{CompanyID: 4711}}}); err != nil || applied[0] {
		t.Errorf("a second customer could be mapped to the imported Autotask company (%v %v): the index was not written", applied, err)
	}

	again, err := in.Import(f, false, audit.Actor{Name: "admin"})
	if err != nil || again.Changes() || again.SameCustomers != 2 || again.SameJobs != 3 || again.SameOverrides != 2 {
		t.Errorf("importing the same file twice: %+v %v", again, err)
	}
	page, _ := dst.List(audit.Filter{Action: audit.DataImport, Limit: 5})
	if len(page.Events) != 1 || !strings.Contains(page.Events[0].Details, "jobs: 3 created") {
		t.Errorf("audit: %+v", page.Events)
	}
}

// A file with one bad record changes nothing, and names every problem.
func TestImportIsAllOrNothing(t *testing.T) {
	dst, in := open(t)
	seed(t, dst)
	before := comparable(t, in)
	f := transfer.File{Format: transfer.Format, Version: transfer.Version,
		Customers: []transfer.Customer{{Name: "Gamma BV", Active: true}, {Name: "Acme Dental", Active: false}},
		Jobs: []transfer.Job{
			{Customer: "Gamma BV", Source: jobs.Email, Name: "New", MatchKey: "k-new"},
			{Customer: "Nobody", Source: jobs.Email, Name: "Orphan", MatchKey: "k-orphan"},
			{Customer: "Gamma BV", Source: jobs.Email, Name: "Thief", MatchKey: "k-thief", Aliases: []string{"k-nas"}},
		}}
	_, err := in.Import(f, false, audit.Actor{})
	var inv *transfer.Invalid
	if !errors.As(err, &inv) || len(inv.Problems) != 2 || !strings.Contains(inv.Error(), `customer "Nobody"`) || !strings.Contains(inv.Error(), `alias "k-nas"`) {
		t.Fatalf("a bad file: %v", err)
	}
	if after := comparable(t, in); after != before {
		t.Error("a refused import changed the appliance")
	}
	f.Jobs = f.Jobs[:1]
	p, err := in.Import(f, false, audit.Actor{})
	if err != nil || len(p.NewCustomers) != 1 || len(p.ChangedCustomers) != 1 || len(p.NewJobs) != 1 {
		t.Fatalf("the mended file: %+v %v", p, err)
	}
	if c, _ := dst.CustomerByName("Acme Dental"); c.Active {
		t.Error("the change to Acme was not written")
	}
	if _, err := transfer.ReadJSON(strings.NewReader(`{"format":"other"}`)); err == nil {
		t.Error("a file of another format was read")
	}
}

// The CSV files read back: into the same appliance they change nothing
// (aliases and schedules, which CSV cannot carry, are kept); into an empty
// one the jobs file brings its customers along.
func TestCSVRoundTrip(t *testing.T) {
	src, svc := open(t)
	seed(t, src)
	f, _ := svc.Export()
	var cb, jb bytes.Buffer
	if err := transfer.WriteCustomersCSV(&cb, f); err != nil {
		t.Fatal(err)
	}
	if err := transfer.WriteJobsCSV(&jb, f); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(cb.String(), "\ufeffname,active,autotask_company_id") || !strings.Contains(cb.String(), "Acme Dental,true,4711,Acme Dental BV") {
		t.Errorf("customers CSV:\n%s", cb.String())
	}
	for name, b := range map[string][]byte{"customers": cb.Bytes(), "jobs": jb.Bytes()} {
		cf, err := transfer.ReadCSV(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		p, err := svc.Import(cf, false, audit.Actor{})
		if err != nil || p.Changes() {
			t.Errorf("the %s CSV into its own appliance: %s %v", name, p.Summary(), err)
		}
	}
	if j, _ := src.JobByKey("k-nightly"); len(j.Aliases) != 1 || j.Override == nil {
		t.Errorf("a CSV import lost what CSV cannot carry: %+v", j)
	}
	dst, in := open(t)
	jf, _ := transfer.ReadCSV(bytes.NewReader(jb.Bytes()))
	p, err := in.Import(jf, false, audit.Actor{})
	if err != nil || len(p.NewCustomers) != 2 || len(p.NewJobs) != 3 {
		t.Fatalf("jobs CSV into an empty appliance: %+v %v", p, err)
	}
	if j, err := dst.JobByKey(jobs.CoveKey("123")); err != nil || j.Name != "fs01" {
		t.Errorf("the Cove job: %+v %v", j, err)
	}
	if _, err := transfer.ReadCSV(strings.NewReader("a,b\n1,2\n")); err == nil {
		t.Error("a CSV of neither kind was read")
	}
}

func slicesHasJob(os []overrides.Override, jobID uint64) bool {
	for _, o := range os {
		if o.JobID == jobID && o.Reason == "temp VM" {
			return true
		}
	}
	return false
}
