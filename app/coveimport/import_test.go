package coveimport_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/coveimport"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/integrations/cove"
	"github.com/backupchecks/backupchecks/integrations/cove/covetest"
	"github.com/backupchecks/backupchecks/storage"
)

var op = audit.Actor{Name: "op"}

// world is the import on a real Badger store, polling a fake Cove.
type world struct {
	t    *testing.T
	dir  string
	st   *storage.Store
	fake *covetest.Server
	svc  *coveimport.Service
	runs *runs.Service
	jobs *jobs.Service
	cust *customers.Service
	now  time.Time
}

func newWorld(t *testing.T) *world {
	t.Helper()
	w := &world{t: t, dir: t.TempDir(), fake: covetest.New(), now: time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)}
	w.fake.Start()
	t.Cleanup(w.fake.Close)
	w.fake.SetClock(func() time.Time { return w.now })
	w.fake.AddPartner(covetest.Partner{ID: 1, Name: "MSP", Level: "Reseller"})
	w.fake.AddPartner(covetest.Partner{ID: 2, ParentID: 1, Name: "Acme Ltd", Level: "EndCustomer"})
	w.fake.AddPartner(covetest.Partner{ID: 3, ParentID: 1, Name: "Beta GmbH", Level: "EndCustomer"})
	w.fake.AddUser(covetest.User{Partner: "MSP", Username: "api", Password: "token", PartnerID: 1, ID: 9})
	w.open()
	return w
}

// open opens (or reopens, as after a restart) the store and the service.
func (w *world) open() {
	st, err := storage.Open(storage.Options{Dir: w.dir})
	if err != nil {
		w.t.Fatal(err)
	}
	w.t.Cleanup(func() { st.Close() })
	w.st = st
	w.cust = customers.NewService(st)
	w.jobs = jobs.NewService(st, func(id uint64) error { _, err := st.Customer(id); return err })
	w.runs = runs.NewService(st)
	w.svc = coveimport.NewService(st, w.jobs, w.runs, w.cust)
	w.svc.Now = func() time.Time { return w.now }
}

func (w *world) restart() {
	w.st.Close()
	w.open()
}

func (w *world) source() coveimport.Source {
	c := cove.New(cove.Config{URL: w.fake.URL(), Partner: "MSP", Username: "api", Password: "token",
		Now: func() time.Time { return w.now }, Backoff: func(int) time.Duration { return time.Millisecond }})
	return coveimport.ClientSource{Client: c}
}

func (w *world) poll() coveimport.PollResult {
	w.t.Helper()
	res, err := w.svc.Poll(context.Background(), w.source())
	if err != nil {
		w.t.Fatalf("poll: %v", err)
	}
	return res
}

