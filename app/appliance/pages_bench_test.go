package appliance_test

import (
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/appliance"
	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/bench"
	"github.com/backupchecks/backupchecks/storage"
)

// The pages are measured on bench generate's small MSP (30 customers, 300
// jobs, 60 days of runs, mail, Cove accounts, tickets): what CI can afford.
// The large MSP's figures come from `backupchecks bench run` (see
// docs/performance.md). The directory is built once per process.
var (
	benchOnce   sync.Once
	benchDir    string
	benchErr    error
	benchQueued int
)

func smallMSP(b *testing.B) string {
	benchOnce.Do(func() {
		// Not b.TempDir: that goes when the first benchmark ends, and the
		// directory serves every page benchmark of the run.
		tmp, err := os.MkdirTemp("", "bc-bench-")
		if err != nil {
			benchErr = err
			return
		}
		benchDir = filepath.Join(tmp, "data")
		sc, _ := bench.ScaleNamed("small")
		g, err := bench.Generate(benchDir, sc, 1, io.Discard)
		benchErr, benchQueued = err, g.Waiting
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
	dir := smallMSP(b)
	st, err := storage.Open(storage.Options{Dir: dir})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	a, err := appliance.New(st, appliance.Options{Version: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	login, err := a.Accounts.Login(bench.User, bench.Password, "127.0.0.1")
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
func BenchmarkJobDetailsPage(b *testing.B)   { benchPage(b, "/jobs/150", false) }
func BenchmarkJobDetailsPage50(b *testing.B) { benchPage(b, "/jobs/150", true) }
