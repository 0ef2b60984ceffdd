package accounts

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters for new hashes: OWASP's first recommendation
// (m=19 MiB, t=2, p=1). Every hash stores its own parameters, so hashes
// made earlier (m=64 MiB, t=3, p=2) keep verifying with theirs.
var hashParams = owaspParams

type argonParams struct {
	time, memory uint32
	threads      uint8
}

var owaspParams = argonParams{time: 2, memory: 19 * 1024, threads: 1}

// MaxConcurrentHashes bounds how many Argon2id computations run at once.
// Each holds its m (19 MiB now, 64 MiB for hashes made before) for its
// whole run, and the appliance has 256 MB and 2 cores: two at once is at
// most 128 MiB even with old hashes, and more would not finish sooner
// because the work is CPU-bound.
const MaxConcurrentHashes = 2

// HashWait is how long a sign-in waits for a free hashing slot before it
// is told to try again (ErrBusy) instead of queueing without end.
var HashWait = 3 * time.Second

// ErrBusy means every hashing slot stayed taken for HashWait.
var ErrBusy = errors.New("Backupchecks is busy checking other sign-ins. Try again in a few seconds.")

var (
	hashSlots = make(chan struct{}, MaxConcurrentHashes)
	// hashRunning/hashPeak/hashTotal let tests see the bound hold without
	// measuring memory.
	hashRunning, hashPeak, hashTotal atomic.Int64
	// hashHook, when set (tests only), runs inside a slot so concurrent
	// hashes overlap on any machine.
	hashHook func()
)

// HashStats reports the Argon2id computations running now, the most that
// ran at once since ResetHashStats, and how many ran since then.
func HashStats() (running, peak, total int64) {
	return hashRunning.Load(), hashPeak.Load(), hashTotal.Load()
}

// ResetHashStats zeroes the peak and the total (tests).
func ResetHashStats() { hashPeak.Store(0); hashTotal.Store(0) }

// SlowHashesForTests makes every hash also take d, so tests can see
// overlapping sign-ins being bounded; 0 turns it off.
func SlowHashesForTests(d time.Duration) {
	hashHook = nil
	if d > 0 {
		hashHook = func() { time.Sleep(d) }
	}
}

// withHashSlot runs f holding one of the MaxConcurrentHashes slots, or
// returns ErrBusy when none frees up within HashWait.
func withHashSlot(f func()) error {
	timer := time.NewTimer(HashWait)
	defer timer.Stop()
	select {
	case hashSlots <- struct{}{}:
	case <-timer.C:
		return ErrBusy
	}
	defer func() { <-hashSlots }()
	n := hashRunning.Add(1)
	defer hashRunning.Add(-1)
	hashTotal.Add(1)
	for p := hashPeak.Load(); n > p && !hashPeak.CompareAndSwap(p, n); p = hashPeak.Load() {
	}
	if hashHook != nil {
		hashHook()
	}
	f()
	return nil
}

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
// It waits for a hashing slot; ErrBusy when none frees up in time.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	p := hashParams
	var sum []byte
	if err := withHashSlot(func() { sum = argon2.IDKey([]byte(pw), salt, p.time, p.memory, p.threads, 32) }); err != nil {
		return "", err
	}
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.memory, p.time, p.threads,
		b64.EncodeToString(salt), b64.EncodeToString(sum)), nil
}

// VerifyPassword checks pw against an encoded hash in constant time, with
// the parameters stored in the hash. A busy appliance (ErrBusy) counts as
// a mismatch here; sign-in paths use checkHash to tell the two apart.
func VerifyPassword(encoded, pw string) bool {
	ok, err := checkHash(encoded, pw)
	return ok && err == nil
}

// checkHash is VerifyPassword that reports ErrBusy.
func checkHash(encoded, pw string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, nil
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false, nil
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 || m > 1<<21 || t > 20 || p == 0 {
		return false, nil
	}
	var got []byte
	if err := withHashSlot(func() { got = argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want))) }); err != nil {
		return false, err
	}
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// rehashed returns a hash of pw with the current parameters when encoded
// (just verified against pw) was made with other ones, so a sign-in moves
// an old 64 MiB hash to 19 MiB; "" when it is current, or when no hashing
// slot is free (the next sign-in tries again).
func rehashed(encoded, pw string) string {
	p := hashParams
	if strings.Contains(encoded, fmt.Sprintf("$m=%d,t=%d,p=%d$", p.memory, p.time, p.threads)) {
		return ""
	}
	h, err := HashPassword(pw)
	if err != nil {
		return ""
	}
	return h
}

// dummyHash is verified against when a username does not exist, so that a
// failed sign-in takes as long whether or not the user exists. It is a
// well-formed hash with the current parameters and random bytes: verifying
// against it costs a real verification, making it costs nothing. Built on
// first need (every command, even `version`, used to spend a full hash on
// it at program start).
var dummyHash = sync.OnceValue(func() string {
	dummyHashesMade.Add(1)
	b := make([]byte, 16+32)
	_, _ = rand.Read(b)
	p, b64 := hashParams, base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.memory, p.time, p.threads,
		b64.EncodeToString(b[:16]), b64.EncodeToString(b[16:]))
})

// dummyHashesMade counts dummyHash being built (tests: it must be lazy).
var dummyHashesMade atomic.Int64

// DummyHashMade reports whether the unknown-user hash has been built.
func DummyHashMade() bool { return dummyHashesMade.Load() > 0 }

// UseFastHashesForTests lowers the argon2id cost so test suites that sign
// in hundreds of times stay quick. Hashes keep their format; only tests call it.
func UseFastHashesForTests() { hashParams.time, hashParams.memory = 1, 8*1024 }
