package bench

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/backupchecks/backupchecks/app/appliance"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/storage"
)

// target is what the load needs of the data set, read before the server
// starts (Badger allows one process per directory).
type target struct {
	session    string // a signed-in operator's session token
	jobID      uint64 // a job with a full history
	customerID uint64 // that job's customer
	jobRuns    int
	yearAgo    string // a day about a year back (or half the history)
}

// prepare signs the bench user in and picks the pages' subjects.
func prepare(dir string) (target, error) {
	var t target
	st, err := storage.Open(storage.Options{Dir: dir})
	if err != nil {
		return t, err
	}
	defer st.Close()
	a, err := appliance.New(st, appliance.Options{Version: "bench"})
	if err != nil {
		return t, err
	}
	login, err := a.Accounts.Login(User, Password, "127.0.0.1")
	if err != nil {
		return t, fmt.Errorf("sign in as %s (is %s a bench directory made by 'bench generate'?): %w", User, dir, err)
	}
	t.session = login.Token
	all, err := a.Jobs.List(jobs.Filter{}, func(uint64) string { return "" })
	if err != nil || len(all) == 0 {
		return t, fmt.Errorf("the bench directory has no jobs (%v)", err)
	}
	// The job with the longest history among a sample spread over the list
	// (its start holds the Cove accounts approved last, with short histories).
	var oldest time.Time
	step := max(1, len(all)/50)
	for i := 0; i < len(all); i += step {
		j := all[i]
		p, err := a.Runs.OfJob(j.ID, "", 1000)
		if err != nil {
			return t, err
		}
		if len(p.Runs) > t.jobRuns {
			t.jobID, t.customerID, t.jobRuns = j.ID, j.CustomerID, len(p.Runs)
			oldest = p.Runs[len(p.Runs)-1].Time
		}
	}
	back := time.Now().AddDate(-1, 0, 0)
	if oldest.After(back) {
		back = oldest.Add(time.Since(oldest) / 2)
	}
	t.yearAgo = back.Format(time.DateOnly)
	return t, nil
}

// server is the real binary serving the bench directory.
type server struct {
	cmd   *exec.Cmd
	base  string
	start time.Duration // exec to the first healthy answer

	mu       sync.Mutex
	peakRSS  int64
	peakAnon int64 // heap and stacks only, without the mapped data files
	stop     chan struct{}
}

// startServer starts the binary on dir; with a cgroup, the server runs
// within its memory limit from its first milliseconds on.
func startServer(binary, dir string, limit *memoryCgroup) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	s := &server{base: "http://" + addr, stop: make(chan struct{})}
	s.cmd = exec.Command(binary, "serve", "--data", dir, "--listen", addr, "--log-level", "warn")
	s.cmd.Stderr = os.Stderr
	begin := time.Now()
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	if limit != nil {
		if err := limit.add(s.cmd.Process.Pid); err != nil {
			s.kill()
			return nil, err
		}
	}
	for deadline := begin.Add(60 * time.Second); ; time.Sleep(2 * time.Millisecond) {
		if res, err := http.Get(s.base + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			s.kill()
			return nil, fmt.Errorf("the server did not answer /healthz within a minute")
		}
	}
	s.start = time.Since(begin)
	go s.sampleRSS()
	return s, nil
}

// sampleRSS keeps the peak resident memory, sampled every 100 ms.
func (s *server) sampleRSS() {
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			rss, err := s.rss("VmRSS")
			anon, aerr := s.rss("RssAnon")
			if err == nil && aerr == nil {
				s.mu.Lock()
				s.peakRSS, s.peakAnon = max(s.peakRSS, rss), max(s.peakAnon, anon)
				s.mu.Unlock()
			}
		}
	}
}

// rss reads a memory figure (VmRSS, VmHWM) of the server in bytes.
func (s *server) rss(field string) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("no %s in /proc status", field)
}

// memory is the server's resident memory now, split into anonymous (heap,
// stacks) and file-backed (Badger's memory-mapped tables and value log,
// which the kernel drops first when memory is short).
func (s *server) memory() (anon, file int64, err error) {
	if anon, err = s.rss("RssAnon"); err != nil {
		return 0, 0, err
	}
	file, err = s.rss("RssFile")
	return anon, file, err
}

// peak is the highest resident memory seen, the kernel's high-water mark
// included (it catches spikes between samples).
func (s *server) peak() int64 {
	hwm, _ := s.rss("VmHWM")
	s.mu.Lock()
	defer s.mu.Unlock()
	return max(s.peakRSS, hwm)
}

// peakAnonymous is the highest anonymous memory sampled: what the process
// itself holds, as opposed to pages of the data files it has read.
func (s *server) peakAnonymous() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.peakAnon
}

func (s *server) kill() {
	select {
	case <-s.stop:
	default:
		close(s.stop)
	}
	_ = s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
}
