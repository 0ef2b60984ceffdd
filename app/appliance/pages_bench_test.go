package appliance_test

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/appliance"
	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/storage"
)

// The "large MSP" of DESIGN §6 in everything these pages read: 300
// customers, 5,000 jobs, and per day 5,000 runs. Run Checks reads the
// unreviewed index, the jobs and customers, then the 200 runs it shows;
// Daily Jobs reads one day's key range. Neither reads history, so two
// weeks of runs load them as two years would (the LSM is a little
// shallower). The directory is built once per process.
const (
	benchCustomers = 300
	benchJobs      = 5000
	benchDays      = 14
)

var (
	benchOnce   sync.Once
	benchDir    string
	benchErr    error
	benchQueued int
)

func largeMSP(b *testing.B) string {
	benchOnce.Do(func() {
		accounts.UseFastHashesForTests()
		// Not b.TempDir: that goes when the first benchmark ends, and the
		// directory serves every page benchmark of the run.
		tmp, err := os.MkdirTemp("", "bc-bench-")
		if err != nil {
			benchErr = err
			return
		}
		benchDir = filepath.Join(tmp, "data")
		st, err := storage.Open(storage.Options{Dir: benchDir})
		if err != nil {
			benchErr = err
			return
		}
		defer st.Close()
		a, err := appliance.New(st, appliance.Options{Version: "bench"})
		if err != nil {
			benchErr = err
			return
		}
		if _, err := a.Accounts.Setup(accounts.NewUser{Username: "bench", Password: browserPassword, Confirm: browserPassword}, audit.Actor{}); err != nil {
			benchErr = err
			return
		}
		var js []jobs.Job
		for c := range benchCustomers {
			cu, err := a.Customers.Create(fmt.Sprintf("Customer %03d", c), audit.Actor{})
			if err != nil {
				benchErr = err
				return
			}
			for j := range benchJobs / benchCustomers {
				job, err := a.Jobs.Create(jobs.NewJob{CustomerID: cu.ID, Source: jobs.Email, Software: "Veeam Backup & Replication", Type: "Backup Job",
					Name: fmt.Sprintf("Job %d", j), MatchKey: fmt.Sprintf("%d/%d", c, j)}, audit.Actor{})
				if err != nil {
					benchErr = err
					return
				}
				js = append(js, job)
			}
		}
		// Concurrent writers let Badger group the synced commits.
		now := time.Now()
		work := make(chan int)
		var wg sync.WaitGroup
		var mu sync.Mutex
		for range 64 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range work {
					j, day := js[i%len(js)], i/len(js)
					st := []runs.Status{runs.Success, runs.Success, runs.Success, runs.Success, runs.Success, runs.Success, runs.Warning, runs.Failed}[i%8]
					objs := make([]runs.Object, 1+i%5)
					for k := range objs {
						objs[k] = runs.Object{Name: fmt.Sprintf("VM%02d", k), Kind: "VM", Status: st, Message: "Processing finished"}
					}
					_, _, err := a.Runs.Record(runs.NewRun{JobID: j.ID, Source: runs.FromEmail, ExternalID: fmt.Sprint(i),
						Time: now.AddDate(0, 0, -day).Add(-time.Duration(i%600) * time.Second), Status: st, Message: "Job finished", Objects: objs})
					if err != nil {
						mu.Lock()
						benchErr = err
						mu.Unlock()
					}
				}
			}()
		}
		for i := range benchJobs * benchDays {
			work <- i
		}
		close(work)
		wg.Wait()
		// The morning review is done up to two days ago.
		cutoff := now.AddDate(0, 0, -2)
		if _, err := a.Runs.ReviewWhere(func(e runs.QueueEntry) bool { return e.Time.Before(cutoff) }, audit.Actor{Name: "bench"}, "bench"); err != nil {
			benchErr = err
		}
		q, _ := a.Runs.Unreviewed()
		benchQueued = len(q)
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchDir
}

// benchPage serves path to a signed-in operator, b.N times, one request at
// a time or from 50 concurrent clients.
func benchPage(b *testing.B, path string, concurrent bool) { benchPageWith(b, path, concurrent, nil) }

// benchPageWith runs between requests, untimed, to change the store.
func benchPageWith(b *testing.B, path string, concurrent bool, between func(*appliance.Appliance)) {
	dir := largeMSP(b)
	st, err := storage.Open(storage.Options{Dir: dir})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	a, err := appliance.New(st, appliance.Options{Version: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	login, err := a.Accounts.Login("bench", browserPassword, "127.0.0.1")
	if err != nil {
		b.Fatal(err)
	}
	get := func() {
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("Cookie", "bc_session="+login.Token)
		resp, err := a.Web.Test(req, -1)
		if err != nil || resp.StatusCode != 200 {
			b.Fatalf("GET %s: %v %v", path, resp.StatusCode, err)
		}
		resp.Body.Close()
	}
	get() // warm the caches as a running appliance has them
	if path == "/review" {
		defer b.ReportMetric(float64(benchQueued), "queued-runs")
	}
	if !concurrent {
		b.ResetTimer()
		for b.Loop() {
			if between != nil {
				b.StopTimer()
				between(a)
				b.StartTimer()
			}
			get()
		}
		return
	}
	// 50 clients at once (25 per CPU on the 2-core reference machine);
	// the figure that counts is the 95th percentile of their response times.
	var mu sync.Mutex
	var took []time.Duration
	b.SetParallelism(max(1, 50/runtime.GOMAXPROCS(0)))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			start := time.Now()
			get()
			d := time.Since(start)
			mu.Lock()
			took = append(took, d)
			mu.Unlock()
		}
	})
	b.StopTimer()
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(filepath.Dir(benchDir))
	}
	os.Exit(code)
}

func yesterday() string { return "/daily?day=" + time.Now().AddDate(0, 0, -1).Format(time.DateOnly) }

func BenchmarkRunChecksPage(b *testing.B)   { benchPage(b, "/review", false) }
func BenchmarkRunChecksPage50(b *testing.B) { benchPage(b, "/review", true) }

// BenchmarkRunChecksPageFresh is the page right after a commit (a new run
// or a review elsewhere), when nothing computed before can be reused.
func BenchmarkRunChecksPageFresh(b *testing.B) {
	benchPageWith(b, "/review", false, func(a *appliance.Appliance) {
		_, _ = a.Runs.Review([]uint64{1 << 60}, audit.Actor{Name: "bench"}) // a commit that changes nothing
	})
}
func BenchmarkDailyJobsPage(b *testing.B)    { benchPage(b, yesterday(), false) }
func BenchmarkDailyJobsPage50(b *testing.B)  { benchPage(b, yesterday(), true) }
func BenchmarkJobDetailsPage(b *testing.B)   { benchPage(b, "/jobs/2500", false) }
func BenchmarkJobDetailsPage50(b *testing.B) { benchPage(b, "/jobs/2500", true) }
