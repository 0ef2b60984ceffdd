package autotask_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/integrations/autotask"
	"github.com/backupchecks/backupchecks/integrations/autotask/autotasktest"
)

const (
	testUser   = "api@msp.example"
	testSecret = "s3cret"
)

var ctx = context.Background()

// world is a fake with one tenant and a client for it. Every test gets
// its own integration code: the client's slots are process-wide per code.
type world struct {
	srv    *autotasktest.Server
	tenant *autotasktest.Tenant
	code   string
	log    *requestLog
}

func newWorld(t testing.TB) *world {
	t.Helper()
	srv := autotasktest.New()
	t.Cleanup(srv.Close)
	code := "BC-" + t.Name()
	tenant := srv.AddTenant(autotasktest.TenantConfig{Zone: "AE02", Username: testUser, Secret: testSecret,
		IntegrationCode: code, FirstName: "Backup", LastName: "Checks"})
	return &world{srv: srv, tenant: tenant, code: code, log: &requestLog{}}
}

// client connects to the world's tenant with no real waiting between
// retries; mod changes the config.
func (w *world) client(mod ...func(*autotask.Config)) *autotask.Client {
	cfg := autotask.Config{DiscoveryURL: w.srv.DiscoveryURL(), Username: testUser, Secret: testSecret,
		IntegrationCode: w.code, Timeout: 5 * time.Second, Backoff: func(int) time.Duration { return time.Millisecond },
		HTTPClient: &http.Client{Transport: w.log}}
	for _, m := range mod {
		m(&cfg)
	}
	return autotask.New(cfg)
}

// requestLog is a transport that records what the client sent.
type requestLog struct {
	mu   sync.Mutex
	reqs []sent
}

type sent struct {
	Method, Path string
	Header       http.Header
}

func (l *requestLog) RoundTrip(r *http.Request) (*http.Response, error) {
	l.mu.Lock()
	l.reqs = append(l.reqs, sent{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone()})
	l.mu.Unlock()
	return http.DefaultTransport.RoundTrip(r)
}

// matching are the recorded requests whose path contains part.
func (l *requestLog) matching(method, part string) []sent {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []sent
	for _, s := range l.reqs {
		if (method == "" || s.Method == method) && strings.Contains(strings.ToLower(s.Path), strings.ToLower(part)) {
			out = append(out, s)
		}
	}
	return out
}

// stub is a one-handler "Autotask" for answers the fake never gives
// (malformed JSON, foreign next pages...): zone discovery points at
// itself, every other request goes to api.
func stub(t testing.TB, api http.HandlerFunc) *httptest.Server {
	t.Helper()
	var ts *httptest.Server
	ts = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(strings.ToLower(r.URL.Path), "zoneinformation") {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"zoneName":"X1","url":"` + ts.URL + `/ATServicesRest/","webUrl":"https://ww1.example/","ci":1}`))
			return
		}
		api(w, r)
	}))
	t.Cleanup(ts.Close)
	return ts
}

func stubClient(ts *httptest.Server, mod ...func(*autotask.Config)) *autotask.Client {
	cfg := autotask.Config{DiscoveryURL: ts.URL + "/atservicesrest/", Username: testUser, Secret: testSecret,
		IntegrationCode: "BC-stub-" + ts.URL, Retries: 2, Backoff: func(int) time.Duration { return 0 }}
	for _, m := range mod {
		m(&cfg)
	}
	return autotask.New(cfg)
}

// clock is a settable clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}
