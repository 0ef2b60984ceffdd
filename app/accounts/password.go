package accounts

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters (RFC 9106's second recommended option, memory lowered
// to 64 MiB so a small VM signs in quickly). Stored with each hash, so they
// can be raised later without breaking old hashes.
var hashParams = struct {
	time, memory uint32
	threads      uint8
}{time: 3, memory: 64 * 1024, threads: 2}

const minPasswordLen = 10

func checkPassword(pw string) error {
	if utf8.RuneCountInString(pw) < minPasswordLen {
		return invalid("password", fmt.Sprintf("Password must be at least %d characters.", minPasswordLen))
	}
	if len(pw) > 256 {
		return invalid("password", "Password must be at most 256 bytes.")
	}
	return nil
}

// HashPassword returns an encoded argon2id hash ("$argon2id$v=19$m=…,t=…,p=…$salt$hash").
func HashPassword(pw string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	p := hashParams
	sum := argon2.IDKey([]byte(pw), salt, p.time, p.memory, p.threads, 32)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.memory, p.time, p.threads,
		b64.EncodeToString(salt), b64.EncodeToString(sum)), nil
}

// VerifyPassword checks pw against an encoded hash in constant time.
func VerifyPassword(encoded, pw string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 || m > 1<<21 || t > 20 || p == 0 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is verified against when a username does not exist, so that a
// failed sign-in takes as long whether or not the user exists.
var dummyHash, _ = HashPassword("not-a-real-password-ever")

// UseFastHashesForTests lowers the argon2id cost so test suites that sign
// in hundreds of times stay quick. Hashes keep their format; only tests call it.
func UseFastHashesForTests() { hashParams.time, hashParams.memory = 1, 8*1024 }
