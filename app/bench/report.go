package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// Millis is a duration that reads as milliseconds in JSON.
type Millis time.Duration

// MarshalJSON writes the duration in milliseconds.
func (m Millis) MarshalJSON() ([]byte, error) {
	return json.Marshal(float64(time.Duration(m).Microseconds()) / 1000)
}

func (m Millis) String() string {
	return fmt.Sprintf("%.1f ms", float64(time.Duration(m).Microseconds())/1000)
}

// PageFigures are one page's figures.
type PageFigures struct {
	Name     string `json:"name"`
	Path     string `json:"path"`
	Bytes    int    `json:"bytes"`
	Requests int    `json:"open_loop_requests"`
	P50      Millis `json:"p50_ms"`
	P95      Millis `json:"p95_ms"`
	P99      Millis `json:"p99_ms"`
	// Throughput is requests/s with back-to-back clients; StaticThroughput
	// the same bytes served as a static file by Fiber, in the same run.
	Throughput       float64 `json:"saturation_rps"`
	StaticThroughput float64 `json:"static_rps"`
	Target           Millis  `json:"p95_target_ms,omitempty"` // DESIGN §6; 0 where it sets none
}

// Report is what Run measured.
type Report struct {
	Date      string        `json:"date"`
	Data      string        `json:"data"`
	DataBytes int64         `json:"data_bytes"`
	CPUs      int           `json:"cpus"`
	Operators int           `json:"operators"`
	Duration  time.Duration `json:"-"`
	Start     Millis        `json:"start_to_serving_ms"`
	IdleRSS   int64         `json:"rss_idle_bytes"`
	PeakRSS   int64         `json:"rss_peak_bytes"`
	PeakAnon  int64         `json:"rss_peak_anon_bytes"` // of which the process's own memory, at its sampled peak
	// The resident memory at the end, split: anonymous (heap) and
	// file-backed (mapped data files the kernel may drop).
	EndAnon int64         `json:"rss_end_anon_bytes"`
	EndFile int64         `json:"rss_end_file_bytes"`
	Pages   []PageFigures `json:"pages"`

	// The rest runs on a restored copy, so the directory measured stays as
	// generated: its online backup and restore, then the server on the
	// copy polling Cove and bulk-reviewing (WorkPeakRSS is that server's
	// peak), then mail ingest into the copy.
	Copy         CopyFigures   `json:"backup"`
	Cove         CoveFigures   `json:"cove_poll"`
	Review       ReviewFigures `json:"bulk_review"`
	CovePeakRSS  int64         `json:"rss_peak_cove_poll_bytes"` // from the copy's start through the Cove poll
	CovePeakAnon int64         `json:"rss_peak_cove_poll_anon_bytes"`
	WorkPeakRSS  int64         `json:"rss_peak_cove_and_review_bytes"` // and through the bulk review
	WorkPeakAnon int64         `json:"rss_peak_cove_and_review_anon_bytes"`
	Ingest       IngestFigures `json:"ingest"`
	Silent       SilentFigures `json:"silent_jobs"` // the missed pass on the copy, before its server starts
	// Limit is set when the servers ran within a memory limit.
	Limit LimitFigures `json:"memory_limit,omitzero"`
}

// LimitFigures are the servers' memory cgroup's: its limit, the most
// memory ever charged to it (page cache they brought in included) and the
// processes the kernel killed for want of memory.
type LimitFigures struct {
	Bytes    int64 `json:"limit_bytes"`
	Peak     int64 `json:"peak_charged_bytes"`
	OOMKills int   `json:"oom_kills"`
}

// DESIGN §6's targets.
const (
	startTarget = time.Second
	rssTarget   = 256 << 20
	// ingestTarget is mails/s; ingest must also reach half of parse-only.
	ingestTarget = 500
)

// p95Targets are DESIGN §6's page targets, by page path prefix.
// A report's is issue 13's: a 30-day report over every customer within 1 s.
var p95Targets = map[string]time.Duration{"/review": 30 * time.Millisecond, "/daily": 50 * time.Millisecond, "/jobs/": 20 * time.Millisecond,
	"/reports": time.Second}

func targetOf(path string) Millis {
	for prefix, d := range p95Targets {
		if path == prefix || (strings.HasPrefix(path, prefix) && (strings.HasSuffix(prefix, "/") || strings.HasPrefix(path, prefix+"?"))) {
			return Millis(d)
		}
	}
	return 0
}

func verdict(ok bool) string {
	if ok {
		return "ok"
	}
	return "MISSED"
}

