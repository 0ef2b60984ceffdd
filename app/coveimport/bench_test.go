package coveimport_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"sync/atomic"
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

// timed serves the fake and adds up the time it spends answering, so a
// benchmark can leave the fake's own work out of its figure.
type timed struct {
	h    http.Handler
	busy atomic.Int64
}

func (t *timed) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	t.h.ServeHTTP(w, r)
	t.busy.Add(int64(time.Since(start)))
}

// pollBench is a fake with a fleet of n accounts and an import on disk.
type pollBench struct {
	svc     *coveimport.Service
	st      *storage.Store
	jobs    *jobs.Service
	src     coveimport.Source
	srv     *timed
	fake    *covetest.Server
	devices []covetest.Device
}

func newPollBench(b *testing.B, n int) *pollBench {
	b.Helper()
	now := time.Now()
	fake := covetest.New()
	partners, devices := covetest.Fleet(n, 1, now)
	for _, p := range partners {
		fake.AddPartner(p)
	}
	for _, d := range devices {
		fake.PutDevice(d)
	}
	fake.AddUser(covetest.User{Partner: "Demo MSP", Username: "api", Password: "token", PartnerID: covetest.RootPartnerID, ID: 1})
	srv := &timed{h: fake}
	ts := httptest.NewServer(srv)
	b.Cleanup(ts.Close)
	client := cove.New(cove.Config{URL: ts.URL + "/jsonapi", Partner: "Demo MSP", Username: "api", Password: "token", PageSize: 1000})
	p := &pollBench{src: coveimport.ClientSource{Client: client, PartnerID: covetest.RootPartnerID}, srv: srv, fake: fake, devices: devices}
	p.fresh(b)
	return p
}

// fresh gives the import an empty data directory.
func (p *pollBench) fresh(b *testing.B) {
	st, err := storage.Open(storage.Options{Dir: filepath.Join(b.TempDir(), "data")})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	p.jobs = jobs.NewService(st, func(uint64) error { return nil })
	p.st, p.svc = st, coveimport.NewService(st, p.jobs, runs.NewService(st), customers.NewService(st))
}

func (p *pollBench) poll(b *testing.B) coveimport.PollResult {
	res, err := p.svc.Poll(context.Background(), p.src)
	if err != nil {
		b.Fatal(err)
	}
	return res
}

// report replaces ns/op by the time outside the fake and shows the fake's.
func (p *pollBench) report(b *testing.B, elapsed time.Duration) {
	fake := time.Duration(p.srv.busy.Load())
	b.ReportMetric(float64(elapsed-fake)/float64(b.N)/1e9, "s/poll-excl-fake")
	b.ReportMetric(float64(fake)/float64(b.N)/1e9, "s/poll-in-fake")
}

// The first poll of a 10,000-account partner: every account is new and
// stored, waiting for approval.
func BenchmarkPollFirst10k(b *testing.B) {
	p := newPollBench(b, 10_000)
	p.srv.busy.Store(0)
	var elapsed time.Duration
	for b.Loop() {
		b.StopTimer()
		p.st.Close()
		p.fresh(b)
		b.StartTimer()
		start := time.Now()
		if res := p.poll(b); res.New != 10_000 {
			b.Fatalf("first poll: %+v", res)
		}
		elapsed += time.Since(start)
	}
	p.report(b, elapsed)
}

// A poll of 10,000 approved accounts with nothing new: what every poll
// costs on a quiet half hour.
func BenchmarkPollSteady10k(b *testing.B) {
	p := newPollBench(b, 10_000)
	p.poll(b)
	pending, _ := p.st.CoveAccountsIn(coveimport.Pending)
	for i := range pending {
		pending[i].State, pending[i].Recorded = coveimport.Approved, pending[i].Total.Time
	}
	if err := p.st.SaveCoveAccounts(pending, nil); err != nil {
		b.Fatal(err)
	}
	p.srv.busy.Store(0)
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		if res := p.poll(b); res.Seen != 10_000 || res.Runs != 0 {
			b.Fatalf("steady poll: %+v", res)
		}
	}
	p.report(b, time.Since(start))
}

// A poll in which every one of 10,000 approved accounts has a new finished
// session: the worst case, as after Cove or this appliance was away.
func BenchmarkPollAllNewSessions10k(b *testing.B) {
	p := newPollBench(b, 10_000)
	p.poll(b)
	pending, _ := p.st.CoveAccountsIn(coveimport.Pending)
	for i := range pending {
		j, err := p.jobs.Create(jobs.NewJob{CustomerID: 1, Source: jobs.Cove, Software: coveimport.Software, Type: "Server",
			Name: pending[i].Name(), MatchKey: jobs.CoveKey(fmt.Sprint(pending[i].ID))}, audit.Actor{})
		if err != nil {
			b.Fatal(err)
		}
		pending[i].State, pending[i].JobID, pending[i].Recorded = coveimport.Approved, j.ID, pending[i].Total.Time
	}
	if err := p.st.SaveCoveAccounts(pending, nil); err != nil {
		b.Fatal(err)
	}
	p.srv.busy.Store(0)
	var elapsed time.Duration
	round := 0
	for b.Loop() {
		b.StopTimer()
		round++
		for _, d := range p.devices { // every account's next session, finished
			d.Values["D09F15"] = strconv.FormatInt(time.Now().Add(time.Duration(round)*time.Hour).Unix(), 10)
			d.Values["D09F00"] = "5"
			p.fake.PutDevice(d)
		}
		b.StartTimer()
		start := time.Now()
		if res := p.poll(b); res.Runs != 10_000 {
			b.Fatalf("poll with new sessions: %+v", res)
		}
		elapsed += time.Since(start)
	}
	p.report(b, elapsed)
}

// Approving all accounts of the biggest Cove customer of a 2,000-account
// fleet (31 accounts): a job, the last session and up to 27 days of
// colour-bar history each.
func BenchmarkApproveCustomer(b *testing.B) {
	p := newPollBench(b, 2_000)
	var elapsed time.Duration
	for b.Loop() {
		b.StopTimer()
		p.st.Close()
		p.fresh(b)
		p.poll(b)
		pending, _ := p.st.CoveAccountsIn(coveimport.Pending)
		counts := map[string]int{}
		for _, a := range pending {
			counts[a.Customer]++
		}
		biggest := ""
		for c, n := range counts {
			if n > counts[biggest] {
				biggest = c
			}
		}
		cu, err := customers.NewService(p.st).Create(biggest, audit.Actor{})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		done, err := p.svc.ApproveCustomer(biggest, cu.ID, audit.Actor{})
		elapsed += time.Since(start)
		if err != nil || len(done) != counts[biggest] {
			b.Fatalf("approved %d of %d: %v", len(done), counts[biggest], err)
		}
		b.ReportMetric(float64(len(done)), "accounts")
	}
	b.ReportMetric(float64(elapsed)/float64(b.N)/1e9, "s/approval")
}