func unix(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

// server puts a server with Files and Folders and System State whose last
// session ended with status at t.
func (w *world) server(id int64, partner int64, name string, status int, t time.Time) {
	w.fake.PutDevice(covetest.Device{ID: id, PartnerID: partner, Values: map[string]string{
		"I1": name, "I18": name + "-host", "I16": "Windows Server 2022 Standard", "I32": "2", "I78": "D01D02",
		"D09F00": strconv.Itoa(status), "D09F15": unix(t), "D09F06": "0",
		"D01F00": strconv.Itoa(status), "D01F15": unix(t), "D02F00": "5", "D02F15": unix(t),
		"D09F08": "5555555555555555555555502855",
	}})
}

func (w *world) jobRuns(jobID uint64) []runs.Run {
	w.t.Helper()
	page, err := w.runs.OfJob(jobID, "", 100)
	if err != nil {
		w.t.Fatal(err)
	}
	return page.Runs
}

func TestStatusMapping(t *testing.T) {
	for code, want := range map[int]runs.Status{5: runs.Success, 8: runs.Warning, 11: runs.Warning, 2: runs.Failed, 3: runs.Failed,
		6: runs.Failed, 10: runs.Failed, 7: runs.Failed, 13: runs.Warning} {
		if got, final := coveimport.MapStatus(code); !final || got != want {
			t.Errorf("status %d (%s): %s final=%v, want %s", code, cove.Status(code), got, final, want)
		}
	}
	for _, code := range []int{0, 1, 9, 12} {
		if _, final := coveimport.MapStatus(code); final {
			t.Errorf("status %d (%s) counted as final", code, cove.Status(code))
		}
	}
}

func TestKindsOfAccount(t *testing.T) {
	w := newWorld(t)
	w.server(11, 2, "acme-fs01", 5, w.now.Add(-time.Hour))
	w.fake.PutDevice(covetest.Device{ID: 12, PartnerID: 2, Values: map[string]string{"I1": "acme-lt07", "I18": "LT07", "I32": "1", "I16": "Windows 11 Pro", "I78": "D01"}})
	w.fake.PutDevice(covetest.Device{ID: 13, PartnerID: 2, Values: map[string]string{"I1": "acme-m365", "I18": "", "I59": "2", "I78": "D19D20D05D23"}})
	w.fake.PutDevice(covetest.Device{ID: 14, PartnerID: 3, Values: map[string]string{"I1": "beta-m365", "I18": "", "I78": "D19D20"}}) // no I59: sources alone
	w.fake.PutDevice(covetest.Device{ID: 15, PartnerID: 3, Values: map[string]string{"I1": "beta-sql", "I18": "SQL1", "I16": "Windows Server 2019", "I78": "D1,D10"}})
	res := w.poll()
	if res.Seen != 5 || res.New != 5 || res.Pending != 5 || res.Runs != 0 {
		t.Fatalf("first poll: %+v", res)
	}
	want := map[int64]coveimport.Kind{11: coveimport.Server, 12: coveimport.Workstation, 13: coveimport.M365, 14: coveimport.M365, 15: coveimport.Server}
	for id, kind := range want {
		a, err := w.svc.Get(id)
		if err != nil || a.Kind != kind || a.State != coveimport.Pending {
			t.Errorf("account %d: kind %s state %s (%v), want %s", id, a.Kind, a.State, err, kind)
		}
	}
	if a, _ := w.svc.Get(15); len(a.Sources) != 2 || a.Sources[1].Name() != "MS SQL" || a.Customer != "Beta GmbH" {
		t.Errorf("sources of %q: %+v", a.DeviceName, a.Sources)
	}
}

func TestASessionIsRecordedOnceAcrossPollsAndARestart(t *testing.T) {
	w := newWorld(t)
	session := w.now.Add(-2 * time.Hour)
	w.server(11, 2, "acme-fs01", 8, session)
	w.poll()
	acme, _ := w.cust.Create("Acme Ltd", op)
	done, err := w.svc.Approve(11, acme.ID, op)
	if err != nil || done.Runs != 1 || done.Job.Type != "Server" || done.Job.Source != jobs.Cove {
		t.Fatalf("approve: %+v %v", done, err)
	}
	for i := 0; i < 3; i++ {
		if res := w.poll(); res.Runs != 0 {
			t.Fatalf("poll %d recorded %d runs of a session already recorded", i+1, res.Runs)
		}
	}
	w.restart()
	if res := w.poll(); res.Runs != 0 {
		t.Fatal("a restart recorded the session again")
	}
	// A restored backup may hold the run without the account's note of it:
	// the run's own key still keeps the session once.
	a, _ := w.svc.Get(11)
	a.Recorded = time.Time{}
	if err := w.st.SaveCoveAccounts([]coveimport.Account{a}, nil); err != nil {
		t.Fatal(err)
	}
	if res := w.poll(); res.Runs != 0 {
		t.Fatal("an account that lost its note of the recorded session recorded it again")
	}
	var real []runs.Run
	for _, r := range w.jobRuns(done.Job.ID) {
		if r.ExternalID == coveimport.SessionID(11, session) {
			real = append(real, r)
		}
	}
	if len(real) != 1 || real[0].Status != runs.Warning || real[0].SourceStatus != "CompletedWithErrors" || len(real[0].Objects) != 2 {
		t.Fatalf("the session's runs: %+v", real)
	}
	if o := real[0].Objects; o[0].Name != "Files and Folders" || o[0].Status != runs.Warning || o[1].Name != "System State" || o[1].Status != runs.Success {
		t.Fatalf("objects: %+v", o)
	}
	// A new session is a new run.
	w.now = w.now.Add(24 * time.Hour)
	w.server(11, 2, "acme-fs01", 5, w.now.Add(-time.Hour))
	if res := w.poll(); res.Runs != 1 {
		t.Fatalf("a new session: %+v", res)
	}
}

func TestASessionInProgressBecomesARunWhenFinal(t *testing.T) {
	w := newWorld(t)
	session := w.now.Add(-10 * time.Minute)
	w.server(11, 2, "acme-fs01", 1, session) // in process
	w.poll()
	acme, _ := w.cust.Create("Acme Ltd", op)
	done, _ := w.svc.Approve(11, acme.ID, op)
	if done.Runs != 0 {
		t.Fatal("a running session became a run")
	}
	w.server(11, 2, "acme-fs01", 9, session) // in progress with faults
	if res := w.poll(); res.Runs != 0 {
		t.Fatal("a session in progress with faults became a run")
	}
	w.server(11, 2, "acme-fs01", 2, session) // failed
	if res := w.poll(); res.Runs != 1 {
		t.Fatalf("the finished session: %+v", res)
	}
	rs := w.jobRuns(done.Job.ID)
	if rs[0].Status != runs.Failed || rs[0].ExternalID != coveimport.SessionID(11, session) {
		t.Fatalf("latest run: %+v", rs[0])
	}
}

func TestApprovalFillsHistoryFromTheColourBarOnce(t *testing.T) {
	w := newWorld(t)
	session := w.now.Add(-3 * time.Hour)
	w.server(11, 2, "acme-fs01", 5, session) // bar ...502855: today 5 (the session), yesterday 5, 8, 2, 0 (nothing), 5 ...
	w.poll()
	acme, _ := w.cust.Create("Acme Ltd", op)
	done, err := w.svc.Approve(11, acme.ID, op)
	if err != nil {
		t.Fatal(err)
	}
	// 27 earlier days minus the one without a backup.
	if done.History != 26 || done.Runs != 1 {
		t.Fatalf("approval: %d days of history, %d runs", done.History, done.Runs)
	}
	rs := w.jobRuns(done.Job.ID)
	if len(rs) != 27 || rs[0].ExternalID != coveimport.SessionID(11, session) {
		t.Fatalf("runs after approval: %d, newest %q", len(rs), rs[0].ExternalID)
	}
	days := map[string]int{}
	for _, r := range rs {
		days[r.Time.Format(time.DateOnly)]++
		if r.ExternalID != coveimport.SessionID(11, session) && (r.ReviewedBy != coveimport.FromColourBar || r.Reviewed.IsZero()) {
			t.Fatalf("a derived run is not reviewed: %+v", r)
		}
	}
	for day, n := range days {
		if n != 1 {
			t.Fatalf("%d runs on %s", n, day)
		}
	}
	byDay := func(daysAgo int) runs.Run {
		for _, r := range rs {
			if r.Time.Format(time.DateOnly) == session.AddDate(0, 0, -daysAgo).Format(time.DateOnly) {
				return r
			}
		}
		t.Fatalf("no run %d days before", daysAgo)
		return runs.Run{}
	}
	if byDay(1).Status != runs.Success || byDay(2).Status != runs.Warning || byDay(3).Status != runs.Failed {
		t.Fatalf("derived statuses: %s %s %s", byDay(1).Status, byDay(2).Status, byDay(3).Status)
	}
	if h := byDay(5); !h.Time.Equal(session.AddDate(0, 0, -5)) {
		t.Fatalf("a derived run is not at the session's time of day: %v", h.Time)
	}
}

func TestApproveAllOfACoveCustomerAndIgnore(t *testing.T) {
	w := newWorld(t)
	for i := int64(0); i < 3; i++ {
		w.server(20+i, 2, fmt.Sprintf("acme-srv%d", i), 5, w.now.Add(-time.Hour))
	}
	w.server(30, 3, "beta-fs", 5, w.now.Add(-time.Hour))
	w.poll()
	if _, ok := w.svc.Suggest("ACME LTD"); ok {
		t.Fatal("a customer was suggested before one exists")
	}
	acme, _ := w.cust.Create("Acme Ltd", op)
	if c, ok := w.svc.Suggest("acme ltd"); !ok || c.ID != acme.ID {
		t.Fatal("the customer with the Cove customer's name was not suggested")
	}
	done, err := w.svc.ApproveCustomer("Acme Ltd", acme.ID, op)
	if err != nil || len(done) != 3 {
		t.Fatalf("approve all: %d, %v", len(done), err)
	}
	if _, err := w.svc.Approve(20, acme.ID, op); err != coveimport.ErrNotPending {
		t.Fatalf("approving twice: %v", err)
	}
	if _, err := w.svc.Ignore(30, op); err != nil {
		t.Fatal(err)
	}
	if res := w.poll(); res.Pending != 0 || res.New != 0 {
		t.Fatalf("after approving and ignoring: %+v", res)
	}
	if ignored, _ := w.svc.In(coveimport.Ignored); len(ignored) != 1 || ignored[0].ID != 30 {
		t.Fatalf("ignored: %+v", ignored)
	}
}

func TestARefusedColumnFallsBackToTheSourcesEveryTenantServes(t *testing.T) {
	w := newWorld(t)
	w.server(11, 2, "acme-fs01", 5, w.now.Add(-time.Hour))
	w.fake.SetFaults(covetest.Faults{RefuseColumn: "D02F00"})
	res := w.poll()
	if res.Seen != 1 || res.Note == "" {
		t.Fatalf("poll with a refused column: %+v", res)
	}
	a, _ := w.svc.Get(11)
	if len(a.Sources) != 2 || a.Sources[1].Status != -1 || a.Sources[0].Status != 5 {
		t.Fatalf("sources read without System State's columns: %+v", a.Sources)
	}
}

// raceStore runs meanwhile just before a poll writes its page, as an
// operator's approval landing while the poll runs.
type raceStore struct {
	*storage.Store
	meanwhile func()
}

func (r *raceStore) MergeCoveAccounts(polled []coveimport.Account, merge func(*coveimport.Account, coveimport.Account)) error {
	if r.meanwhile != nil {
		r.meanwhile()
		r.meanwhile = nil
	}
	return r.Store.MergeCoveAccounts(polled, merge)
}

func TestAnApprovalDuringAPollStands(t *testing.T) {
	w := newWorld(t)
	w.server(11, 2, "acme-fs01", 5, w.now.Add(-time.Hour))
	w.poll()
	acme, _ := w.cust.Create("Acme Ltd", op)
	race := &raceStore{Store: w.st}
	polling := coveimport.NewService(race, w.jobs, w.runs, w.cust)
	polling.Now = w.svc.Now
	var approved coveimport.Approval
	race.meanwhile = func() {
		var err error
		if approved, err = w.svc.Approve(11, acme.ID, op); err != nil {
			t.Error(err)
		}
	}
	w.server(11, 2, "acme-fs01-renamed", 5, w.now.Add(-time.Hour)) // something for the poll to write
	if _, err := polling.Poll(context.Background(), w.source()); err != nil {
		t.Fatal(err)
	}
	a, _ := w.svc.Get(11)
	if a.State != coveimport.Approved || a.JobID != approved.Job.ID || a.DeviceName != "acme-fs01-renamed" {
		t.Fatalf("after a poll that read the account before its approval: state %s, job %d (want %d), name %q", a.State, a.JobID, approved.Job.ID, a.DeviceName)
	}
	if jobsOf, _ := w.svc.OfJob(approved.Job.ID); len(jobsOf) != 1 {
		t.Fatalf("accounts of the job: %d", len(jobsOf))
	}
}

func TestAnAccountWithoutAnIDIsCountedAndTheRestImported(t *testing.T) {
	w := newWorld(t)
	w.server(11, 2, "acme-fs01", 5, w.now.Add(-time.Hour))
	w.fake.PutDevice(covetest.Device{ID: 0, PartnerID: 2, Values: map[string]string{"I1": "broken"}})
	res := w.poll()
	if res.Seen != 2 || res.New != 1 || res.Errors != 1 || !strings.Contains(res.FirstError, `"broken"`) {
		t.Fatalf("a poll over an account without an ID: %+v", res)
	}
}

func TestAUserWhoMayNotListDevicesGetsAPermissionErrorWithoutAColumnNote(t *testing.T) {
	w := newWorld(t)
	w.server(11, 2, "acme-fs01", 5, w.now.Add(-time.Hour))
	w.fake.SetFaults(covetest.Faults{RefuseColumn: "I1"}) // asked for in every poll, whatever the sources
	res, err := w.svc.Poll(context.Background(), w.source())
	if !errors.Is(err, cove.ErrPermission) || res.Note != "" || res.Seen != 0 {
		t.Fatalf("poll refused outright: %+v, %v", res, err)
	}
}
