package appliance_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/appliance"
	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/storage"
)

// BenchmarkStartToServing opens a data directory holding 200 users and
// 30,000 audit events, assembles the appliance and answers /healthz, then
// shuts down: the DESIGN §6 "start to serving ≤ 1 s" path. Start-up must not
// scan records, so this stays flat as the directory grows.
func BenchmarkStartToServing(b *testing.B) {
	accounts.UseFastHashesForTests()
	dir := filepath.Join(b.TempDir(), "data")
	st, err := storage.Open(storage.Options{Dir: dir})
	if err != nil {
		b.Fatal(err)
	}
	for i := range 200 {
		if _, err := st.CreateUser(accounts.User{Username: fmt.Sprintf("user%03d", i), Role: accounts.Operator}, false, audit.Event{Action: audit.UserCreate}); err != nil {
			b.Fatal(err)
		}
	}
	for i := range 30_000 {
		if err := st.RecordAudit(audit.Event{Actor: "user001", Action: audit.LoginSuccess, Details: fmt.Sprint(i)}); err != nil {
			b.Fatal(err)
		}
	}
	st.Close()
	b.ResetTimer()
	for b.Loop() {
		st, err := storage.Open(storage.Options{Dir: dir})
		if err != nil {
			b.Fatal(err)
		}
		a, err := appliance.New(st, appliance.Options{Version: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		if err := a.Start(); err != nil {
			b.Fatal(err)
		}
		resp, err := a.Web.Test(httptest.NewRequest("GET", "/healthz", nil), -1)
		if err != nil || resp.StatusCode != 200 {
			b.Fatalf("healthz: %v %v", resp, err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		if err := a.Shutdown(ctx); err != nil {
			b.Fatal(err)
		}
		cancel()
	}
}
