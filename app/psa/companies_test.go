package psa_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/psa"
	"github.com/backupchecks/backupchecks/app/settings"
)

func (w *world) customer(name string) customers.Customer {
	w.t.Helper()
	c, err := w.cust.Create(name, op)
	if err != nil {
		w.t.Fatal(err)
	}
	return c
}

func (w *world) get(id uint64) customers.Customer {
	w.t.Helper()
	c, err := w.cust.Get(id)
	if err != nil {
		w.t.Fatal(err)
	}
	return c
}

func (w *world) auditCount(a audit.Action) int {
	w.t.Helper()
	n, before := 0, ""
	for {
		p, err := w.st.List(audit.Filter{Action: a, Before: before, Limit: 500})
		if err != nil {
			w.t.Fatal(err)
		}
		n += len(p.Events)
		if p.Next == "" {
			return n
		}
		before = p.Next
	}
}

// Mapping reads the company first: an inactive, missing, or already
// mapped company is refused with a sentence and nothing changes; an
// active one is mapped with its name cached and an audit event, and the
// customer's own name stays.
func TestMapRefusesInactiveMissingAndTakenCompanies(t *testing.T) {
	w := newWorld(t)
	w.configure(nil)
	acme := w.customer("Acme")
	active := w.tenant.AddCompany("Acme Holding B.V.", true)
	inactive := w.tenant.AddCompany("Acme Old", false)

	var refused *psa.Refused
	if err := w.svc.Map(w.ctx, acme.ID, inactive, op); !errors.As(err, &refused) || !strings.Contains(refused.Reason, "inactive") {
		t.Fatalf("map to an inactive company: %v", err)
	}
	if err := w.svc.Map(w.ctx, acme.ID, 987654, op); !errors.As(err, &refused) || !strings.Contains(refused.Reason, "no company #987654") {
		t.Fatalf("map to a missing company: %v", err)
	}
	if w.get(acme.ID).Autotask != nil || w.auditCount(audit.AutotaskMap) != 0 {
		t.Fatal("a refused mapping changed something")
	}

	if err := w.svc.Map(w.ctx, acme.ID, active, op); err != nil {
		t.Fatal(err)
	}
	got := w.get(acme.ID)
	l := got.Autotask
	if got.Name != "Acme" || l == nil || l.CompanyID != active || l.Name != "Acme Holding B.V." || l.Status != customers.MappingOK || l.Synced.IsZero() || l.MappedBy != "op" {
		t.Fatalf("after mapping: %+v %+v", got, l)
	}
	if w.auditCount(audit.AutotaskMap) != 1 {
		t.Fatal("the mapping was not audited")
	}
	if why := psa.TicketBlocker(got); why != "" {
		t.Fatalf("a mapped customer is blocked: %s", why)
	}
	if why := psa.TicketBlocker(w.customer("Unmapped")); !strings.Contains(why, "not mapped") {
		t.Fatalf("an unmapped customer's blocker: %q", why)
	}

	// 1-to-1: another customer cannot take the same company.
	other := w.customer("Acme Subsidiary")
	if err := w.svc.Map(w.ctx, other.ID, active, op); !errors.As(err, &refused) || !strings.Contains(refused.Reason, "already mapped to customer Acme") {
		t.Fatalf("map a taken company: %v", err)
	}

	// Renaming the customer keeps the mapping; the mapping keeps the name.
	if _, err := w.cust.Rename(acme.ID, "Acme Corp", op); err != nil {
		t.Fatal(err)
	}
	if got := w.get(acme.ID); got.Autotask == nil || got.Autotask.CompanyID != active {
		t.Fatalf("renaming the customer lost its mapping: %+v", got.Autotask)
	}

	if err := w.svc.Unmap(acme.ID, op); err != nil {
		t.Fatal(err)
	}
	if w.get(acme.ID).Autotask != nil || w.auditCount(audit.AutotaskUnmap) != 1 {
		t.Fatal("unmap did not remove the mapping with an audit event")
	}
}

