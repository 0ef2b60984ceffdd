package autotasktest

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Three requests on one entity root are held in flight; a fourth on that
// root gets the thread-limit 429 at once, one on another root does not.
func TestThreadLimit(t *testing.T) {
	f := newFixture(t)
	f.srv.SetDelay(time.Hour)
	hold, release := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			req, _ := http.NewRequestWithContext(hold, http.MethodGet, f.srv.URL()+"/ATServicesRest/V1.0/Companies/0", nil)
			req.Header.Set("UserName", user)
			req.Header.Set("Secret", secret)
			req.Header.Set("ApiIntegrationCode", code)
			if resp, err := http.DefaultClient.Do(req); err == nil {
				resp.Body.Close()
			}
		})
	}
	for f.srv.MaxInFlight() < 3 {
		time.Sleep(time.Millisecond)
	}
	r := f.api(http.MethodGet, "companies/0", "")
	if r.status != 429 || !strings.Contains(strings.Join(r.errors(), " "), "User "+user+" has exceeded the API thread threshold of 3 threads") {
		t.Fatalf("fourth request: HTTP %d %s", r.status, r.body)
	}
	f.srv.SetDelay(0)
	if r := f.api(http.MethodGet, "ThresholdInformation", ""); r.status != 200 {
		t.Fatalf("another root: HTTP %d %s", r.status, r.body)
	}
	release()
	wg.Wait()
	for f.inFlight() > 0 { // the handlers finish after their clients gave up
		time.Sleep(time.Millisecond)
	}
	if r := f.api(http.MethodGet, "Companies/0", ""); r.status != 200 {
		t.Fatalf("after the three ended: HTTP %d", r.status)
	}
}

func TestHourlyCounterAndExhaustion(t *testing.T) {
	f := newFixture(t)
	f.api(http.MethodGet, "Companies/0", "")
	var th struct {
		ExternalRequestThreshold, RequestThresholdTimeframe, CurrentTimeframeRequestCount int
	}
	f.api(http.MethodGet, "ThresholdInformation", "").json(t, &th)
	if th.ExternalRequestThreshold != 10000 || th.RequestThresholdTimeframe != 60 || th.CurrentTimeframeRequestCount != 2 {
		t.Fatalf("threshold %+v", th)
	}
	f.srv.Exhaust(true)
	r := f.api(http.MethodGet, "Companies/0", "")
	if r.status != 500 || !strings.Contains(strings.Join(r.errors(), " "), "threshold") {
		t.Fatalf("exhausted: HTTP %d %s", r.status, r.body)
	}
	if r := f.call(http.MethodGet, "/atservicesrest/v1.0/zoneInformation?user="+escape(user), "", "X", ""); r.status != 200 {
		t.Fatalf("zone lookup while exhausted: HTTP %d", r.status)
	}
	f.srv.Exhaust(false)
	if r := f.api(http.MethodGet, "Companies/0", ""); r.status != 200 {
		t.Fatalf("after exhaustion: HTTP %d", r.status)
	}
}

func TestCountingFaults(t *testing.T) {
	f := newFixture(t)
	f.srv.Fail429OnCall(2)
	if a, b := f.api(http.MethodGet, "Companies/0", ""), f.api(http.MethodGet, "Companies/0", ""); a.status != 200 || b.status != 429 {
		t.Fatalf("Fail429OnCall(2): %d then %d", a.status, b.status)
	}
	f.srv.Fail500(2)
	a, b, c := f.api(http.MethodGet, "Companies/0", ""), f.call(http.MethodGet, "/atservicesrest/v1.0/zoneInformation?user=x", "", "X", ""), f.api(http.MethodGet, "Companies/0", "")
	if a.status != 500 || b.status != 500 || c.status != 200 || len(a.errors()) != 1 || strings.Contains(a.body, "required") {
		t.Fatalf("Fail500(2): %d %d %d %s", a.status, b.status, c.status, a.body)
	}
	if n := f.srv.Calls(); n != 5 {
		t.Fatalf("%d calls counted, want 5", n)
	}
}

