// Package apitokens holds the tokens scripts and other tools use for the
// REST API: named, per user, read-only or read-write, with an expiry,
// shown once and stored only as a hash. A token acts with its user's role
// and never more.
package apitokens

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Scope is what a token may do.
type Scope string

const (
	Read      Scope = "read"       // GET only
	ReadWrite Scope = "read-write" // and what the user's role allows
)

// Token is one API token; the secret itself is never stored.
type Token struct {
	ID       uint64    `json:"id"`
	UserID   uint64    `json:"user_id"`
	Name     string    `json:"name"`
	Scope    Scope     `json:"scope"`
	Hash     []byte    `json:"hash"` // SHA-256 of the secret
	Created  time.Time `json:"created"`
	Expires  time.Time `json:"expires"`
	LastUsed time.Time `json:"last_used,omitzero"`
}

// Expired reports whether the token no longer works at now.
func (t Token) Expired(now time.Time) bool { return !now.Before(t.Expires) }

// CanWrite reports whether the token's scope allows changes.
func (t Token) CanWrite() bool { return t.Scope == ReadWrite }

// Lifetimes are the expiries offered, in days: a token lives a year at most.
var Lifetimes = []int{7, 30, 90, 180, 365}

// Errors of authentication, each a sentence for the API's client.
var (
	ErrMalformed = errors.New("the token is not a Backupchecks API token")
	ErrUnknown   = errors.New("the token is unknown or was revoked")
	ErrExpired   = errors.New("the token has expired; create a new one under Account → API tokens")
	ErrDisabled  = errors.New("the token's user is disabled")
)

// prefix starts every secret, so a leaked one is recognisable (secret
// scanners match it) and the ID inside finds the record without a scan.
const prefix = "bct_"

// newSecret makes the secret of token id: bct_<id>_<32 random bytes>.
func newSecret(id uint64) (string, []byte, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", nil, err
	}
	s := fmt.Sprintf("%s%d_%s", prefix, id, base64.RawURLEncoding.EncodeToString(b))
	return s, hash(s), nil
}

func hash(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

// idOf reads the token ID out of a secret.
func idOf(secret string) (uint64, error) {
	rest, ok := strings.CutPrefix(secret, prefix)
	if !ok {
		return 0, ErrMalformed
	}
	idText, random, ok := strings.Cut(rest, "_")
	if !ok || len(random) != 43 {
		return 0, ErrMalformed
	}
	id, err := strconv.ParseUint(idText, 10, 64)
	if err != nil || id == 0 {
		return 0, ErrMalformed
	}
	return id, nil
}

// matches compares a presented secret with the stored hash in constant time.
func (t Token) matches(secret string) bool {
	return subtle.ConstantTimeCompare(hash(secret), t.Hash) == 1
}