// The type-ahead returns at most 20 companies, active ones first.
func TestSearchCompaniesIsCappedActiveFirst(t *testing.T) {
	w := newWorld(t)
	w.configure(nil)
	for i := range 30 {
		w.tenant.AddCompany(fmt.Sprintf("Contoso %02d", i), i%3 != 0)
	}
	w.tenant.AddCompany("Fabrikam", true)
	list, err := w.svc.SearchCompanies(w.ctx, "  conTOSO ")
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != psa.SearchLimit {
		t.Fatalf("%d results, want %d", len(list), psa.SearchLimit)
	}
	seenInactive := false
	for _, c := range list {
		if !strings.Contains(c.Name, "Contoso") {
			t.Errorf("result %q does not contain the text", c.Name)
		}
		if !c.Active {
			seenInactive = true
		} else if seenInactive {
			t.Fatal("an active company comes after an inactive one")
		}
	}
	before := w.fake.Calls()
	if list, err := w.svc.SearchCompanies(w.ctx, "c"); err != nil || len(list) != 0 || w.fake.Calls() != before {
		t.Fatalf("one character searched Autotask: %v %v", list, err)
	}
}

// 300 unmapped customers are matched to their companies in one pass over
// the active companies, not one request per customer; the exact name
// (case and spacing aside) is preselected, similar names only offered.
func TestBulkSuggestionsFor300Customers(t *testing.T) {
	w := newWorld(t)
	w.configure(nil)
	var exactIDs []int64
	for i := 1; i <= 300; i++ {
		name := fmt.Sprintf("Customer %03d", i)
		w.customer(name)
		switch {
		case i <= 270:
			// Autotask spells it differently: case and spacing.
			exactIDs = append(exactIDs, w.tenant.AddCompany(fmt.Sprintf("CUSTOMER  %03d", i), true))
		case i <= 285:
			w.tenant.AddCompany(name+" B.V.", true) // similar, not exact
		case i <= 290:
			w.tenant.AddCompany(name, false) // inactive: never suggested
		}
	}
	for i := range 700 {
		w.tenant.AddCompany(fmt.Sprintf("Unrelated Company %d", i), true)
	}
	// An inactive customer is not listed.
	gone := w.customer("Gone Customer")
	w.tenant.AddCompany("Gone Customer", true)
	if _, err := w.cust.SetActive(gone.ID, false, op); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.SearchCompanies(w.ctx, "warm up"); err != nil { // zone discovery, once per client
		t.Fatal(err)
	}

	before := w.fake.Calls()
	start := time.Now()
	sug, err := w.svc.BulkSuggestions(w.ctx)
	if err != nil {
		t.Fatal(err)
	}
	requests := w.fake.Calls() - before
	t.Logf("bulk suggestions for 300 customers over %d active companies: %d requests in %v", sug.Companies, requests, time.Since(start))
	if len(sug.Rows) != 300 || sug.Exact != 270 {
		t.Fatalf("%d rows, %d exact; want 300 and 270", len(sug.Rows), sug.Exact)
	}
	if want := (sug.Companies + 499) / 500; requests > want {
		t.Fatalf("%d requests for %d active companies; want at most %d (one per page of 500)", requests, sug.Companies, want)
	}
	var pairs []psa.Pair
	for _, r := range sug.Rows {
		var n int
		fmt.Sscanf(r.Customer.Name, "Customer %d", &n)
		switch {
		case n <= 270:
			if r.Exact == nil || r.Exact.ID != exactIDs[n-1] {
				t.Fatalf("%s: exact match %+v, want company %d", r.Customer.Name, r.Exact, exactIDs[n-1])
			}
			pairs = append(pairs, psa.Pair{CustomerID: r.Customer.ID, CompanyID: r.Exact.ID})
		case n <= 285:
			if r.Exact != nil || len(r.Similar) != 1 || r.Similar[0].Name != r.Customer.Name+" B.V." {
				t.Fatalf("%s: exact %+v similar %+v; want only the B.V. offered", r.Customer.Name, r.Exact, r.Similar)
			}
		default:
			if r.Exact != nil || len(r.Similar) != 0 {
				t.Fatalf("%s: offered %+v %+v, want nothing", r.Customer.Name, r.Exact, r.Similar)
			}
		}
	}

	before = w.fake.Calls()
	// One pair chooses a company twice: only the first wins.
	pairs = append(pairs, psa.Pair{CustomerID: sug.Rows[299].Customer.ID, CompanyID: exactIDs[0]})
	res, err := w.svc.MapMany(w.ctx, pairs, op)
	if err != nil {
		t.Fatal(err)
	}
	mapRequests := w.fake.Calls() - before
	t.Logf("mapping %d customers at once: %d requests", res.Mapped, mapRequests)
	if res.Mapped != 270 || len(res.Refused) != 1 || !strings.Contains(res.Refused[0], "also chosen for") {
		t.Fatalf("mapped %d, refused %q", res.Mapped, res.Refused)
	}
	if mapRequests > 1 {
		t.Fatalf("%d requests to read 270 chosen companies; want 1", mapRequests)
	}
	if n := w.auditCount(audit.AutotaskMap); n != 270 {
		t.Fatalf("%d audit events, want one per customer (270)", n)
	}
	c := w.get(sug.Rows[0].Customer.ID)
	if c.Name != "Customer 001" || c.Autotask == nil || c.Autotask.Name != "CUSTOMER  001" {
		t.Fatalf("after bulk mapping: %+v %+v", c, c.Autotask)
	}
	// Mapped customers and taken companies leave the page.
	sug, err = w.svc.BulkSuggestions(w.ctx)
	if err != nil || len(sug.Rows) != 30 || sug.Exact != 0 {
		t.Fatalf("after mapping: %d rows, %d exact, %v", len(sug.Rows), sug.Exact, err)
	}
	// A second bulk map of a mapped customer leaves it as it is.
	res, err = w.svc.MapMany(w.ctx, []psa.Pair{{CustomerID: c.ID, CompanyID: exactIDs[1]}}, op)
	if err != nil || res.Mapped != 0 || len(res.Refused) != 1 {
		t.Fatalf("bulk map of a mapped customer: %+v %v", res, err)
	}
	if w.get(c.ID).Autotask.CompanyID != exactIDs[0] {
		t.Fatal("a bulk map replaced an existing mapping")
	}
}

