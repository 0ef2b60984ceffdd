package bench

import (
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/backupchecks/backupchecks/app/appliance"
	"github.com/backupchecks/backupchecks/app/web"
	"github.com/backupchecks/backupchecks/storage"
)

// RunConfig says what to measure.
type RunConfig struct {
	Data     string        // a directory made by Generate
	Binary   string        // the backupchecks binary to serve it with
	Duration time.Duration // of the open-loop load
	// Saturation is how long each page (and its static copy) is requested
	// back to back; 0 means 3 s.
	Saturation time.Duration
	// Seed is the one the directory was generated with: the bench's Cove
	// poll then sees the same accounts.
	Seed uint64
	Log  io.Writer // progress lines
	// MemoryLimit, if set, runs the servers in a memory cgroup of that
	// many bytes: the run then shows the appliance working in that much
	// memory, with the kernel dropping mapped pages as it would in a VM.
	MemoryLimit int64
}

// Operators and their pace: each opens a page every 2 s on average.
const (
	operators     = 50
	operatorEvery = 2 * time.Second
	// saturationWorkers request each page back to back.
	saturationWorkers = 8
)

// Run starts the real server on cfg.Data and measures it.
func Run(cfg RunConfig) (Report, error) {
	r := Report{Data: cfg.Data, CPUs: runtime.NumCPU(), Operators: operators, Duration: cfg.Duration, Date: time.Now().UTC().Format(time.DateOnly)}
	if cfg.MemoryLimit <= 0 {
		return r, measure(cfg, &r, nil)
	}
	limit, err := newMemoryCgroup(cfg.MemoryLimit)
	if err != nil {
		return r, err
	}
	defer limit.remove()
	err = measure(cfg, &r, limit)
	r.Limit = LimitFigures{Bytes: cfg.MemoryLimit, Peak: limit.peak(), OOMKills: limit.oomKills()}
	if err != nil && r.Limit.OOMKills > 0 {
		err = fmt.Errorf("the server ran out of memory within the %s limit (%d killed by the kernel): %w", Megabytes(cfg.MemoryLimit), r.Limit.OOMKills, err)
	}
	return r, err
}

