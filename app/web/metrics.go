package web

import (
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics is the Prometheus registry of the appliance: Go runtime, process
// and HTTP request durations by route pattern (never by raw path, so IDs in
// URLs cannot blow up the series count).
type Metrics struct {
	Registry *prometheus.Registry
	duration *prometheus.HistogramVec
}

// NewMetrics creates the registry.
func NewMetrics() *Metrics {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	d := prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: "backupchecks", Name: "http_request_duration_seconds",
		Help:    "Time to serve HTTP requests, by route pattern, method and status.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 10},
	}, []string{"route", "method", "status"})
	reg.MustRegister(d)
	return &Metrics{Registry: reg, duration: d}
}

func (m *Metrics) observe(route, method, status string, d time.Duration) {
	m.duration.WithLabelValues(route, method, status).Observe(d.Seconds())
}

func (s *Server) metrics(c *fiber.Ctx) error {
	return adaptor.HTTPHandler(promhttp.HandlerFor(s.Metrics.Registry, promhttp.HandlerOpts{}))(c)
}