// The sync caches a new name (renamed, customer name unchanged), marks a
// deleted company missing and an inactive one invalid, blocks tickets for
// those two, and turns renamed ok on the next sync without change.
func TestSyncPicksUpRenameDeleteAndInactivation(t *testing.T) {
	w := newWorld(t)
	w.configure(nil)
	ids := map[string]int64{}
	custs := map[string]customers.Customer{}
	for _, name := range []string{"Renamed", "Deleted", "Inactive", "Steady"} {
		custs[name] = w.customer(name)
		ids[name] = w.tenant.AddCompany(name+" Ltd", true)
		if err := w.svc.Map(w.ctx, custs[name].ID, ids[name], op); err != nil {
			t.Fatal(err)
		}
	}
	w.customer("Never mapped")
	w.tenant.RenameCompany(ids["Renamed"], "Renamed Group Ltd")
	w.tenant.DeleteCompany(ids["Deleted"])
	w.tenant.SetCompanyActive(ids["Inactive"], false)

	before := w.fake.Calls()
	res, err := w.svc.SyncCompanies(w.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n := w.fake.Calls() - before; n != 1 {
		t.Errorf("%d requests to sync 4 companies, want 1", n)
	}
	if res != (psa.SyncResult{Checked: 4, OK: 1, Renamed: 1, Missing: 1, Invalid: 1, Changed: 3}) {
		t.Fatalf("sync result %+v", res)
	}
	want := map[string]customers.MappingStatus{"Renamed": customers.MappingRenamed, "Deleted": customers.MappingMissing,
		"Inactive": customers.MappingInvalid, "Steady": customers.MappingOK}
	for name, st := range want {
		c := w.get(custs[name].ID)
		if c.Name != name {
			t.Errorf("the sync changed customer %q's name to %q", name, c.Name)
		}
		if c.Autotask == nil || c.Autotask.Status != st || c.Autotask.CompanyID != ids[name] {
			t.Errorf("%s: mapping %+v, want status %s", name, c.Autotask, st)
			continue
		}
		blocked := psa.TicketBlocker(c) != ""
		if blocked != (st == customers.MappingMissing || st == customers.MappingInvalid) {
			t.Errorf("%s (%s): blocked=%v", name, st, blocked)
		}
	}
	r := w.get(custs["Renamed"].ID).Autotask
	if r.Name != "Renamed Group Ltd" || r.PreviousName != "Renamed Ltd" {
		t.Errorf("renamed mapping %+v, want the new name cached and the old kept", r)
	}
	if n := w.auditCount(audit.AutotaskSync); n != 3 {
		t.Errorf("%d sync audit events, want 3 (one per change)", n)
	}

	// Next sync: nothing changed in Autotask, so renamed turns ok; the
	// company comes back active, so invalid turns ok too.
	w.tenant.SetCompanyActive(ids["Inactive"], true)
	if res, err = w.svc.SyncCompanies(w.ctx); err != nil {
		t.Fatal(err)
	}
	if res.OK != 3 || res.Missing != 1 || res.Renamed != 0 {
		t.Fatalf("second sync %+v", res)
	}
	if r := w.get(custs["Renamed"].ID).Autotask; r.Status != customers.MappingOK || r.PreviousName != "" || r.Name != "Renamed Group Ltd" {
		t.Errorf("after a quiet sync: %+v", r)
	}

	// A sync never undoes an operator's unmap made meanwhile: the store
	// applies a sync's change only while the mapping is to that company.
	if err := w.svc.Unmap(custs["Steady"].ID, op); err != nil {
		t.Fatal(err)
	}
	stale := customers.CompanyLink{CompanyID: ids["Steady"], Name: "stale", Status: customers.MappingOK}
	applied, err := w.st.SaveCompanyLinks([]psa.LinkChange{{CustomerID: custs["Steady"].ID, Link: &stale, Only: psa.WhileSameCompany}})
	if err != nil || applied[0] || w.get(custs["Steady"].ID).Autotask != nil {
		t.Fatalf("a stale sync change was applied (%v, %v)", applied, err)
	}
}

// With the integration off, search, bulk, mapping and sync call nothing;
// the scheduled sync is quiet; stored mappings stay.
func TestCompaniesDisabledMakeNoCalls(t *testing.T) {
	w := newWorld(t)
	w.configure(nil)
	c := w.customer("Acme")
	id := w.tenant.AddCompany("Acme", true)
	if err := w.svc.Map(w.ctx, c.ID, id, op); err != nil {
		t.Fatal(err)
	}
	w.customer("Beta")
	w.configure(func(a *settings.Autotask) { a.Enabled = false })
	before := w.fake.Calls()
	if _, err := w.svc.SearchCompanies(w.ctx, "Acme"); !errors.Is(err, psa.ErrDisabled) {
		t.Errorf("search while off: %v", err)
	}
	if _, err := w.svc.BulkSuggestions(w.ctx); !errors.Is(err, psa.ErrDisabled) {
		t.Errorf("bulk while off: %v", err)
	}
	if _, err := w.svc.MapMany(w.ctx, []psa.Pair{{CustomerID: c.ID, CompanyID: id}}, op); !errors.Is(err, psa.ErrDisabled) {
		t.Errorf("bulk map while off: %v", err)
	}
	if err := w.svc.Map(w.ctx, c.ID, id, op); !errors.Is(err, psa.ErrDisabled) {
		t.Errorf("map while off: %v", err)
	}
	if _, err := w.svc.SyncCompanies(w.ctx); !errors.Is(err, psa.ErrDisabled) {
		t.Errorf("sync while off: %v", err)
	}
	if err := w.svc.Sync(w.ctx); err != nil {
		t.Errorf("the periodic sync while off: %v", err)
	}
	if err := psa.NewSyncer(w.svc).Tick(w.ctx); err != nil {
		t.Errorf("the scheduled sync while off: %v", err)
	}
	if n := w.fake.Calls() - before; n != 0 {
		t.Fatalf("%d calls to Autotask while the integration is off", n)
	}
	if got := w.get(c.ID); got.Autotask == nil || got.Autotask.CompanyID != id {
		t.Fatal("the stored mapping is gone while off")
	}
}

// The scheduled task syncs on its first tick, then only once the
// configured interval has passed.
func TestSyncerKeepsTheInterval(t *testing.T) {
	w := newWorld(t)
	w.configure(func(a *settings.Autotask) { a.SyncInterval = 30 })
	c := w.customer("Acme")
	id := w.tenant.AddCompany("Acme", true)
	if err := w.svc.Map(w.ctx, c.ID, id, op); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	w.svc.Now = func() time.Time { return now }
	y := psa.NewSyncer(w.svc)
	w.tenant.RenameCompany(id, "Acme International")
	if err := y.Tick(w.ctx); err != nil {
		t.Fatal(err)
	}
	if got := w.get(c.ID).Autotask; got.Status != customers.MappingRenamed {
		t.Fatalf("the first tick did not sync: %+v", got)
	}
	before := w.fake.Calls()
	now = now.Add(29 * time.Minute)
	if err := y.Tick(w.ctx); err != nil || w.fake.Calls() != before {
		t.Fatalf("a tick within the interval called Autotask (%v)", err)
	}
	now = now.Add(time.Minute)
	if err := y.Tick(w.ctx); err != nil || w.fake.Calls() == before {
		t.Fatalf("the tick after the interval did not sync (%v)", err)
	}
	if got := w.get(c.ID).Autotask; got.Status != customers.MappingOK {
		t.Fatalf("the second sync left %+v", got)
	}
}
