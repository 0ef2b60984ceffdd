package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The sizing tools an admin runs, end to end on the real binary: generate
// the small MSP, then measure the real server on it. The figures are not
// judged here (a test machine is no reference); that every page was
// served, timed and compared with its static copy is.
func TestBenchGenerateAndRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and serves a generated data set")
	}
	bin := binary(t)
	work := t.TempDir()
	data := filepath.Join(work, "data")
	out, err := exec.Command(bin, "bench", "generate", "--data", data, "--scale", "small").CombinedOutput()
	if err != nil {
		t.Fatalf("bench generate: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "small MSP in "+data+": 30 customers, 300 jobs,") || !strings.Contains(string(out), "6 jobs planted silent") {
		t.Fatalf("bench generate says:\n%s", out)
	}
	if again, err := exec.Command(bin, "bench", "generate", "--data", data, "--scale", "small").CombinedOutput(); err == nil || !strings.Contains(string(again), "not empty") {
		t.Fatalf("a second generate into the same directory: %v\n%s", err, again)
	}

	report := filepath.Join(work, "bench.json")
	out, err = exec.Command(bin, "bench", "run", "--data", data, "--duration", "3s", "--saturation", "200ms", "--json", report).CombinedOutput()
	if err != nil {
		t.Fatalf("bench run: %v\n%s", err, out)
	}
	for _, want := range []string{"start to serving", "RSS idle / peak", "Run Checks", "Job Details (6", "Cove accounts",
		"Online backup", "silent jobs found 6 of 6 planted", "Cove poll          500 accounts", "Bulk review", "Mail ingest        10000 mails (10000 new runs)"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the table lacks %q:\n%s", want, out)
		}
	}
	raw, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		Start   float64 `json:"start_to_serving_ms"`
		IdleRSS int64   `json:"rss_idle_bytes"`
		PeakRSS int64   `json:"rss_peak_bytes"`
		Pages   []struct {
			Name       string  `json:"name"`
			Bytes      int     `json:"bytes"`
			Requests   int     `json:"open_loop_requests"`
			Saturation float64 `json:"saturation_rps"`
			Static     float64 `json:"static_rps"`
		} `json:"pages"`
		Backup struct {
			File    int64   `json:"file_bytes"`
			Restore float64 `json:"restore_ms"`
		} `json:"backup"`
		Cove struct {
			Accounts int     `json:"accounts"`
			Took     float64 `json:"took_ms"`
			Server   float64 `json:"server_ms"`
		} `json:"cove_poll"`
		Review struct {
			Runs int `json:"runs"`
		} `json:"bulk_review"`
		Silent struct {
			Planted int               `json:"planted"`
			Found   int               `json:"found"`
			Missing []json.RawMessage `json:"not_found"`
			ByHand  []json.RawMessage `json:"by_hand_found"`
			Beyond  []json.RawMessage `json:"found_beyond_planted"`
			Took    float64           `json:"pass_ms"`
			Jobs    int               `json:"jobs"`
		} `json:"silent_jobs"`
		Ingest struct {
			Mails     int     `json:"mails"`
			NewRuns   int     `json:"new_runs"`
			PerSecond float64 `json:"ingest_mails_per_s"`
			ParseOnly float64 `json:"parse_only_mails_per_s"`
		} `json:"ingest"`
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatalf("the JSON report: %v\n%s", err, raw)
	}
	if r.Start <= 0 || r.IdleRSS <= 0 || r.PeakRSS < r.IdleRSS || len(r.Pages) != 11 {
		t.Fatalf("report %s", raw)
	}
	requests := 0
	for _, p := range r.Pages {
		requests += p.Requests
		if p.Bytes < 1000 || p.Saturation <= 0 || p.Static <= 0 {
			t.Errorf("page %s was not measured: %+v", p.Name, p)
		}
	}
	if r.Backup.File <= 0 || r.Backup.Restore <= 0 || r.Cove.Accounts != 500 || r.Cove.Server <= 0 || r.Cove.Server > r.Cove.Took ||
		r.Review.Runs < 100 || r.Ingest.Mails != 10000 || r.Ingest.NewRuns != 10000 || r.Ingest.PerSecond <= 0 || r.Ingest.ParseOnly <= 0 {
		t.Errorf("the copy's figures: %+v %+v %+v %+v", r.Backup, r.Cove, r.Review, r.Ingest)
	}
	// Every kind of silent job is found by the missed pass the server runs
	// (mail daily and irregular, Cove server, Microsoft 365, workstation,
	// never heard from), and the one an operator said runs by hand is not.
	if s := r.Silent; s.Planted != 6 || s.Found != 6 || len(s.Missing) != 0 || len(s.ByHand) != 0 || s.Took <= 0 || s.Jobs < 300 {
		t.Errorf("the missed pass against the planted silent jobs: %+v", s)
	}
	t.Logf("missed pass: %d jobs in %.1f ms, %d found beyond the planted", r.Silent.Jobs, r.Silent.Took, len(r.Silent.Beyond))
	// The measured directory stays as generated: the mutations went to a copy.
	if entries, _ := filepath.Glob(filepath.Join(work, ".bench-copy-*")); len(entries) != 0 {
		t.Errorf("the copy was left behind: %v", entries)
	}
	if requests < 40 {
		t.Errorf("the open loop sent %d requests in 3 s, want about 75", requests)
	}
}
