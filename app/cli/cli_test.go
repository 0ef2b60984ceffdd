package cli

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/appliance"
	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/storage"
)

func init() { accounts.UseFastHashesForTests() }

const pw = "correct horse battery"

func run(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(args, IO{In: strings.NewReader(stdin), Out: &out, Err: &errb})
	return code, out.String(), errb.String()
}

func TestVersionAndUsage(t *testing.T) {
	if code, out, _ := run(t, "", "version"); code != 0 || !strings.HasPrefix(out, "backupchecks ") {
		t.Fatalf("version: %d %q", code, out)
	}
	if code, _, errs := run(t, "", "frobnicate"); code != 2 || !strings.Contains(errs, "unknown command") {
		t.Fatalf("unknown command: %d %q", code, errs)
	}
	if code, _, errs := run(t, "", "backup", "--no-such-flag"); code != 2 || !strings.Contains(errs, "no-such-flag") {
		t.Fatalf("bad flag: %d %q", code, errs)
	}
	if code, _, errs := run(t, "", "serve", "--log-format", "xml", "--data", t.TempDir()); code != 1 || !strings.Contains(errs, "use text or json") {
		t.Fatalf("bad log format: %d %q", code, errs)
	}
}

func TestFlagsFallBackToEnvironment(t *testing.T) {
	env = func(k string) string {
		return map[string]string{"BACKUPCHECKS_DATA": "/srv/bc", "BACKUPCHECKS_LISTEN": "127.0.0.1:9999"}[k]
	}
	defer func() { env = os.Getenv }()
	var cfg Config
	fs := newFlags("serve", "serve", IO{Err: &bytes.Buffer{}}, &cfg)
	if err := fs.Parse([]string{"--listen", ":7000"}); err != nil {
		t.Fatal(err)
	}
	if cfg.Data != "/srv/bc" || cfg.Listen != ":7000" || cfg.LogLevel != "info" {
		t.Fatalf("config %+v: env should fill what flags leave out, flags win", cfg)
	}
}

// serving starts the appliance on dir, as `serve` would, until the test ends.
func serving(t *testing.T, dir string) (*storage.Store, *appliance.Appliance) {
	t.Helper()
	st, err := storage.Open(storage.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	a, err := appliance.New(st, appliance.Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = a.Shutdown(ctx) // closes the store too
	})
	return st, a
}

// With no server running, the commands open the data directory themselves.
func TestUserAndBackupOnStoppedDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	if code, out, errs := run(t, pw+"\n", "user", "add", "rescue", "--role", "admin", "--data", dir); code != 0 {
		t.Fatalf("user add: %d %s %s", code, out, errs)
	}
	if code, _, errs := run(t, pw+"\n", "user", "add", "RESCUE", "--data", dir); code != 1 || !strings.Contains(errs, "already taken") {
		t.Fatalf("duplicate user: %d %s", code, errs)
	}
	if code, _, errs := run(t, "short\n", "user", "passwd", "rescue", "--data", dir); code != 1 || !strings.Contains(errs, "at least 10") {
		t.Fatalf("weak password: %d %s", code, errs)
	}
	file := filepath.Join(t.TempDir(), "b.bcbackup")
	code, _, errs := run(t, "", "backup", "--data", dir, "--out", file)
	if code != 0 || !strings.Contains(errs, "NOT encrypted") {
		t.Fatalf("backup: %d %s", code, errs)
	}
	restored := filepath.Join(t.TempDir(), "restored")
	if code, out, errs := run(t, "", "restore", "--data", restored, "--in", file); code != 0 || !strings.Contains(out, "Restored backup") {
		t.Fatalf("restore: %d %s %s", code, out, errs)
	}
	st, err := storage.Open(storage.Options{Dir: restored})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	u, err := st.UserByUsername("rescue")
	if err != nil || u.Role != accounts.Admin || !accounts.VerifyPassword(u.PasswordHash, pw) {
		t.Fatalf("restored user: %+v %v", u, err)
	}
	if code, _, errs := run(t, "", "restore", "--data", restored, "--in", file); code != 1 || !strings.Contains(errs, "not empty") {
		t.Fatalf("restore over data: %d %s", code, errs)
	}
}

