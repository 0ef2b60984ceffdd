package bench

import (
	"encoding/json"
	"fmt"
	"io"
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
	// The resident memory at the end, split: anonymous (heap) and
	// file-backed (mapped data files the kernel may drop).
	EndAnon int64         `json:"rss_end_anon_bytes"`
	EndFile int64         `json:"rss_end_file_bytes"`
	Pages   []PageFigures `json:"pages"`
}

// DESIGN §6's targets.
const (
	startTarget = time.Second
	rssTarget   = 256 << 20
)

// p95Targets are DESIGN §6's page targets, by page path prefix.
var p95Targets = map[string]time.Duration{"/review": 30 * time.Millisecond, "/daily": 50 * time.Millisecond, "/jobs/": 20 * time.Millisecond}

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
	fmt.Fprintf(w, "RSS idle / peak    %s / %s   target ≤ %s   %s\n", Megabytes(r.IdleRSS), Megabytes(r.PeakRSS), Megabytes(rssTarget), verdict(r.PeakRSS <= rssTarget))
	fmt.Fprintf(w, "RSS at the end     %s anonymous + %s file-backed (mapped data files)\n\n", Megabytes(r.EndAnon), Megabytes(r.EndFile))
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
}

// Megabytes is n bytes for people.
func Megabytes(n int64) string { return fmt.Sprintf("%.0f MB", float64(n)/(1<<20)) }
