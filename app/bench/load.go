package bench

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"time"
)

// page is one page of the morning review and how often an operator opens
// it, relative to the others.
type page struct {
	Name   string
	Path   string
	Weight int
}

// pages are what 50 operators open in a morning: mostly Run Checks and
// the jobs behind it, Daily Jobs now and then, the rest rarely.
func pages(t target) []page {
	return []page{
		{"Dashboard", "/", 6},
		{"Run Checks", "/review", 30},
		{"Daily Jobs today", "/daily", 12},
		{"Daily Jobs a year ago", "/daily?day=" + t.yearAgo, 2},
		{fmt.Sprintf("Job Details (%d runs)", t.jobRuns), fmt.Sprintf("/jobs/%d", t.jobID), 25},
		{"Jobs", "/jobs", 8},
		{"Customers", "/customers", 5},
		{"Inbox", "/inbox", 6},
		{"Cove accounts", "/cove", 6},
		{"Report, 30 days, all", "/reports", 1},
		{"Customer's report", fmt.Sprintf("/reports?customer=%d", t.customerID), 1},
	}
}

// client is an operator's browser: the session cookie, kept-alive connections.
type client struct {
	http    *http.Client
	base    string
	session string
}

func newClient(base, session string) *client {
	tr := &http.Transport{MaxIdleConns: 200, MaxIdleConnsPerHost: 200, IdleConnTimeout: time.Minute}
	return &client{http: &http.Client{Transport: tr, Timeout: time.Minute}, base: base, session: session}
}

// get fetches path and returns its body's size.
func (c *client) get(path string) (int, error) {
	body, err := c.getBody(path)
	return len(body), err
}

// latencies of one page, sorted when read.
type latencies []time.Duration

func (l latencies) quantile(q float64) time.Duration {
	if len(l) == 0 {
		return 0
	}
	s := slices.Clone(l)
	slices.Sort(s)
	return s[min(len(s)-1, int(q*float64(len(s))))]
}

// openLoop sends Poisson arrivals at rate per second for d, each to a page
// drawn by weight, and times each from its planned start, so that a slow
// server is charged for the queue it causes (no coordinated omission).
func openLoop(c *client, ps []page, rate float64, d time.Duration, seed uint64) (map[string]latencies, int, error) {
	rng := rand.New(rand.NewPCG(seed, 7))
	total := 0
	for _, p := range ps {
		total += p.Weight
	}
	var (
		mu      sync.Mutex
		out     = map[string]latencies{}
		errs    int
		lastErr error
		wg      sync.WaitGroup
	)
	start := time.Now()
	for at := time.Duration(0); at < d; at += time.Duration(rng.ExpFloat64() / rate * float64(time.Second)) {
		pick := rng.IntN(total)
		var p page
		for _, p = range ps {
			if pick -= p.Weight; pick < 0 {
				break
			}
		}
		planned := start.Add(at)
		time.Sleep(time.Until(planned))
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.get(p.Path)
			took := time.Since(planned)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs++
				lastErr = err
				return
			}
			out[p.Name] = append(out[p.Name], took)
		}()
	}
	wg.Wait()
	if errs > 0 {
		return out, errs, fmt.Errorf("%d requests failed, the last: %w", errs, lastErr)
	}
	return out, 0, nil
}

// closedLoop keeps workers requesting path back to back for d and returns
// the requests per second answered.
func closedLoop(c *client, path string, workers int, d time.Duration) (float64, error) {
	var (
		mu    sync.Mutex
		n     int
		first error
		wg    sync.WaitGroup
	)
	start := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Since(start) < d {
				_, err := c.get(path)
				mu.Lock()
				if err != nil && first == nil {
					first = err
				}
				n++
				mu.Unlock()
				if err != nil {
					return
				}
			}
		}()
	}
	wg.Wait()
	return float64(n) / time.Since(start).Seconds(), first
}

// getBody fetches path whole.
func (c *client) getBody(path string) ([]byte, error) {
	req, err := http.NewRequest(http.MethodGet, c.base+path, nil)
	if err != nil {
		return nil, err
	}
	if c.session != "" {
		req.Header.Set("Cookie", "bc_session="+c.session)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err == nil && res.StatusCode != http.StatusOK {
		err = fmt.Errorf("GET %s: HTTP %d", path, res.StatusCode)
	}
	return body, err
}
