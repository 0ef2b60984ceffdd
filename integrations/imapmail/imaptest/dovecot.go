package imaptest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/testenv"
)

// Dovecot starts Debian's Dovecot (package dovecot-imapd) unprivileged on a
// free loopback port, with its own configuration, mail and state in a
// temporary directory, and one user. As root it runs as nobody; otherwise
// as the current user. The test fails (CI) or skips (a developer's machine)
// when Dovecot is not installed.
func Dovecot(t testing.TB) *Server {
	t.Helper()
	exe := testenv.Executable(t, "/usr/sbin/dovecot", "dovecot")
	dir, err := os.MkdirTemp("", "bc-dovecot-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	port := freePort(t)
	s := &Server{Addr: fmt.Sprintf("127.0.0.1:%d", port), Username: "reports@msp.test", Password: "correct horse"}

	runAs, group := "nobody", "nogroup"
	if os.Geteuid() != 0 {
		u, err := user.Current()
		if err != nil {
			t.Fatal(err)
		}
		g, err := user.LookupGroupId(u.Gid)
		if err != nil {
			t.Fatal(err)
		}
		runAs, group = u.Username, g.Name
	}
	conf := strings.NewReplacer("$DIR", dir, "$PORT", fmt.Sprint(port), "$USER", runAs, "$GROUP", group).Replace(dovecotConf)
	files := map[string]string{
		"dovecot.conf": conf,
		"passwd":       s.Username + ":{PLAIN}" + s.Password + "\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []string{"run", "state", "home"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(exe, "-F", "-c", filepath.Join(dir, "dovecot.conf"))
	if os.Geteuid() == 0 {
		if err := exec.Command("chown", "-R", runAs+":"+group, dir).Run(); err != nil {
			t.Fatalf("chown the Dovecot directory: %v", err)
		}
		if err := os.Chmod(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		cmd = exec.Command("runuser", "-u", runAs, "--", exe, "-F", "-c", filepath.Join(dir, "dovecot.conf"))
	}
	out, _ := os.Create(filepath.Join(dir, "stdout.log"))
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start Dovecot: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if c, err := net.DialTimeout("tcp", s.Addr, time.Second); err == nil {
			c.Close()
			return s
		}
		if time.Now().After(deadline) {
			logs, _ := os.ReadFile(filepath.Join(dir, "stdout.log"))
			log2, _ := os.ReadFile(filepath.Join(dir, "dovecot.log"))
			t.Fatalf("Dovecot did not start on %s:\n%s\n%s", s.Addr, logs, log2)
		}
	}
}

func freePort(t testing.TB) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// dovecotConf is Dovecot 2.3 (Debian 12) for tests: IMAP only, plaintext
// auth on loopback, maildir under the temporary directory.
const dovecotConf = `protocols = imap
listen = 127.0.0.1
base_dir = $DIR/run
state_dir = $DIR/state
log_path = $DIR/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = $USER
default_internal_group = $GROUP
default_login_user = $USER
mail_location = maildir:~/Maildir
namespace inbox {
  inbox = yes
  separator = /
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $DIR/passwd
}
userdb {
  driver = static
  args = uid=$USER gid=$GROUP home=$DIR/home/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = $PORT
  }
  inet_listener imaps {
    port = 0
  }
}
service auth-worker {
  user = $default_internal_user
}
service anvil {
  chroot =
}
service stats {
  chroot =
}
`