// While the server holds the data directory, the same commands go through
// its control socket; the running server sees the change at once.
func TestUserAndBackupThroughRunningServer(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	st, a := serving(t, dir)
	if fi, err := os.Stat(filepath.Join(dir, "control.sock")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("control socket: %v %v", fi, err)
	}
	if code, _, errs := run(t, pw+"\n", "user", "add", "--role", "operator", "olga", "--data", dir); code != 0 {
		t.Fatalf("user add via server: %d %s", code, errs)
	}
	if _, err := a.Accounts.Login("olga", pw, "127.0.0.1"); err != nil {
		t.Fatalf("server does not know the new user: %v", err)
	}
	if code, _, errs := run(t, "another long password\n", "user", "passwd", "olga", "--data", dir); code != 0 {
		t.Fatalf("passwd via server: %d %s", code, errs)
	}
	if _, err := a.Accounts.Login("olga", "another long password", "127.0.0.1"); err != nil {
		t.Fatalf("new password not in effect: %v", err)
	}
	if code, _, errs := run(t, "x\n", "user", "passwd", "nobody", "--data", dir); code != 1 || !strings.Contains(errs, "not found") {
		t.Fatalf("passwd for unknown user: %d %s", code, errs)
	}

	passFile := filepath.Join(t.TempDir(), "pass")
	_ = os.WriteFile(passFile, []byte("backup passphrase\n"), 0o600)
	file := filepath.Join(t.TempDir(), "live.bcbackup")
	if code, _, errs := run(t, "", "backup", "--data", dir, "--out", file, "--passphrase-file", passFile); code != 0 || strings.Contains(errs, "NOT encrypted") {
		t.Fatalf("backup via server: %d %s", code, errs)
	}
	p, _ := st.List(audit.Filter{Action: audit.BackupCLI})
	if len(p.Events) != 1 || !strings.HasPrefix(p.Events[0].IP, "cli:") {
		t.Fatalf("CLI backup not audited: %+v", p.Events)
	}
	restored := filepath.Join(t.TempDir(), "restored")
	if code, _, errs := run(t, "wrong passphrase\n", "restore", "--data", restored, "--in", file); code != 1 || !strings.Contains(errs, "wrong passphrase") {
		t.Fatalf("restore with wrong passphrase: %d %s", code, errs)
	}
	if code, _, errs := run(t, "", "restore", "--data", restored, "--in", file, "--passphrase-file", passFile); code != 0 {
		t.Fatalf("restore: %d %s", code, errs)
	}
}

// Run as root on a directory owned by the service user, a direct command
// leaves every file owned by that user, so the service can still write.
func TestDirectCommandAsRootKeepsOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to own files as another user")
	}
	dir := filepath.Join(t.TempDir(), "data")
	if code, _, errs := run(t, pw+"\n", "user", "add", "first", "--data", dir); code != 0 {
		t.Fatal(errs)
	}
	if err := filepath.Walk(dir, func(p string, _ os.FileInfo, _ error) error { return os.Lchown(p, 65534, 65534) }); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := run(t, "another long password\n", "user", "passwd", "first", "--data", dir); code != 0 {
		t.Fatal(errs)
	}
	err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if st := fi.Sys().(*syscall.Stat_t); st.Uid != 65534 {
			t.Errorf("%s is owned by uid %d after a root command", p, st.Uid)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestDemoRefusesNonEmptyDirectory(t *testing.T) {
	dir := t.TempDir()
	_ = os.WriteFile(filepath.Join(dir, "precious"), []byte("x"), 0o600)
	code, _, errs := run(t, "", "demo", "--data", dir, "--listen", "127.0.0.1:0")
	if code != 1 || !strings.Contains(errs, "is not empty") || !strings.Contains(errs, "serve --data") {
		t.Fatalf("demo into a used directory: %d %s", code, errs)
	}
}

// A busy port fails the demo at once, before anything is generated, and
// says how to pick another; the directory is left as it was, so the next
// attempt is not refused.
func TestDemoOnBusyPortGeneratesNothing(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	dir := filepath.Join(t.TempDir(), "demo-data")
	code, out, errs := run(t, "", "demo", "--data", dir, "--listen", busy.Addr().String())
	if code != 1 || !strings.Contains(errs, "--listen") || !strings.Contains(errs, "in use") {
		t.Fatalf("demo on a busy port: exit %d, stderr %q", code, errs)
	}
	if strings.Contains(out, "password") || strings.Contains(out, "Generating") {
		t.Errorf("the demo generated or printed a password before finding the port busy:\n%s", out)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("the busy-port demo left %s behind (%v)", dir, err)
	}
}

// demo --help shows the directory the demo really uses and the seed.
func TestDemoHelpShowsItsDefaults(t *testing.T) {
	code, _, errs := run(t, "", "demo", "--help")
	if code != 0 || !strings.Contains(errs, `(default "./demo-data")`) || !strings.Contains(errs, "-seed") || !strings.Contains(errs, "(default 2026)") {
		t.Fatalf("demo --help: exit %d\n%s", code, errs)
	}
	if strings.Contains(errs, `(default "./data")`) {
		t.Errorf("demo --help names ./data:\n%s", errs)
	}
}
