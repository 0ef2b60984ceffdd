// Package testenv decides what a test does when a tool it needs (Chromium,
// shellcheck, Dovecot, the shared mail corpus) is missing: on a developer's
// machine the test is skipped, in CI (BACKUPCHECKS_STRICT_TESTS=1, set by
// .ci/run) it fails, so nothing that matters can silently skip there.
package testenv

import (
	"os"
	"os/exec"
	"testing"
)

// StrictVar is the environment variable .ci/run sets to make missing tools fatal.
const StrictVar = "BACKUPCHECKS_STRICT_TESTS"

// Strict reports whether missing test tools must fail the run.
func Strict() bool { return os.Getenv(StrictVar) == "1" }

// Missing skips the test, or fails it under Strict, explaining what is missing.
func Missing(t testing.TB, what string) {
	t.Helper()
	if Strict() {
		t.Fatalf("%s is required when %s=1: %s", what, StrictVar, "install it (see .ci/run)")
	}
	t.Skipf("%s not available; skipping (set %s=1 to make this fatal)", what, StrictVar)
}

// Executable returns the first of the candidate paths or command names that
// exists, or calls Missing.
func Executable(t testing.TB, candidates ...string) string {
	t.Helper()
	for _, c := range candidates {
		if p, err := exec.LookPath(c); err == nil {
			return p
		}
	}
	Missing(t, candidates[0])
	return ""
}