// measure fills r; the servers it starts run within limit, if any.
func measure(cfg RunConfig, r *Report, limit *memoryCgroup) error {
	logf := func(format string, args ...any) { fmt.Fprintf(cfg.Log, format+"\n", args...) }
	t, err := prepare(cfg.Data)
	if err != nil {
		return err
	}
	planted, listed, err := readPlanted(cfg.Data)
	if err != nil {
		return err
	}
	if !listed {
		logf("%s lists no planted silent jobs (made by an older bench generate): the missed pass is timed, not checked", cfg.Data)
	}
	if r.DataBytes, err = dirSize(cfg.Data); err != nil {
		return err
	}
	srv, err := startServer(cfg.Binary, cfg.Data, limit)
	if err != nil {
		return err
	}
	defer srv.kill()
	r.Start = Millis(srv.start)
	logf("serving after %s", r.Start)

	c := newClient(srv.base, t.session)
	ps := pages(t)
	static, err := os.MkdirTemp("", "bc-bench-static-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(static)
	for i, p := range ps {
		body, err := c.getBody(p.Path)
		if err != nil {
			return fmt.Errorf("warm-up: %w", err)
		}
		if err := os.WriteFile(filepath.Join(static, fmt.Sprintf("page%d.html", i)), body, 0o644); err != nil {
			return err
		}
		r.Pages = append(r.Pages, PageFigures{Name: p.Name, Path: p.Path, Bytes: len(body)})
	}
	time.Sleep(2 * time.Second) // let start-up work settle before "idle"
	if r.IdleRSS, err = srv.rss("VmRSS"); err != nil {
		return err
	}

	rate := float64(operators) / operatorEvery.Seconds()
	logf("open loop: %d operators, %.0f requests/s for %s…", operators, rate, cfg.Duration)
	lat, _, err := openLoop(c, ps, rate, cfg.Duration, 1)
	if err != nil {
		return fmt.Errorf("open loop: %w", err)
	}
	for i, p := range ps {
		l := lat[p.Name]
		f := &r.Pages[i]
		f.Requests, f.P50, f.P95, f.P99 = len(l), Millis(l.quantile(0.50)), Millis(l.quantile(0.95)), Millis(l.quantile(0.99))
		f.Target = targetOf(p.Path)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	app := web.StaticFiles(static)
	go func() { _ = app.Listener(ln) }()
	defer app.Shutdown()
	sc := newClient("http://"+ln.Addr().String(), "")
	saturationFor := cfg.Saturation
	if saturationFor <= 0 {
		saturationFor = 3 * time.Second
	}
	logf("saturation: %d back-to-back clients, %s per page and per static copy…", saturationWorkers, saturationFor)
	for i, p := range ps {
		f := &r.Pages[i]
		if f.Throughput, err = closedLoop(c, p.Path, saturationWorkers, saturationFor); err != nil {
			return fmt.Errorf("saturation of %s: %w", p.Name, err)
		}
		if f.StaticThroughput, err = closedLoop(sc, fmt.Sprintf("/page%d.html", i), saturationWorkers, saturationFor); err != nil {
			return fmt.Errorf("static copy of %s: %w", p.Name, err)
		}
	}
	scratch, err := os.MkdirTemp(filepath.Dir(filepath.Clean(cfg.Data)), ".bench-copy-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(scratch)
	copyDir, file := filepath.Join(scratch, "data"), filepath.Join(scratch, "bench.bcbackup")
	logf("online backup through the running server…")
	if err := onlineBackup(cfg.Binary, cfg.Data, file, r.DataBytes, &r.Copy); err != nil {
		return err
	}
	r.PeakRSS, r.PeakAnon = srv.peak(), srv.peakAnonymous() // the pages, their saturation and the backup
	if r.EndAnon, r.EndFile, err = srv.memory(); err != nil {
		return err
	}
	srv.kill()
	logf("restore of the backup into a copy…")
	if err := restore(cfg.Binary, file, copyDir, r.DataBytes, &r.Copy); err != nil {
		return err
	}
	// Before the copy's Cove poll and mail ingest bring new runs: the pass
	// then judges the fleet as generated.
	logf("missed pass on the copy, against the %d planted silent jobs…", len(planted.Jobs))
	if r.Silent, err = silentPass(copyDir, planted); err != nil {
		return err
	}
	r.Silent.Unlisted = !listed
	return onCopy(cfg, copyDir, t.session, limit, r, logf)
}

// onCopy measures what changes data on the restored copy: the server's
// Cove poll and a bulk review, then mail ingest.
// The copy holds the bench user's session too.
func onCopy(cfg RunConfig, dir, session string, limit *memoryCgroup, r *Report, logf func(string, ...any)) error {
	w, err := prepareWork(dir, cfg.Seed)
	if err != nil {
		return err
	}
	defer w.fake.Close()
	srv, err := startServer(cfg.Binary, dir, limit)
	if err != nil {
		return err
	}
	defer srv.kill()
	logf("Cove poll of every account by the server…")
	if _, err := timed(cfg.Binary, "poll-cove", "--data", dir); err != nil {
		return err
	}
	r.CovePeakRSS, r.CovePeakAnon = srv.peak(), srv.peakAnonymous()
	logf("bulk review of %d runs…", len(w.waiting))
	if r.Review, err = bulkReview(newClient(srv.base, session), w.waiting); err != nil {
		return err
	}
	r.WorkPeakRSS, r.WorkPeakAnon = srv.peak(), srv.peakAnonymous()
	srv.kill()

	st, err := storage.Open(storage.Options{Dir: dir})
	if err != nil {
		return err
	}
	defer st.Close()
	a, err := appliance.New(st, appliance.Options{Version: "bench"})
	if err != nil {
		return err
	}
	if r.Cove, err = covePolled(a, w.fake); err != nil {
		return err
	}
	logf("ingest of %d mails…", ingestMails)
	r.Ingest, err = ingest(a, st, ingestMails)
	return err
}
