package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/appliance"
	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/demo"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/psa"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/storage"
)

const crashPassword = "correct horse battery"

// The real binary is killed (SIGKILL) after Autotask created a run's
// ticket and before its answer arrived: the one window in which a ticket
// exists that Backupchecks never heard of. After a restart the run shows
// the unfinished ticket; creating it again finds the ticket by its marker
// and links it, and Autotask still holds exactly one.
func TestTicketCreationSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and kills it")
	}
	bin := binary(t)
	data := filepath.Join(t.TempDir(), "data")
	addr := freeAddr(t)
	fake, runID := seedTicketRun(t, data, "http://"+addr)
	defer fake.Close()

	fake.HoldCreates(time.Hour)
	srv := startServer(t, bin, data, addr)
	web := signInHTTP(t, "http://"+addr)
	go web.post(fmt.Sprintf("/runs/%d/ticket", runID)) // answered only by the kill
	for deadline := time.Now().Add(20 * time.Second); len(fake.Tenant.Tickets()) == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the click did not reach Autotask")
		}
	}
	_ = srv.Process.Signal(syscall.SIGKILL)
	_ = srv.Wait()
	if ws, ok := srv.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("the server was not killed mid-create: %v", srv.ProcessState)
	}

	fake.HoldCreates(0)
	srv = startServer(t, bin, data, addr)
	web = signInHTTP(t, "http://"+addr)
	if cell := web.get(fmt.Sprintf("/runs/%d/ticket", runID)); !strings.Contains(cell, "Finish creating the ticket") {
		t.Fatalf("after the restart the run's ticket cell does not offer to finish the ticket:\n%s", cell)
	}
	cell := web.post(fmt.Sprintf("/runs/%d/ticket", runID))
	tickets := fake.Tenant.Tickets()
	if len(tickets) != 1 {
		t.Fatalf("Autotask holds %d tickets after the kill and the second click, want 1", len(tickets))
	}
	if want := "Found and linked ticket " + tickets[0].Number; !strings.Contains(cell, want) {
		t.Fatalf("the second click answers:\n%s\nwant %q", cell, want)
	}
	_ = srv.Process.Signal(syscall.SIGTERM)
	_ = srv.Wait()

	st, err := storage.Open(storage.Options{Dir: data})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rt, err := st.RunTickets(runID)
	if err != nil {
		t.Fatal(err)
	}
	if l, ok := rt.Current(); !ok || len(rt.Links) != 1 || l.State != psa.Open || l.TicketID != tickets[0].ID {
		t.Fatalf("the run's ticket links after the restart: %+v", rt.Links)
	}
}

// seedTicketRun makes a data directory with an admin, a customer mapped to
// its company in a fake Autotask (the demo's) and one failed run.
func seedTicketRun(t *testing.T, data, baseURL string) (*demo.AutotaskFake, uint64) {
	t.Helper()
	st, err := storage.Open(storage.Options{Dir: data})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	a, err := appliance.New(st, appliance.Options{Version: "crash-test"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Accounts.Setup(accounts.NewUser{Username: "admin", Password: crashPassword, Confirm: crashPassword}, audit.Actor{}); err != nil {
		t.Fatal(err)
	}
	cu, err := a.Customers.Create("Acme", audit.Actor{})
	if err != nil {
		t.Fatal(err)
	}
	j, err := a.Jobs.Create(jobs.NewJob{CustomerID: cu.ID, Source: jobs.Email, Software: "Veeam Backup & Replication", Type: "Backup Job",
		Name: "Nightly", MatchKey: "acme-nightly"}, audit.Actor{})
	if err != nil {
		t.Fatal(err)
	}
	r, _, err := a.Runs.Record(runs.NewRun{JobID: j.ID, Source: runs.FromEmail, ExternalID: "m1", Time: time.Now().Add(-time.Hour),
		Status: runs.Failed, Message: "disk full"})
	if err != nil {
		t.Fatal(err)
	}
	fake, _, err := demo.Autotask(demo.AutotaskServices{Settings: a.Settings, Autotask: a.Autotask, Customers: a.Customers, Jobs: a.Jobs, Runs: a.Runs},
		1, 0, baseURL)
	if err != nil {
		t.Fatal(err)
	}
	return fake, r.ID
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startServer runs `backupchecks serve` and waits until /healthz answers.
func startServer(t *testing.T, bin, data, addr string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--data", data, "--listen", addr, "--log-level", "warn")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if res, err := http.Get("http://" + addr + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return cmd
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("the server did not start")
		}
	}
}

// browser is a signed-in HTTP client that sends the CSRF token as htmx does.
type browser struct {
	t     *testing.T
	base  string
	c     *http.Client
	token string
}

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

func signInHTTP(t *testing.T, base string) *browser {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	b := &browser{t: t, base: base, c: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
	m := csrfField.FindStringSubmatch(b.get("/login"))
	if m == nil {
		t.Fatal("no CSRF token on the sign-in page")
	}
	b.token = m[1]
	res, err := b.c.PostForm(base+"/login", url.Values{"username": {"admin"}, "password": {crashPassword}, "_csrf": {b.token}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if page := b.get("/"); !strings.Contains(page, `data-testid="health"`) {
		t.Fatalf("not signed in; the dashboard reads:\n%s", page)
	}
	return b
}

func (b *browser) get(path string) string { return b.do(http.MethodGet, path) }

// post is an htmx POST; it reports a failure without ending the test, as
// it may run in a goroutine that the kill answers.
func (b *browser) post(path string) string { return b.do(http.MethodPost, path) }

func (b *browser) do(method, path string) string {
	req, _ := http.NewRequest(method, b.base+path, nil)
	req.Header.Set("HX-Request", "true")
	req.Header.Set("X-CSRF-Token", b.token)
	res, err := b.c.Do(req)
	if err != nil {
		return "error: " + err.Error()
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return string(body)
}
