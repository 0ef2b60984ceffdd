package appliance

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/backupchecks/backupchecks/app/psa"
	"github.com/backupchecks/backupchecks/app/secret"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/integrations/autotask"
)

// autotaskMetrics are the Autotask client's Prometheus series: requests by
// outcome (rate_limited counts the thread limit's 429s and the hourly
// threshold) and the waits for one of the 3 threads.
type autotaskMetrics struct {
	requests *prometheus.CounterVec
	waits    prometheus.Histogram
}

func newAutotaskMetrics(reg prometheus.Registerer) *autotaskMetrics {
	m := &autotaskMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "autotask_requests_total",
			Help: "Requests sent to Autotask, by outcome: ok, refused, rate_limited (429 thread limit or hourly threshold), unavailable, transport.",
		}, []string{"outcome"}),
		waits: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "autotask_thread_wait_seconds",
			Help:    "Time a request waited for one of Autotask's 3 concurrent threads inside this process.",
			Buckets: []float64{.001, .01, .1, .5, 1, 2.5, 5, 10, 30},
		}),
	}
	for _, o := range []string{"ok", "refused", "rate_limited", "unavailable", "transport"} {
		m.requests.WithLabelValues(o) // present at 0 from the start
	}
	reg.MustRegister(m.requests, m.waits)
	return m
}

func (m *autotaskMetrics) Answered(outcome string)         { m.requests.WithLabelValues(outcome).Inc() }
func (m *autotaskMetrics) WaitedForThread(d time.Duration) { m.waits.Observe(d.Seconds()) }

// connect builds the Autotask REST client for the saved settings.
func (m *autotaskMetrics) connect(cfg settings.Autotask, sec secret.Value) psa.API {
	return autotask.New(autotask.Config{DiscoveryURL: cfg.DiscoveryURL, Username: cfg.Username,
		Secret: sec.Reveal(), IntegrationCode: cfg.IntegrationCode, Observe: m})
}
