package autotasktest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

const (
	user   = "api@msp.example"
	secret = "s3cret"
	code   = "BACKUPCHECKS"
)

// fixture is a server with one tenant and raw HTTP against it.
type fixture struct {
	t      *testing.T
	srv    *Server
	tenant *Tenant
}

func newFixture(t *testing.T) *fixture {
	srv := New()
	t.Cleanup(srv.Close)
	tn := srv.AddTenant(TenantConfig{Zone: "AE02", Username: user, Secret: secret, IntegrationCode: code, FirstName: "Backup", LastName: "Checks"})
	return &fixture{t: t, srv: srv, tenant: tn}
}

// reply is a raw answer.
type reply struct {
	status int
	header http.Header
	body   string
}

// errors are the {"errors":[...]} of the answer.
func (r reply) errors() []string {
	var e struct{ Errors []string }
	_ = json.Unmarshal([]byte(r.body), &e)
	return e.Errors
}

// json decodes the answer into v, failing the test when it cannot.
func (r reply) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.body), v); err != nil {
		t.Fatalf("HTTP %d %q: %v", r.status, r.body, err)
	}
}

// call sends one request with the tenant's credentials (headers, when
// given, replace them); path is relative to the server or absolute.
func (f *fixture) call(method, path, body string, headers ...string) reply {
	f.t.Helper()
	target := path
	if !strings.HasPrefix(path, "http") {
		target = f.srv.URL() + path
	}
	req, err := http.NewRequest(method, target, strings.NewReader(body))
	if err != nil {
		f.t.Fatal(err)
	}
	if headers == nil {
		headers = []string{"UserName", user, "Secret", secret, "ApiIntegrationCode", code}
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header[headers[i]] = []string{headers[i+1]} // as given: no canonical casing
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return reply{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

func (f *fixture) api(method, path, body string) reply {
	f.t.Helper()
	return f.call(method, "/ATServicesRest/V1.0/"+path, body)
}

// ids runs a POST query and returns the ids of one page.
func (f *fixture) ids(entity, body string) []int64 {
	f.t.Helper()
	r := f.api(http.MethodPost, entity+"/query", body)
	if r.status != 200 {
		f.t.Fatalf("%s: HTTP %d %s", body, r.status, r.body)
	}
	var p struct{ Items []struct{ ID int64 } }
	r.json(f.t, &p)
	out := []int64{}
	for _, it := range p.Items {
		out = append(out, it.ID)
	}
	return out
}

func escape(s string) string { return url.QueryEscape(s) }

// inFlight is the number of admitted requests still being answered.
func (f *fixture) inFlight() int {
	f.srv.mu.Lock()
	defer f.srv.mu.Unlock()
	n := 0
	for _, v := range f.srv.inflight {
		n += v
	}
	return n
}
