package accounts

import "testing"

// New hashes use OWASP's Argon2id parameters (m=19 MiB, t=2, p=1).
func TestNewHashesUseOWASPParameters(t *testing.T) {
	if owaspParams != (argonParams{time: 2, memory: 19 * 1024, threads: 1}) {
		t.Fatalf("parameters for new hashes: %+v", owaspParams)
	}
}
