package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/psa"
	"github.com/backupchecks/backupchecks/storage"
)

// The real binary is killed (SIGKILL) while Autotask holds the answer to
// a ticket an automatic-ticket rule asked for. The restarted appliance's
// first pass goes on with the reserved streak, finds the ticket by its
// marker and links it: Autotask holds exactly one, and the run page says
// a rule made it.
func TestAutomaticTicketSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and kills it")
	}
	bin := binary(t)
	data := filepath.Join(t.TempDir(), "data")
	addr := freeAddr(t)
	fake, runID := seedTicketRun(t, data, "http://"+addr)
	defer fake.Close()
	switchOnAutoTickets(t, data)

	fake.HoldCreates(time.Hour)
	srv := startServer(t, bin, data, addr) // the pass runs at start
	for deadline := time.Now().Add(20 * time.Second); len(fake.Tenant.Tickets()) == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the automatic pass did not reach Autotask")
		}
	}
	_ = srv.Process.Signal(syscall.SIGKILL)
	_ = srv.Wait()
	if ws, ok := srv.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("the server was not killed mid-create: %v", srv.ProcessState)
	}

	fake.HoldCreates(0)
	srv = startServer(t, bin, data, addr)
	web := signInHTTP(t, "http://"+addr)
	tickets := fake.Tenant.Tickets()
	var page string
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		page = web.get(fmt.Sprintf("/runs/%d", runID))
		if strings.Contains(page, `data-testid="ticket-automatic"`) && !strings.Contains(page, "being created") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the restart the run page does not show the automatic ticket:\n%s", page)
		}
	}
	if len(tickets) != 1 || len(fake.Tenant.Tickets()) != 1 || !strings.Contains(page, tickets[0].Number) {
		t.Fatalf("Autotask holds %d tickets after the kill and the restart, want 1 shown on the run", len(fake.Tenant.Tickets()))
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
	if l, ok := rt.Current(); !ok || len(rt.Links) != 1 || l.State != psa.Open || l.TicketID != tickets[0].ID || !psa.IsAutomatic(l.CreatedBy) {
		t.Fatalf("the run's ticket links after the restart: %+v", rt.Links)
	}
	if s, err := st.AutoStreak(rt.JobID); err != nil || s.RunID != runID || !s.Created {
		t.Fatalf("the job's streak after the restart: %+v (%v)", s, err)
	}
}

// switchOnAutoTickets gives every customer in data a ticket after one
// failed or missed run.
func switchOnAutoTickets(t *testing.T, data string) {
	t.Helper()
	st, err := storage.Open(storage.Options{Dir: data})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	list, err := st.Customers()
	if err != nil || len(list) == 0 {
		t.Fatalf("customers: %v", err)
	}
	rules := psa.AutoRules{Customers: map[uint64]psa.AutoRule{}}
	for _, c := range list {
		rules.Customers[c.ID] = psa.AutoRule{On: true, After: 1}
	}
	if err := st.SaveAutoRules(rules, audit.New(audit.Actor{Name: "test"}, audit.SettingsAutotask, "autotask", "test")); err != nil {
		t.Fatal(err)
	}
}
