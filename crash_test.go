package main

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/mailimport"
	"github.com/backupchecks/backupchecks/app/reports"
	"github.com/backupchecks/backupchecks/app/reports/report"
	"github.com/backupchecks/backupchecks/app/secret"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/integrations/imapmail/imaptest"
	"github.com/backupchecks/backupchecks/storage"
)

// The real binary imports 500 mails from a real Dovecot and is killed
// (SIGKILL) at random moments, again and again, then allowed to finish.
// Every mail must end up exactly once, as a run or in the Inbox, and the
// mailbox must hold every message exactly once.
func TestImportSurvivesKills(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs it many times")
	}
	server := imaptest.Dovecot(t)
	work := t.TempDir()
	bin := binary(t)

	golden, _ := filepath.Glob("app/reports/*/testdata/*.eml")
	nested, _ := filepath.Glob("app/reports/*/testdata/*/*.eml")
	golden = append(golden, nested...)
	if len(golden) < 5 {
		t.Fatal("too few golden mails to build the corpus from")
	}
	const total = 500 // enough batches of 50 that a dozen kills land before the end
	for i := 0; i < total; i++ {
		raw, err := os.ReadFile(golden[i%len(golden)])
		if err != nil {
			t.Fatal(err)
		}
		raw = bytes.Replace(raw, []byte("Message-ID: <"), []byte(fmt.Sprintf("Message-ID: <crash%03d.", i)), 1)
		if !bytes.Contains(raw, []byte(fmt.Sprintf("<crash%03d.", i))) {
			raw = append([]byte(fmt.Sprintf("Message-ID: <crash%03d@test>\r\n", i)), raw...)
		}
		server.Append(t, "INBOX", raw, time.Now())
	}

	data := filepath.Join(work, "data")
	configure(t, data, server, golden)

	// Each run is killed once it has moved a random few more messages,
	// a random moment later: between any two steps of an import.
	rng := rand.New(rand.NewPCG(1, 2))
	kills := 0
	for attempt := 0; kills < 12 && attempt < 60; attempt++ {
		done := server.Count(t, "Processed")
		if done >= total-20 {
			break
		}
		cmd := exec.Command(bin, "import-mail", "--data", data)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		target := done + 1 + rng.IntN(15)
		var ended error
		running := true
		for deadline := time.Now().Add(20 * time.Second); running && server.Count(t, "Processed") < target && time.Now().Before(deadline); {
			select {
			case ended = <-exited:
				running = false // it finished or failed by itself: no point waiting out the deadline
			case <-time.After(10 * time.Millisecond):
			}
		}
		if running {
			time.Sleep(time.Duration(rng.IntN(30)) * time.Millisecond)
			_ = cmd.Process.Signal(syscall.SIGKILL)
			ended = <-exited
		}
		// Count only runs the kill really ended, not ones that had finished.
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			kills++
		} else if ended != nil {
			t.Logf("attempt %d ended by itself: %v\n%s", attempt, ended, out.String())
		}
	}
	if kills < 10 {
		t.Fatalf("only %d kills landed mid-import", kills)
	}
	out, err := exec.Command(bin, "import-mail", "--data", data).CombinedOutput()
	if err != nil {
		t.Fatalf("the final import: %v\n%s", err, out)
	}

	st, err := storage.Open(storage.Options{Dir: data})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	seen, runIDs := map[string]int{}, map[uint64]bool{}
	for _, state := range []mailimport.State{mailimport.New, mailimport.Pending, mailimport.Imported, mailimport.Ignored} {
		before := ""
		for {
			p, err := st.Mails(state, before, 500, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range p.Mails {
				if state == mailimport.New {
					t.Errorf("mail %s was left half-imported", m.MessageID)
				}
				if state == mailimport.Imported {
					if m.RunID == 0 || runIDs[m.RunID] {
						t.Errorf("mail %s is imported without a run of its own", m.MessageID)
					}
					runIDs[m.RunID] = true
				}
				seen[m.MessageID]++
			}
			if p.Next == "" {
				break
			}
			before = p.Next
		}
	}
	if len(seen) != total {
		t.Fatalf("%d distinct mails stored, want %d", len(seen), total)
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("mail %s stored %d times", id, n)
		}
	}
	if in, done := server.Count(t, "INBOX"), server.Count(t, "Processed"); in != 0 || done != total {
		t.Fatalf("mailbox after the imports: INBOX %d, Processed %d (want 0 and %d: nothing lost, nothing twice)", in, done, total)
	}
	if len(runIDs) < total/2 {
		t.Fatalf("only %d mails became runs; the run path was hardly tested", len(runIDs))
	}
	if !strings.Contains(string(out), "duplicates") || strings.Contains(string(out), "fetched 300,") {
		t.Fatalf("the killed runs made no progress; final run: %s", out)
	}
	t.Logf("%d kills mid-import; final run: %s", kills, strings.TrimSpace(string(out)))
}

// configure writes mail settings into a fresh data directory, as the
// settings page would, and creates the jobs of the golden reports so most
// mails become runs (the path through the "new" state).
func configure(t *testing.T, data string, server *imaptest.Server, golden []string) {
	t.Helper()
	st, err := storage.Open(storage.Options{Dir: data})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	svc := settings.NewService(st)
	svc.Cipher = st.Cipher()
	host, port, _ := net.SplitHostPort(server.Addr)
	p, _ := strconv.Atoi(port)
	_, err = svc.SaveMailImport(settings.MailImport{Enabled: true, Host: host, Port: p, Security: "none", Auth: "password",
		Username: server.Username, Folder: "INBOX", Processed: "Processed", Interval: 5, MaxSizeMB: 25},
		settings.MailSecrets{Password: secret.New(server.Password)}, audit.Actor{Name: "test"})
	if err != nil {
		t.Fatal(err)
	}
	cu, err := customers.NewService(st).Create("Crash test", audit.Actor{})
	if err != nil {
		t.Fatal(err)
	}
	js := jobs.NewService(st, func(uint64) error { return nil })
	for _, path := range golden {
		raw, _ := os.ReadFile(path)
		m, err := report.Decode(raw)
		if err != nil {
			continue
		}
		res := reports.ParseMessage(m)
		if !res.Recognised {
			continue
		}
		key := jobs.EmailKey(m.From, res.Software, res.Type, res.Job)
		if _, err := js.Create(jobs.NewJob{CustomerID: cu.ID, Source: jobs.Email, Software: res.Software, Type: res.Type, Name: res.Job, MatchKey: key}, audit.Actor{}); err != nil && !errors.Is(err, jobs.ErrKeyTaken) {
			t.Fatal(err)
		}
	}
}
