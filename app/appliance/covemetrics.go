package appliance

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/backupchecks/backupchecks/app/coveimport"
)

// coveMetrics are the Cove poll's Prometheus series. The last success and
// the account counts are read from the store at scrape time, so they are
// right after a restart too; the duration and the errors count polls of
// this process.
type coveMetrics struct {
	duration prometheus.Histogram
	errors   prometheus.Counter
}

func newCoveMetrics(reg prometheus.Registerer, cove *coveimport.Service) *coveMetrics {
	m := &coveMetrics{
		duration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "cove_poll_duration_seconds",
			Help:    "Time a Cove poll took, from the first call to the last write, failed polls included.",
			Buckets: []float64{.1, .25, .5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600},
		}),
		errors: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "cove_poll_errors_total",
			Help: "Cove polls that failed (Cove unreachable or refusing, or the result could not be saved).",
		}),
	}
	lastSuccess := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "cove_poll_last_success_timestamp_seconds",
		Help: "Unix time of the last Cove poll that ended without error; 0 = never.",
	}, func() float64 {
		st, err := cove.Status()
		if err != nil || st.LastSuccess.IsZero() {
			return 0
		}
		return float64(st.LastSuccess.UnixNano()) / float64(time.Second)
	})
	held := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "cove_poll_held",
		Help: "1 while Cove's last account list is held (empty, or more than a tenth shorter) until a second poll agrees; else 0.",
	}, func() float64 {
		if st, err := cove.Status(); err == nil && st.Memory.Held != nil {
			return 1
		}
		return 0
	})
	reg.MustRegister(m.duration, m.errors, lastSuccess, held, accountsCollector{cove})
	return m
}

// accountsCollector is cove_accounts by approval state, counted from the
// index keys at scrape time.
type accountsCollector struct{ cove *coveimport.Service }

var coveAccountsDesc = prometheus.NewDesc("cove_accounts", "Cove accounts known to the appliance, by approval state.", []string{"state"}, nil)

func (c accountsCollector) Describe(ch chan<- *prometheus.Desc) { ch <- coveAccountsDesc }

func (c accountsCollector) Collect(ch chan<- prometheus.Metric) {
	for _, st := range []coveimport.State{coveimport.Pending, coveimport.Approved, coveimport.Ignored} {
		n, err := c.cove.Count(st)
		if err != nil {
			ch <- prometheus.NewInvalidMetric(coveAccountsDesc, err)
			continue
		}
		ch <- prometheus.MustNewConstMetric(coveAccountsDesc, prometheus.GaugeValue, float64(n), string(st))
	}
}

func (m *coveMetrics) observe(took time.Duration, err error) {
	if m == nil {
		return
	}
	m.duration.Observe(took.Seconds())
	if err != nil {
		m.errors.Inc()
	}
}