// The lost answer comes after the work; the outage knob is left for the
// request after it.
func TestLoseNextCreateAnswer(t *testing.T) {
	f := newFixture(t)
	f.srv.LoseNextCreateAnswer()
	f.srv.Fail500(1)
	req, _ := http.NewRequest(http.MethodPost, f.srv.URL()+"/ATServicesRest/V1.0/Tickets", strings.NewReader(ticketBody(0, "")))
	req.Header.Set("UserName", user)
	req.Header.Set("Secret", secret)
	req.Header.Set("ApiIntegrationCode", code)
	_, err := http.DefaultClient.Do(req)
	if err == nil || len(f.tenant.Tickets()) != 1 {
		t.Fatalf("lost answer: %v, %d tickets", err, len(f.tenant.Tickets()))
	}
	if r := f.api(http.MethodGet, "Companies/0", ""); r.status != 500 {
		t.Fatalf("the request after the lost one: HTTP %d", r.status)
	}
	if r := f.api(http.MethodPost, "Tickets", ticketBody(0, "")); r.status != 200 || len(f.tenant.Tickets()) != 2 {
		t.Fatalf("next create: HTTP %d", r.status)
	}
}

func TestDelayEndsWithTheClient(t *testing.T) {
	f := newFixture(t)
	f.srv.SetDelay(time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, f.srv.URL()+"/atservicesrest/versioninformation", nil)
	if _, err := http.DefaultClient.Do(req); err != nil {
		t.Fatalf("unauthenticated lookups are not delayed: %v", err)
	}
	req, _ = http.NewRequestWithContext(ctx, http.MethodGet, f.srv.URL()+"/ATServicesRest/V1.0/Companies/0", nil)
	req.Header.Set("UserName", user)
	req.Header.Set("Secret", secret)
	req.Header.Set("ApiIntegrationCode", code)
	if _, err := http.DefaultClient.Do(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("delayed call: %v", err)
	}
}

// HoldCreates keeps a create's answer back after the ticket exists, and
// only a create's: other calls answer at once meanwhile.
func TestHoldCreatesAfterTheWork(t *testing.T) {
	f := newFixture(t)
	f.srv.HoldCreates(time.Hour)
	answered := make(chan int, 1)
	go func() { answered <- f.api(http.MethodPost, "Tickets", ticketBody(0, "")).status }()
	for deadline := time.Now().Add(5 * time.Second); len(f.tenant.Tickets()) == 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the held create made no ticket")
		}
	}
	if r := f.api(http.MethodGet, "Companies/0", ""); r.status != 200 {
		t.Fatalf("a read during the hold: HTTP %d", r.status)
	}
	select {
	case st := <-answered:
		t.Fatalf("the create was answered (HTTP %d) during the hold", st)
	case <-time.After(50 * time.Millisecond):
	}
	f.srv.Close() // ends the held answer
	<-answered
}

func TestTenantsAreSeparate(t *testing.T) {
	f := newFixture(t)
	other := f.srv.AddTenant(TenantConfig{Zone: "SB01", Username: "api@sandbox.example", Secret: "x", IntegrationCode: code})
	id := other.AddCompany("Sandbox only", true)
	if r := f.api(http.MethodGet, "Companies/"+itoa(id), ""); r.body != `{"item":null}` {
		t.Fatalf("production sees the sandbox: %s", r.body)
	}
	r := f.call(http.MethodGet, "/ATServicesRest/V1.0/Companies/"+itoa(id), "", "UserName", "api@sandbox.example", "Secret", "x", "ApiIntegrationCode", code)
	if !strings.Contains(r.body, "Sandbox only") {
		t.Fatalf("sandbox: %s", r.body)
	}
	defer func() {
		if recover() == nil {
			t.Error("a second tenant with the same user name was accepted")
		}
	}()
	f.srv.AddTenant(TenantConfig{Zone: "X", Username: strings.ToUpper(user)})
}

func TestMoveZone(t *testing.T) {
	f := newFixture(t)
	f.tenant.MoveZone()
	if r := f.api(http.MethodGet, "Companies/0", ""); r.status != 401 {
		t.Fatalf("old zone after a move: HTTP %d", r.status)
	}
	var z struct{ URL string }
	f.call(http.MethodGet, "/atservicesrest/v1.0/zoneInformation?user="+escape(user), "", "X", "").json(t, &z)
	if r := f.call(http.MethodGet, z.URL+"V1.0/Companies/0", ""); r.status != 200 {
		t.Fatalf("new zone %s: HTTP %d", z.URL, r.status)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