// WriteTable prints the report for people.
func (r Report) WriteTable(w io.Writer) {
	fmt.Fprintf(w, "\nBackupchecks bench, %s, %d CPUs, data directory %s (%s)\n\n", r.Date, r.CPUs, r.Data, Megabytes(r.DataBytes))
	fmt.Fprintf(w, "start to serving   %-10s target ≤ %s   %s\n", r.Start, Millis(startTarget), verdict(time.Duration(r.Start) <= startTarget))
	fmt.Fprintf(w, "RSS idle / peak    %s / %s (pages, saturation, online backup), of which its own memory (anonymous) at most %s   target ≤ %s of its own   %s\n",
		Megabytes(r.IdleRSS), Megabytes(r.PeakRSS), Megabytes(r.PeakAnon), Megabytes(rssTarget), verdict(r.PeakAnon <= rssTarget))
	fmt.Fprintf(w, "RSS at the end     %s anonymous + %s file-backed (pages of the mapped data files: page cache the kernel takes back first; --memory-limit shows it)\n\n", Megabytes(r.EndAnon), Megabytes(r.EndFile))
	fmt.Fprintf(w, "Pages under %d operators (a request every 2 s each, Poisson), for %s:\n", r.Operators, r.Duration)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "page\tbytes\treqs\tp50\tp95\tp99\ttarget p95\t\tsaturation/s\tstatic/s\tratio\t")
	for _, p := range r.Pages {
		target, mark := "", ""
		if p.Target > 0 {
			target, mark = p.Target.String(), verdict(p.P95 <= p.Target)
		}
		ratio := 0.0
		if p.StaticThroughput > 0 {
			ratio = p.Throughput / p.StaticThroughput
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%.0f\t%.0f\t%.3f\t\n", p.Name, p.Bytes, p.Requests, p.P50, p.P95, p.P99, target, mark, p.Throughput, p.StaticThroughput, ratio)
	}
	tw.Flush()

	c := r.Copy
	fmt.Fprintf(w, "\nOnline backup      %s (%.0f MB/s of the directory), file %s; restore %s (%.0f MB/s)\n",
		c.Backup, c.BackupMBs, Megabytes(c.FileBytes), c.Restore, c.RestoreMBs)
	cv := r.Cove
	fmt.Fprintf(w, "Cove poll          %d accounts, %d new runs: %s, of which the fake Cove %s: the server's share %s\n",
		cv.Accounts, cv.NewRuns, cv.Took, cv.Fake, cv.Server)
	fmt.Fprintf(w, "Bulk review        %d runs in one click: %s\n", r.Review.Runs, r.Review.Took)
	fmt.Fprintf(w, "RSS peak on the copy: through the Cove poll %s (anonymous %s), with the bulk review %s (anonymous %s)   target ≤ %s of its own   %s\n",
		Megabytes(r.CovePeakRSS), Megabytes(r.CovePeakAnon), Megabytes(r.WorkPeakRSS), Megabytes(r.WorkPeakAnon), Megabytes(rssTarget), verdict(r.WorkPeakAnon <= rssTarget))
	if l := r.Limit; l.Bytes > 0 {
		fmt.Fprintf(w, "Memory limit       both servers ran within %s (cgroup), at most %s charged, %d killed for want of memory   target ≤ %s   %s\n",
			Megabytes(l.Bytes), Megabytes(l.Peak), l.OOMKills, Megabytes(rssTarget), verdict(l.Bytes <= rssTarget && l.OOMKills == 0))
	}
	r.Silent.writeTable(w)
	in := r.Ingest
	fmt.Fprintf(w, "Mail ingest        %d mails (%d new runs): %.0f mails/s on %d CPUs; parse only %.0f mails/s on one; ratio %.2f (median of %d paired rounds, from %s; over all rounds %.2f)   target ≥ %d mails/s and ≥ 0.5   %s\n",
		in.Mails, in.NewRuns, in.Ingest, in.CPUs, in.ParseOnly, in.Ratio, len(in.Rounds), spread(in.Rounds), in.TotalRatio, ingestTarget, verdict(in.Ingest >= ingestTarget && in.Ratio >= 0.5))
}

// Megabytes is n bytes for people.
func Megabytes(n int64) string { return fmt.Sprintf("%.0f MB", float64(n)/(1<<20)) }

// spread is the lowest and highest of xs.
func spread(xs []float64) string {
	if len(xs) == 0 {
		return "none"
	}
	return fmt.Sprintf("%.2f to %.2f", slices.Min(xs), slices.Max(xs))
}
