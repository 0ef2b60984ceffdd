package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/backupchecks/backupchecks/app/testenv"
)

// fakeBinary stands in for the real build so the installer test is quick.
func fakeBinary(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "backupchecks")
	if err := os.WriteFile(p, []byte("#!/bin/sh\n# "+body+"\necho \"backupchecks test-version\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func runInstall(t *testing.T, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command("bash", append([]string{"install.sh"}, args...)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), code
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func mode(t *testing.T, p string) os.FileMode {
	t.Helper()
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

func TestInstallShellcheck(t *testing.T) {
	sc := testenv.Executable(t, "shellcheck")
	out, err := exec.Command(sc, "install.sh", ".ci/run").CombinedOutput()
	if err != nil {
		t.Fatalf("shellcheck findings:\n%s", out)
	}
}

func TestInstallIntoRoot(t *testing.T) {
	root := t.TempDir()
	bin := fakeBinary(t, "v1")
	out, code := runInstall(t, "--root", root, "--no-systemctl", "--binary", bin, "--listen", "127.0.0.1:9090", "--base-url", "https://backup.example.test")
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	installed := filepath.Join(root, "usr/local/bin/backupchecks")
	if readFile(t, installed) != readFile(t, bin) || mode(t, installed) != 0o755 {
		t.Fatalf("binary not installed as 0755 copy (mode %o)", mode(t, installed))
	}
	if m := mode(t, filepath.Join(root, "var/lib/backupchecks")); m != 0o700 {
		t.Fatalf("data dir mode %o, want 0700", m)
	}
	envFile := filepath.Join(root, "etc/backupchecks/backupchecks.env")
	if m := mode(t, envFile); m != 0o640 {
		t.Fatalf("env file mode %o, want 0640", m)
	}
	env := readFile(t, envFile)
	for _, line := range []string{"BACKUPCHECKS_LISTEN=127.0.0.1:9090", "BACKUPCHECKS_DATA=/var/lib/backupchecks", "BACKUPCHECKS_BASE_URL=https://backup.example.test"} {
		if !strings.Contains(env, line+"\n") {
			t.Errorf("env file lacks %q:\n%s", line, env)
		}
	}
	unit := readFile(t, filepath.Join(root, "etc/systemd/system/backupchecks.service"))
	for _, line := range []string{
		"User=backupchecks", "Group=backupchecks", "ExecStart=/usr/local/bin/backupchecks serve",
		"EnvironmentFile=/etc/backupchecks/backupchecks.env", "NoNewPrivileges=yes", "ProtectSystem=strict",
		"ReadWritePaths=/var/lib/backupchecks", "ProtectHome=yes", "PrivateTmp=yes", "PrivateDevices=yes",
		"RestrictSUIDSGID=yes", "CapabilityBoundingSet=", "KillSignal=SIGTERM", "Environment=GOMEMLIMIT=200MiB",
		"WantedBy=multi-user.target",
	} {
		if !strings.Contains(unit, "\n"+line+"\n") {
			t.Errorf("unit lacks %q", line)
		}
	}
	if strings.Contains(unit, "CAP_NET_BIND_SERVICE") {
		t.Error("unprivileged port got CAP_NET_BIND_SERVICE")
	}
	if !strings.Contains(out, "https://backup.example.test/") || !strings.Contains(out, "Installed backupchecks test-version") {
		t.Fatalf("output does not give the URL and version:\n%s", out)
	}
}

func TestInstallUpgradeKeepsSettings(t *testing.T) {
	root := t.TempDir()
	if out, code := runInstall(t, "--root", root, "--no-systemctl", "--binary", fakeBinary(t, "v1"), "--listen", "127.0.0.1:9090"); code != 0 {
		t.Fatal(out)
	}
	envFile := filepath.Join(root, "etc/backupchecks/backupchecks.env")
	f, _ := os.OpenFile(envFile, os.O_APPEND|os.O_WRONLY, 0)
	_, _ = f.WriteString("BACKUPCHECKS_LOG_FORMAT=json\n")
	f.Close()
	before := readFile(t, envFile)
	dataDir := filepath.Join(root, "var/lib/backupchecks")
	_ = os.Chmod(dataDir, 0o755)

	v2 := fakeBinary(t, "v2")
	out, code := runInstall(t, "--root", root, "--no-systemctl", "--binary", v2)
	if code != 0 || !strings.Contains(out, "Upgraded") {
		t.Fatalf("upgrade: exit %d\n%s", code, out)
	}
	if readFile(t, filepath.Join(root, "usr/local/bin/backupchecks")) != readFile(t, v2) {
		t.Fatal("binary not replaced")
	}
	if readFile(t, envFile) != before {
		t.Fatalf("upgrade changed the env file:\n%s", readFile(t, envFile))
	}
	if m := mode(t, dataDir); m != 0o700 {
		t.Fatalf("data dir mode %o after upgrade, want 0700 enforced", m)
	}
	if out, code := runInstall(t, "--root", root, "--no-systemctl", "--binary", v2, "--listen", ":443"); code != 0 {
		t.Fatal(out)
	}
	env := readFile(t, envFile)
	if !strings.Contains(env, "BACKUPCHECKS_LISTEN=:443\n") || strings.Contains(env, "9090") || !strings.Contains(env, "BACKUPCHECKS_LOG_FORMAT=json\n") {
		t.Fatalf("only the listen line should change:\n%s", env)
	}
	unit := readFile(t, filepath.Join(root, "etc/systemd/system/backupchecks.service"))
	if !strings.Contains(unit, "AmbientCapabilities=CAP_NET_BIND_SERVICE\n") {
		t.Fatal("port 443 needs CAP_NET_BIND_SERVICE")
	}
}

func TestInstallHelp(t *testing.T) {
	out, code := runInstall(t, "--help")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, opt := range []string{"--binary", "--listen", "--data", "--base-url", "--user", "--root", "--no-systemctl"} {
		if !strings.Contains(out, opt) {
			t.Errorf("help does not explain %s", opt)
		}
	}
}

func TestInstallRefusesUnknownOption(t *testing.T) {
	out, code := runInstall(t, "--frobnicate")
	if code != 2 || !strings.Contains(out, "unknown option: --frobnicate") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
}

func TestInstallNeedsRootWithoutRootDir(t *testing.T) {
	cmd := exec.Command("bash", "install.sh", "--no-systemctl", "--binary", "/nonexistent")
	if os.Geteuid() == 0 { // CI runs as root: run the script as nobody to see the refusal
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "run as root") {
		t.Fatalf("non-root install: %v\n%s", err, out)
	}
}
